import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.ts';
import type { StoredPackage, Store } from '../storage/index.ts';

/** What ARCHIVE_DIR gets beside the ZIP. */
type ExportedPackage = Pick<StoredPackage, 'snapshotId' | 'name' | 'pakbon'>;

/** The ZIP: a built file (copied by the kernel, never read into the heap) or, on a retry, the stored bytes. */
export type ZipSource = { file: string } | { bytes: Uint8Array };

/** Backoff between attempts: doubling from the first, capped (a share that is down for hours keeps being retried). */
const firstRetryMs = 1_000;
const maxRetryMs = 5 * 60_000;

/**
 * Writes every package to `ARCHIVE_DIR` (the zip and its pakbon beside it) for a document
 * management system to pick up. A write that fails is retried with backoff until it lands;
 * its state (attempts, last error) is stored, so the archive page shows it, and resumed
 * after a restart. Files appear whole: written under a temporary name, then renamed.
 */
export class ArchiveDirWriter {
  readonly #dir: string;
  readonly #store: Store;
  readonly #log: Logger;
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(dir: string, store: Store, log: Logger) {
    this.#dir = dir;
    this.#store = store;
    this.#log = log;
  }

  /**
   * Writes `pkg` (retrying in the background on failure, from the stored package); resolves
   * after the first attempt.
   */
  async write(pkg: ExportedPackage, zip: ZipSource, attempts = 0): Promise<void> {
    if (this.#closed) return;
    try {
      await mkdir(this.#dir, { recursive: true });
      await this.#writeWhole(`${pkg.name}.zip`, zip);
      await this.#writeWhole(`${pkg.name}.pakbon.xml`, pkg.pakbon);
      await this.#store.setExportStatus({ snapshotId: pkg.snapshotId, writtenAt: new Date(), attempts: attempts + 1, lastError: null });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#log.warn({ snapshotId: pkg.snapshotId, attempts: attempts + 1, err: error }, 'writing an archive package to ARCHIVE_DIR failed; retrying');
      await this.#store.setExportStatus({ snapshotId: pkg.snapshotId, writtenAt: null, attempts: attempts + 1, lastError: message.slice(0, 500) }).catch(() => {});
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        void this.#retry(pkg, attempts + 1);
      }, Math.min(maxRetryMs, firstRetryMs * 2 ** attempts));
      timer.unref();
      this.#timers.add(timer);
    }
  }

  async #retry(pkg: ExportedPackage, attempts: number): Promise<void> {
    const stored = await this.#store.getPackage(pkg.snapshotId).catch(() => undefined);
    // Not stored (yet, or the snapshot was deleted): the next start's resume picks it up if it is still due.
    if (stored) await this.write(pkg, { bytes: stored.zip }, attempts);
  }

  async #writeWhole(name: string, data: ZipSource | string): Promise<void> {
    const target = path.join(this.#dir, name);
    const temporary = `${target}.part`;
    if (typeof data === 'string') await writeFile(temporary, data);
    else if ('file' in data) await copyFile(data.file, temporary);
    else await writeFile(temporary, data.bytes);
    await rename(temporary, target);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
