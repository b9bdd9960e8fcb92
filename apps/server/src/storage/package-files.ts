import { copyFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Archive packages' ZIPs as files (`DATA_DIR/packages/<snapshot id>.zip`) beside the database,
 * which keeps their rows. The package process's file is moved (or copied by the kernel) into
 * place, so a large package never passes through the event loop; each appears whole (synced,
 * then renamed).
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

  /**
   * Takes over `file` as the package of `snapshotId`, synced, and returns its size: renamed
   * when it is on the same file system, else copied by the kernel (copy_file_range) and removed.
   */
  async adopt(snapshotId: string, file: string): Promise<number> {
    const target = this.#path(snapshotId);
    await mkdir(this.#dir, { recursive: true });
    const handle = await open(file, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(file, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const temporary = `${target}.part`;
      await copyFile(file, temporary);
      const copy = await open(temporary, 'r+');
      try {
        await copy.sync();
      } finally {
        await copy.close();
      }
      await rename(temporary, target);
      await rm(file, { force: true });
    }
    return (await stat(target)).size;
  }

  read(snapshotId: string): Promise<Buffer> {
    return readFile(this.#path(snapshotId));
  }

  async remove(snapshotId: string): Promise<void> {
    await rm(this.#path(snapshotId), { force: true });
  }
}
