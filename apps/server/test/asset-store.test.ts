import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CREATE_ASSETS_TABLE, SqliteAssetStore } from '../src/storage/index.ts';

describe('SqliteAssetStore', () => {
  it('stores and returns an asset; a second put of the same key keeps the first', async () => {
    const db = new Database(':memory:');
    db.exec(CREATE_ASSETS_TABLE);
    const store = new SqliteAssetStore(db);
    const data = new Uint8Array([1, 2, 3]);
    await store.putAsset({ boardId: 'b', sha256: 'h', mimeType: 'image/png', data });
    await store.putAsset({ boardId: 'b', sha256: 'h', mimeType: 'image/gif', data: new Uint8Array([9]) });
    expect(await store.getAsset('b', 'h')).toEqual({ mimeType: 'image/png', data });
    expect(await store.getAsset('other-board', 'h')).toBeUndefined();
    expect(db.prepare('SELECT bytes FROM assets').all()).toEqual([{ bytes: 3 }]);
    db.close();
  });
});
