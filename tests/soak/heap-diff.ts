/**
 * `node --experimental-strip-types tests/soak/heap-diff.ts A.heapsnapshot B.heapsnapshot`:
 * what B holds that A did not, by constructor (object count and self size), plus the
 * objects the soak looks for by name (BoardRoom, Doc, Awareness, SyncConnection, WebSocket,
 * Socket, Timeout, Map, Set). Snapshots come from `pnpm soak -- --heap-snapshots=DIR`; a
 * snapshot is taken after a full GC, so it holds only what is reachable.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

interface Group {
  count: number;
  size: number;
}

function groups(file: string): { byName: Map<string, Group>; total: Group } {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const byName = new Map<string, Group>();
  const total = { count: 0, size: 0 };
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt]!]!;
    const rawName = data.strings[data.nodes[i + nameAt]!] ?? '';
    // Strings, code and numbers are grouped by type; objects by constructor name.
    const name = type === 'object' || type === 'closure' || type === 'native' ? `${type === 'object' ? '' : `(${type}) `}${rawName.slice(0, 80)}` : `(${type})`;
    const size = data.nodes[i + sizeAt]!;
    const group = byName.get(name) ?? { count: 0, size: 0 };
    group.count++;
    group.size += size;
    byName.set(name, group);
    total.count++;
    total.size += size;
  }
  return { byName, total };
}

const [fileA, fileB] = process.argv.slice(2);
if (!fileA || !fileB) {
  process.stderr.write('usage: heap-diff.ts A.heapsnapshot B.heapsnapshot\n');
  process.exit(2);
}
const a = groups(fileA);
const b = groups(fileB);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
process.stdout.write(`A: ${a.total.count} objects, ${kib(a.total.size)}; B: ${b.total.count} objects, ${kib(b.total.size)}; B − A: ${b.total.count - a.total.count} objects, ${kib(b.total.size - a.total.size)}\n\n`);

const names = new Set([...a.byName.keys(), ...b.byName.keys()]);
const deltas = [...names]
  .map((name) => {
    const before = a.byName.get(name) ?? { count: 0, size: 0 };
    const after = b.byName.get(name) ?? { count: 0, size: 0 };
    return { name, count: after.count - before.count, size: after.size - before.size, after };
  })
  .sort((x, y) => Math.abs(y.size) - Math.abs(x.size));
process.stdout.write('Largest changes in self size (B − A):\n');
for (const d of deltas.slice(0, 25)) process.stdout.write(`  ${d.name.padEnd(50)} ${String(d.count).padStart(8)} objects ${kib(d.size).padStart(12)}   (B: ${d.after.count}, ${kib(d.after.size)})\n`);

const watched = ['BoardRoom', 'Doc', 'Awareness', 'SyncConnection', 'WebSocket', 'WebSocketServer', 'Socket', 'Timeout', 'TimersList', 'Map', 'Set', 'Item', 'ContentString', 'ContentAny', 'Buffer', 'Uint8Array', 'ArrayBuffer', 'Promise'];
process.stdout.write('\nWatched constructors (A → B objects):\n');
for (const name of watched) {
  const before = a.byName.get(name)?.count ?? 0;
  const after = b.byName.get(name)?.count ?? 0;
  process.stdout.write(`  ${name.padEnd(16)} ${String(before).padStart(7)} → ${String(after).padStart(7)}\n`);
}
