import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Archive packages' ZIPs as files (`DATA_DIR/packages/<snapshot id>.zip`) beside the database,
 * which keeps their rows. Written through the OS's thread pool, so a large package never holds
 * up the event loop; each appears whole (written under a temporary name, synced, renamed).
 */
export class PackageFiles {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  #path(snapshotId: string): string {
    // Snapshot ids are server-made UUIDs; anything else never becomes a path.
    if (!/^[0-9a-f-]{36}$/.test(snapshotId)) throw new Error(`not a snapshot id: ${snapshotId}`);
    return path.join(this.#dir, `${snapshotId}.zip`);
  }

  async write(snapshotId: string, zip: Uint8Array): Promise<void> {
    const target = this.#path(snapshotId);
    await mkdir(this.#dir, { recursive: true });
    const temporary = `${target}.part`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(zip);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  }

  read(snapshotId: string): Promise<Buffer> {
    return readFile(this.#path(snapshotId));
  }

  async remove(snapshotId: string): Promise<void> {
    await rm(this.#path(snapshotId), { force: true });
  }
}
