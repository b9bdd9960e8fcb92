import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BoardLanguage } from '@koppelbord/contract';
import { SqliteAssetStore } from './sqlite-assets.ts';
import { migrateSqlite } from './migrations/index.ts';
import { SqliteInvites } from './sqlite-invites.ts';
import { SqliteVoting } from './sqlite-voting.ts';
import { insertAuditRow, SqliteSnapshots } from './sqlite-snapshots.ts';
import { isMissingRows } from './sequence.ts';
import { headSeqOfBoard, SqliteHeads } from './sqlite-heads.ts';
import type { AuditEntry, BoardRecord, LoggedUpdate, PendingWrite, Store, StoredDocument, StoredSnapshot, UpdatesAfter } from './types.ts';

interface BoardRow {
  id: string;
  title: string;
  municipality: string | null;
  neighbourhood: string | null;
  created_at: string;
  language: string;
}

export interface SqliteStoreOptions {
  /** `power-loss` fsyncs each commit (synchronous=FULL); the default survives a killed process. */
  durability: 'process-crash' | 'power-loss';
  /** Where archive packages' ZIPs are kept; default `packages/` beside the database. */
  packagesDir?: string;
}

/**
 * The embedded default store: one better-sqlite3 connection in WAL mode. Its calls are
 * synchronous underneath, so a whole group commit is one short transaction on the event loop.
 */
