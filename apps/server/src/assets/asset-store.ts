import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** One image of a board, addressed by the SHA-256 of its bytes. */
export interface StoredAsset {
  mimeType: string;
  data: Uint8Array;
}

/**
 * Where board images live. Content-addressed per board: the same bytes uploaded twice are
 * one row, and a stored asset never changes (so it can be cached forever).
 */
export interface AssetStore {
  /** Stores the asset; a second put of the same `(boardId, sha256)` changes nothing. */
  putAsset(asset: { boardId: string; sha256: string; mimeType: string; data: Uint8Array }): Promise<void>;
  getAsset(boardId: string, sha256: string): Promise<StoredAsset | undefined>;
}

/**
 * The assets table. Exported so the store's own migration can take it over: the table does
 * not depend on anything else in the database.
 */
export const CREATE_ASSETS_TABLE = `
CREATE TABLE IF NOT EXISTS assets (
  board_id   TEXT    NOT NULL,
  sha256     TEXT    NOT NULL,
  mime_type  TEXT    NOT NULL,
  bytes      INTEGER NOT NULL,
  data       BLOB    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, sha256)
) STRICT;
`;

/** The assets table in a better-sqlite3 database it is handed (it does not own the connection). */
export class SqliteAssetStore implements AssetStore {
  readonly #insert: Database.Statement<[string, string, string, number, Uint8Array, number]>;
  readonly #select: Database.Statement<[string, string], { mime_type: string; data: Buffer }>;

  constructor(db: Database.Database) {
    db.exec(CREATE_ASSETS_TABLE);
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

/**
 * Until the board store holds the assets table itself: a database file of its own next to
 * the store's (the store locks its file exclusively, so a second connection to it would wait).
 */
export function openAssetDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'assets.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
