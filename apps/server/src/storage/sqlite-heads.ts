import type Database from 'better-sqlite3';

/**
 * A board's head seq as SQLite stores it: the larger of `boards.head_seq` and the board's
 * highest log row. The rows say how far the log went; `head_seq` is raised only when
 * compaction deletes rows (`SqliteStore.compact`), so it still covers seqs no row holds.
 * A commit therefore writes only its log rows, not the board row too: one B-tree page
 * instead of three (`tests/bench/storage-latency.ts` measures both).
 */
export const headSeqOfBoard = 'MAX(boards.head_seq, COALESCE((SELECT MAX(seq) FROM doc_updates WHERE doc_updates.board_id = boards.id), 0))';

/**
 * The head seq of each board the store has written to, kept in memory after its first read.
 * One process owns the database (exclusive locking), so the cached head is the stored one
 * once read; callers set a head only after the transaction that wrote it has committed.
 */
export class SqliteHeads {
  readonly #select: Database.Statement<[string], { head_seq: number }>;
  readonly #heads = new Map<string, number>();

  constructor(db: Database.Database) {
    this.#select = db.prepare(`SELECT ${headSeqOfBoard} AS head_seq FROM boards WHERE id = ?`);
  }

  /** The board's head seq; undefined when the board does not exist. */
  get(boardId: string): number | undefined {
    const cached = this.#heads.get(boardId);
    if (cached !== undefined) return cached;
    const stored = this.#select.get(boardId)?.head_seq;
    if (stored !== undefined) this.#heads.set(boardId, stored);
    return stored;
  }

  /** The board's log now ends at `seq` (committed). */
  set(boardId: string, seq: number): void {
    this.#heads.set(boardId, seq);
  }

  /** The board was created or deleted: read it again when asked. */
  forget(boardId: string): void {
    this.#heads.delete(boardId);
  }

  clear(): void {
    this.#heads.clear();
  }
}
