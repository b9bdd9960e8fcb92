/**
 * SQLite update-log layouts for the storage benchmarks (sqlite-commit-layouts.ts,
 * storage-latency.ts): a database with the store's pragmas, the log's schemas, and the commit
 * as the store made it before 4 December, kept here as the reference the store is measured against.
 */
import Database from 'better-sqlite3';

export const boardsTable = 'CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, head_seq INTEGER NOT NULL DEFAULT 0) STRICT;';
export const rowidLog = 'CREATE TABLE doc_updates (board_id TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (board_id, seq)) STRICT;';
export const withoutRowidLog = `${rowidLog.slice(0, -1)}, WITHOUT ROWID;`;
export const insertUpdateSql = 'INSERT INTO doc_updates (board_id, seq, data, created_at) VALUES (?, ?, ?, ?)';

/** A database file with the store's pragmas (sqlite-store.ts) and `boards` plus the given log. */
export function openLayout(file: string, log: string, options: { checkpoints?: boolean } = {}): Database.Database {
  const db = new Database(file);
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -8000');
  if (options.checkpoints === false) db.pragma('wal_autocheckpoint = 0');
  db.exec(`${boardsTable}\n${log}`);
  return db;
}

/** The commit before 4 December: the board row's head_seq raised (`UPDATE … RETURNING`), then the row inserted, in BEGIN … COMMIT. */
export function raisingBoardRow(db: Database.Database): (writes: readonly { boardId: string; data: Uint8Array }[]) => number[] {
  const takeSeq = db.prepare<[string], { head_seq: number }>('UPDATE boards SET head_seq = head_seq + 1 WHERE id = ? RETURNING head_seq');
  const insert = db.prepare(insertUpdateSql);
  return db.transaction((writes: readonly { boardId: string; data: Uint8Array }[]) =>
    writes.map((write) => {
      const seq = takeSeq.get(write.boardId)!.head_seq;
      insert.run(write.boardId, seq, write.data, Date.now());
      return seq;
    }),
  );
}
