import { zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  path: string;
  data: Uint8Array;
}

/** Formats that are compressed already: stored, not deflated again. */
const stored = /\.(png|pdf)$/i;

/**
 * A deterministic ZIP: entries in path order, every mtime the freeze moment, fixed
 * compression per type. ZIP keeps DOS local times, and fflate reads a Date's local fields;
 * a Date whose local fields are the moment's UTC fields makes the bytes the same whatever
 * the server's time zone.
 */
export function deterministicZip(entries: readonly ZipEntry[], frozenAt: Date): Uint8Array {
  const m = frozenAt;
  const mtime = new Date(m.getUTCFullYear(), m.getUTCMonth(), m.getUTCDate(), m.getUTCHours(), m.getUTCMinutes(), m.getUTCSeconds());
  const files: Zippable = {};
  for (const entry of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    files[entry.path] = [entry.data, { mtime, level: stored.test(entry.path) ? 0 : 6 }];
  }
  return zipSync(files);
}