export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #snapshots: SqliteSnapshots;
  readonly #assets: SqliteAssetStore;
  readonly #invites: SqliteInvites;
  readonly #voting: SqliteVoting;
  readonly #renameTx: (boardId: string, title: string, audit: AuditEntry) => boolean;
  readonly #deleteBoardTx: (boardId: string, audit: AuditEntry) => boolean;
  readonly #insertBoard: Database.Statement<[string, string, string | null, string | null, string, string]>;
  readonly #selectBoard: Database.Statement<[string], BoardRow>;
  readonly #selectSnapshot: Database.Statement<[string], { state: Buffer; state_vector: Buffer; servable: number }>;
  readonly #heads: SqliteHeads;
  readonly #selectUpdatesAfter: Database.Statement<[string, number], { seq: number; data: Buffer }>;
  readonly #insertUpdate: Database.Statement<[string, number, Uint8Array, number]>;
  readonly #upsertSnapshot: Database.Statement<[string, Uint8Array, Uint8Array, number]>;
  readonly #deleteUpdate: Database.Statement<[string, number]>;
  readonly #raiseHead: Database.Statement<[number, string]>;
  readonly #appendAll: (batch: readonly PendingWrite[]) => AppendedBatch;
  readonly #compactTx: (boardId: string, snapshot: StoredSnapshot, seqs: readonly number[]) => void;
  readonly #createBoardTx: (board: BoardRecord, initialUpdate: Uint8Array) => void;
  readonly #loadTx: (boardId: string) => StoredDocument;
  readonly #readAfterTx: (boardId: string, afterSeq: number) => UpdatesAfter;

  static open(dataDir: string, options: SqliteStoreOptions): SqliteStore {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteStore(new Database(path.join(dataDir, 'koppelbord.sqlite')), options);
  }

  constructor(db: Database.Database, options: SqliteStoreOptions) {
    this.#db = db;
    // One process owns the database. Exclusive locking skips the shared-memory lock round
    // trips of every commit (set before the first access, the WAL index lives in process
    // memory), and a second server on the same DATA_DIR is refused instead of both keeping
    // diverging copies of the same boards in memory.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('busy_timeout = 5000');
    try {
      db.pragma('journal_mode = WAL');
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      db.close();
      throw new Error(`${db.name} is in use by another process (another Koppelbord server on the same DATA_DIR?)`, { cause: error });
    }
    // In WAL mode NORMAL still survives a killed process (the write reached the OS);
    // FULL also survives power loss at the price of an fsync per commit.
    db.pragma(`synchronous = ${options.durability === 'power-loss' ? 'FULL' : 'NORMAL'}`);
    // Page cache 8 MiB instead of better-sqlite3's 16 MiB: the cache only grows, up to this
    // limit, until releaseMemory empties it (pnpm soak). 8 MiB holds a large board's snapshot
    // while it is read whole at load: with SQLite's default 2 MiB a cold join of the 3.8 MB
    // cold-join-5000 board cost ~590 instead of ~450 ms of CPU (pnpm bench).
    db.pragma('cache_size = -8000');
    // Schema versions: migrations/sqlite-steps.ts. A refused or failed upgrade lets go of the
    // file (and its exclusive lock) before it throws.
    try {
      migrateSqlite(db);
    } catch (error) {
      db.close();
      throw error;
    }

    this.#snapshots = new SqliteSnapshots(db, options.packagesDir ?? path.join(path.dirname(db.name), 'packages'));
    this.#assets = new SqliteAssetStore(db);
    this.#invites = new SqliteInvites(db);
    this.#voting = new SqliteVoting(db);
    this.#renameTx = db.transaction((boardId: string, title: string, audit: AuditEntry) => {
      if (db.prepare('UPDATE boards SET title = ? WHERE id = ?').run(title, boardId).changes === 0) return false;
      insertAuditRow(db, audit);
      return true;
    });
    this.#deleteBoardTx = db.transaction((boardId: string, audit: AuditEntry) => {
      if (db.prepare('DELETE FROM boards WHERE id = ?').run(boardId).changes === 0) return false;
      const bySnapshot = 'WHERE snapshot_id IN (SELECT id FROM snapshots WHERE board_id = ?)';
      db.prepare(`DELETE FROM snapshot_packages ${bySnapshot}`).run(boardId);
      db.prepare(`DELETE FROM archive_exports ${bySnapshot}`).run(boardId);
      for (const table of ['snapshots', 'doc_updates', 'doc_snapshots', 'assets', 'invites', 'voting_rounds', 'ballots']) {
        db.prepare(`DELETE FROM ${table} WHERE board_id = ?`).run(boardId);
      }
      // The audit log stays: who deleted the board, and what was done before, must remain known.
      insertAuditRow(db, audit);
      return true;
    });
    this.#insertBoard = db.prepare(
      // head_seq 1: the seeded document is the board's first log row.
      'INSERT INTO boards (id, title, municipality, neighbourhood, created_at, language, head_seq) VALUES (?, ?, ?, ?, ?, ?, 1)',
    );
    this.#selectBoard = db.prepare('SELECT id, title, municipality, neighbourhood, created_at, language FROM boards WHERE id = ?');
    this.#selectSnapshot = db.prepare('SELECT state, state_vector, servable FROM doc_snapshots WHERE board_id = ?');
    this.#heads = new SqliteHeads(db);
    this.#selectUpdatesAfter = db.prepare('SELECT seq, data FROM doc_updates WHERE board_id = ? AND seq > ? ORDER BY seq');
    this.#insertUpdate = db.prepare('INSERT INTO doc_updates (board_id, seq, data, created_at) VALUES (?, ?, ?, ?)');
    this.#upsertSnapshot = db.prepare(
      `INSERT INTO doc_snapshots (board_id, state, state_vector, updated_at, servable) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (board_id) DO UPDATE SET
         state = excluded.state, state_vector = excluded.state_vector, updated_at = excluded.updated_at, servable = 1`,
    );
    this.#deleteUpdate = db.prepare('DELETE FROM doc_updates WHERE board_id = ? AND seq = ?');
    this.#raiseHead = db.prepare('UPDATE boards SET head_seq = MAX(head_seq, ?) WHERE id = ?');

    // One writer per database (exclusive locking), so the next seq is the cached head + 1
    // (sqlite-heads.ts): seq order is commit order without locking the board row, which
    // PostgreSQL needs for its several writers (pg-store.ts).
    this.#appendAll = db.transaction((batch: readonly PendingWrite[]) => {
      const now = Date.now();
      const heads = new Map<string, number>();
      const seqs = batch.map((write) => {
        const head = heads.get(write.boardId) ?? this.#heads.get(write.boardId);
        // No board row: deleted while this update waited. Nothing to append it to.
        if (head === undefined) return 0;
        this.#insertUpdate.run(write.boardId, head + 1, write.data, now);
        heads.set(write.boardId, head + 1);
        return head + 1;
      });
      return { seqs, heads };
    });
    this.#createBoardTx = db.transaction((board: BoardRecord, initialUpdate: Uint8Array) => {
      this.#insertBoard.run(board.id, board.title, board.municipality, board.neighbourhood, board.createdAt.toISOString(), board.language);
      this.#insertUpdate.run(board.id, 1, initialUpdate, board.createdAt.getTime());
    });
    this.#compactTx = db.transaction((boardId: string, snapshot: StoredSnapshot, seqs: readonly number[]) => {
      this.#upsertSnapshot.run(boardId, snapshot.state, snapshot.stateVector, Date.now());
      let highest = 0;
      for (const seq of seqs) {
        this.#deleteUpdate.run(boardId, seq);
        highest = Math.max(highest, seq);
      }
      // The rows no longer say how far the log went; the board row does (sqlite-heads.ts).
      this.#raiseHead.run(highest, boardId);
    });
    // Head, snapshot and rows in one transaction, so a concurrent compaction cannot fall between them.
    this.#loadTx = db.transaction((boardId: string) => {
      const headSeq = this.#heads.get(boardId) ?? 0;
      const snapshot = this.#selectSnapshot.get(boardId);
      const updates = this.#selectUpdatesAfter.all(boardId, 0).map(toLogged);
      return { snapshot: snapshot ? { state: snapshot.state, stateVector: snapshot.state_vector, servable: snapshot.servable === 1 } : null, updates, headSeq };
    });
    this.#readAfterTx = db.transaction((boardId: string, afterSeq: number) => {
      const headSeq = this.#heads.get(boardId) ?? 0;
      const updates = this.#selectUpdatesAfter.all(boardId, afterSeq).map(toLogged);
      let snapshot: StoredSnapshot | null = null;
      if (isMissingRows(afterSeq, headSeq, updates)) {
        const row = this.#selectSnapshot.get(boardId);
        snapshot = row ? { state: row.state, stateVector: row.state_vector } : null;
      }
      return { headSeq, updates, snapshot };
    });
  }

  async createBoard(board: BoardRecord, initialUpdate: Uint8Array): Promise<void> {
    this.#createBoardTx(board, initialUpdate);
    this.#heads.forget(board.id);
  }

  async getBoard(id: string): Promise<BoardRecord | undefined> {
    const row = this.#selectBoard.get(id);
    return row && toBoard(row);
  }

  async listBoards(): Promise<BoardRecord[]> {
    const rows = this.#db.prepare('SELECT id, title, municipality, neighbourhood, created_at, language FROM boards ORDER BY created_at').all() as BoardRow[];
    return rows.map(toBoard);
  }

  async loadDocument(boardId: string): Promise<StoredDocument> {
    return this.#loadTx(boardId);
  }

  appendUpdates(batch: readonly PendingWrite[]): number[] {
    const { seqs, heads } = batch.length === 1 ? this.#appendOne(batch[0]!) : this.#appendAll(batch);
    // Committed: only now may the cache move on.
    for (const [boardId, seq] of heads) this.#heads.set(boardId, seq);
    return seqs;
  }

  /** One update, the common case at low rates: one INSERT is a transaction of its own, without BEGIN and COMMIT statements. */
  #appendOne(write: PendingWrite): AppendedBatch {
    const head = this.#heads.get(write.boardId);
    if (head === undefined) return { seqs: [0], heads: new Map() };
    this.#insertUpdate.run(write.boardId, head + 1, write.data, Date.now());
    return { seqs: [head + 1], heads: new Map([[write.boardId, head + 1]]) };
  }

  async compact(boardId: string, snapshot: StoredSnapshot, mergedSeqs: readonly number[]): Promise<void> {
    this.#compactTx(boardId, snapshot, mergedSeqs);
  }

  async readUpdatesAfter(boardId: string, afterSeq: number): Promise<UpdatesAfter> {
    return this.#readAfterTx(boardId, afterSeq);
  }

  async headSequences(boardIds: readonly string[]): Promise<Map<string, number>> {
    // One statement for any number of ids: the list goes in as one JSON parameter.
    const rows = this.#db.prepare(`SELECT id, ${headSeqOfBoard} AS head_seq FROM boards WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(boardIds)) as { id: string; head_seq: number }[];
    return new Map(rows.map((row) => [row.id, row.head_seq]));
  }

  // Snapshots, packages and the audit log: see sqlite-snapshots.ts.
  insertSnapshot: Store['insertSnapshot'] = (snapshot) => this.#snapshots.insertSnapshot(snapshot);
  listSnapshots: Store['listSnapshots'] = (boardId) => this.#snapshots.listSnapshots(boardId);
  getSnapshotMeta: Store['getSnapshotMeta'] = (boardId, snapshotId) => this.#snapshots.getSnapshotMeta(boardId, snapshotId);
  latestSnapshotMeta: Store['latestSnapshotMeta'] = (boardId, kind) => this.#snapshots.latestSnapshotMeta(boardId, kind);
  getSnapshot: Store['getSnapshot'] = (boardId, snapshotId) => this.#snapshots.getSnapshot(boardId, snapshotId);
  deleteSnapshot: Store['deleteSnapshot'] = (boardId, snapshotId, audit) => this.#snapshots.deleteSnapshot(boardId, snapshotId, audit);
  deleteVersions: Store['deleteVersions'] = (boardId, ids) => this.#snapshots.deleteVersions(boardId, ids);
  insertPackage: Store['insertPackage'] = (pkg, exportPending) => this.#snapshots.insertPackage(pkg, exportPending);
  pendingExports: Store['pendingExports'] = () => this.#snapshots.pendingExports();
  getPackage: Store['getPackage'] = (snapshotId) => this.#snapshots.getPackage(snapshotId);
  packageInfo: Store['packageInfo'] = (ids) => this.#snapshots.packageInfo(ids);
  snapshotsWithoutPackage: Store['snapshotsWithoutPackage'] = () => this.#snapshots.snapshotsWithoutPackage();
  setExportStatus: Store['setExportStatus'] = (status) => this.#snapshots.setExportStatus(status);
  exportStatuses: Store['exportStatuses'] = (ids) => this.#snapshots.exportStatuses(ids);
  appendAudit: Store['appendAudit'] = (entry) => this.#snapshots.appendAudit(entry);
  listAudit: Store['listAudit'] = (boardId) => this.#snapshots.listAudit(boardId);
  listAuditAfter: Store['listAuditAfter'] = (afterId, limit) => this.#snapshots.listAuditAfter(afterId, limit);
  lastAuditId: Store['lastAuditId'] = () => this.#snapshots.lastAuditId();

  // Invites: see sqlite-invites.ts.
  createInvites: Store['createInvites'] = (invites, audit) => this.#invites.createInvites(invites, audit);
  getInvite: Store['getInvite'] = (id) => this.#invites.getInvite(id);
  listInvites: Store['listInvites'] = (boardId) => this.#invites.listInvites(boardId);
  revokeInvite: Store['revokeInvite'] = (boardId, id, at, audit) => this.#invites.revokeInvite(boardId, id, at, audit);
  setInviteRole: Store['setInviteRole'] = (boardId, id, role, audit) => this.#invites.setInviteRole(boardId, id, role, audit);
  rotateOwnerInvite: Store['rotateOwnerInvite'] = (boardId, next, audit) => this.#invites.rotateOwnerInvite(boardId, next, audit);
  recordInviteUse: Store['recordInviteUse'] = (id, at) => this.#invites.recordInviteUse(id, at);

  // Voting rounds and ballots: see sqlite-voting.ts.
  openRound: Store['openRound'] = (round, maxRounds, audit) => this.#voting.openRound(round, maxRounds, audit);
  listRounds: Store['listRounds'] = (boardId) => this.#voting.listRounds(boardId);
  getRound: Store['getRound'] = (boardId, roundId) => this.#voting.getRound(boardId, roundId);
  closeRound: Store['closeRound'] = (boardId, roundId, at, reveal, audit) => this.#voting.closeRound(boardId, roundId, at, reveal, audit);
  putBallot: Store['putBallot'] = (boardId, ballot) => this.#voting.putBallot(boardId, ballot);
  getBallot: Store['getBallot'] = (roundId, participantId) => this.#voting.getBallot(roundId, participantId);
  listBallots: Store['listBallots'] = (roundId) => this.#voting.listBallots(roundId);
  ballotCounts: Store['ballotCounts'] = (boardId) => this.#voting.ballotCounts(boardId);

  async renameBoard(boardId: string, title: string, audit: AuditEntry): Promise<boolean> {
    return this.#renameTx(boardId, title, audit);
  }

  async deleteBoard(boardId: string, audit: AuditEntry): Promise<boolean> {
    const snapshotIds = (this.#db.prepare('SELECT id FROM snapshots WHERE board_id = ?').all(boardId) as { id: string }[]).map((row) => row.id);
    const deleted = this.#deleteBoardTx(boardId, audit);
    this.#heads.forget(boardId);
    if (deleted) await this.#snapshots.removeFilesOf(snapshotIds);
    return deleted;
  }

  putAsset: Store['putAsset'] = (asset) => this.#assets.putAsset(asset);
  getAsset: Store['getAsset'] = (boardId, sha256) => this.#assets.getAsset(boardId, sha256);

  /** Empties the page cache (it never shrinks by itself); the next load reads from the OS cache. */
  releaseMemory(): void {
    this.#heads.clear();
    if (this.#db.open) this.#db.pragma('shrink_memory');
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

/** What a commit wrote: each update's seq (0: its board is gone), and each board's new head. */
interface AppendedBatch {
  seqs: number[];
  heads: Map<string, number>;
}

const toLogged = (row: { seq: number; data: Buffer }): LoggedUpdate => ({ seq: row.seq, data: row.data });

const toBoard = (row: BoardRow): BoardRecord => ({
  id: row.id,
  title: row.title,
  municipality: row.municipality,
  neighbourhood: row.neighbourhood,
  language: row.language as BoardLanguage,
  createdAt: new Date(row.created_at),
});
