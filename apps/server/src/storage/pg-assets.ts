import type pg from 'pg';
import type { AssetStore, StoredAsset } from './types.ts';

/** Board images on the store's pool. */
export class PgAssets implements AssetStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async putAsset(asset: { boardId: string; sha256: string; mimeType: string; data: Uint8Array }): Promise<void> {
    // Same bytes, same key: the first row stays (idempotent upload, immutable content).
    await this.#pool.query('INSERT INTO assets (board_id, sha256, mime_type, bytes, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      asset.boardId,
      asset.sha256,
      asset.mimeType,
      asset.data.byteLength,
      asset.data,
    ]);
  }

  async getAsset(boardId: string, sha256: string): Promise<StoredAsset | undefined> {
    const { rows } = await this.#pool.query<{ mime_type: string; data: Buffer }>('SELECT mime_type, data FROM assets WHERE board_id = $1 AND sha256 = $2', [boardId, sha256]);
    const row = rows[0];
    return row && { mimeType: row.mime_type, data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) };
  }
}
