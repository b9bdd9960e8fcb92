import type Database from 'better-sqlite3';
import type { AssetStore, StoredAsset } from './types.ts';

/** The assets table on the store's connection (it does not own the connection). */
export class SqliteAssetStore implements AssetStore {
  readonly #insert: Database.Statement<[string, string, string, number, Uint8Array, number]>;
  readonly #select: Database.Statement<[string, string], { mime_type: string; data: Buffer }>;

  constructor(db: Database.Database) {
    // Same bytes, same key: the first row stays (idempotent upload, immutable content).
    this.#insert = db.prepare('INSERT OR IGNORE INTO assets (board_id, sha256, mime_type, bytes, data, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.#select = db.prepare('SELECT mime_type, data FROM assets WHERE board_id = ? AND sha256 = ?');
  }

  putAsset(asset: { boardId: string; sha256: string; mimeType: string; data: Uint8Array }): Promise<void> {
    this.#insert.run(asset.boardId, asset.sha256, asset.mimeType, asset.data.byteLength, asset.data, Date.now());
    return Promise.resolve();
  }

  getAsset(boardId: string, sha256: string): Promise<StoredAsset | undefined> {
    const row = this.#select.get(boardId, sha256);
    return Promise.resolve(row ? { mimeType: row.mime_type, data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) } : undefined);
  }
}
