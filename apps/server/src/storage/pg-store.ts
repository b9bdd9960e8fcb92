import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import * as Y from 'yjs';
import type { BoardLanguage } from '@koppelbord/contract';
import { migratePg } from './migrations/index.ts';
import { createPool, inTransaction, loadPg, redactUrl } from './pg-client.ts';
import { PgAssets } from './pg-assets.ts';
import { PgInvites } from './pg-invites.ts';
import { PgVoting } from './pg-voting.ts';
import { insertAudit, PgSnapshots } from './pg-snapshots.ts';
import { isMissingRows } from './sequence.ts';
import type { AuditEntry, BoardRecord, LoggedUpdate, PendingWrite, Store, StoredDocument, StoredSnapshot, UpdatesAfter } from './types.ts';

export interface PgStoreOptions {
  /** Most connections this process opens (`DATABASE_POOL_SIZE`). */
  poolSize: number;
  /** `DATABASE_CONNECT_TIMEOUT_MS`; default 5 s. */
  connectTimeoutMs?: number;
  /** `DATABASE_QUERY_TIMEOUT_MS`; default 30 s. */
  queryTimeoutMs?: number;
  /** An idle connection failed (the database restarted, say); the pool replaces it. Default: ignored. */
  onConnectionError?: (error: Error) => void;
}

interface BoardRow {
  id: string;
  title: string;
  municipality: string | null;
  neighbourhood: string | null;
  created_at: Date;
  language: string;
}

/** Rows per INSERT of the log: far below PostgreSQL's 65535 parameters. */
const insertChunk = 1_000;

/**
 * The store on PostgreSQL, for several instances on one database. Same contract and
 * semantics as the SQLite store: every write is one transaction, committed (durable, with
 * PostgreSQL's default synchronous_commit) before the call resolves.
 *
 * Seqs are taken under the board row's lock (`UPDATE boards SET head_seq = head_seq + n …
 * RETURNING`), held until commit: two instances writing one board queue on that row, so per
 * board seq order is commit order and has no holes. A batch locks its boards in id order,
 * so two batches never wait on each other in a circle.
 */
export class PgStore implements Store {
  readonly #pool: pg.Pool;
  /** This process's mark on the snapshots it writes (see `compact`). */
  readonly #writer = randomUUID();
  readonly #snapshots: PgSnapshots;
  readonly #invites: PgInvites;
  readonly #voting: PgVoting;
  readonly #assets: PgAssets;
  #closing: Promise<void> | undefined;

  /** Connects, brings the schema up to date (migrations/pg-steps.ts), and returns the store. */
  static async open(url: string, options: PgStoreOptions): Promise<PgStore> {
    const pool = createPool(url, {
      poolSize: options.poolSize,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      queryTimeoutMs: options.queryTimeoutMs ?? 30_000,
      onError: options.onConnectionError ?? (() => {}),
    });
    const migrations = new (loadPg().Client)({ connectionString: url, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000, application_name: 'koppelbord-migrations' });
    try {
      await migrations.connect();
      await migratePg(migrations);
    } catch (error) {
      await pool.end();
      // pg's own messages never hold the password; the URL in ours is masked.
      throw new Error(`could not open the PostgreSQL store at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
    } finally {
      await migrations.end().catch(() => {});
    }
    return new PgStore(pool);
  }

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#snapshots = new PgSnapshots(pool);
    this.#invites = new PgInvites(pool);
    this.#voting = new PgVoting(pool);
    this.#assets = new PgAssets(pool);
  }

  async createBoard(board: BoardRecord, initialUpdate: Uint8Array): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      // head_seq 1: the seeded document is the board's first log row.
      await client.query('INSERT INTO boards (id, title, municipality, neighbourhood, language, created_at, head_seq) VALUES ($1, $2, $3, $4, $5, $6, 1)', [
        board.id,
        board.title,
        board.municipality,
        board.neighbourhood,
        board.language,
        board.createdAt,
      ]);
      await client.query('INSERT INTO doc_updates (board_id, seq, data, created_at) VALUES ($1, 1, $2, $3)', [board.id, initialUpdate, board.createdAt]);
    });
  }

  async getBoard(id: string): Promise<BoardRecord | undefined> {
    const { rows } = await this.#pool.query<BoardRow>('SELECT id, title, municipality, neighbourhood, created_at, language FROM boards WHERE id = $1', [id]);
    return rows[0] && toBoard(rows[0]);
  }

  async listBoards(): Promise<BoardRecord[]> {
    const { rows } = await this.#pool.query<BoardRow>('SELECT id, title, municipality, neighbourhood, created_at, language FROM boards ORDER BY created_at, id');
    return rows.map(toBoard);
  }

  async loadDocument(boardId: string): Promise<StoredDocument> {
    // One snapshot of the database for head, compacted state and rows: a compaction that
    // commits meanwhile cannot make the rows it merged vanish from between them.
    return inTransaction(
      this.#pool,
      async (client) => {
        const headSeq = await selectHead(client, boardId);
        const snapshot = await selectSnapshot(client, boardId);
        const updates = await selectUpdatesAfter(client, boardId, 0);
        // Every snapshot this store writes may be served as stored (see BoardStore.compact).
        return { snapshot: snapshot && { ...snapshot, servable: true }, updates, headSeq };
      },
      { repeatable: true },
    );
  }

  async appendUpdates(batch: readonly PendingWrite[]): Promise<number[]> {
    if (batch.length === 0) return [];
    const boardId = batch[0]!.boardId;
    if (batch.length <= insertChunk && batch.every((write) => write.boardId === boardId)) return this.#appendToOneBoard(boardId, batch);
    const counts = new Map<string, number>();
    for (const write of batch) counts.set(write.boardId, (counts.get(write.boardId) ?? 0) + 1);
    return inTransaction(this.#pool, async (client) => {
      // The next seq to hand out per board; absent: no such board (deleted meanwhile).
      const next = new Map<string, number>();
      for (const boardId of [...counts.keys()].sort()) {
        const count = counts.get(boardId)!;
        const { rows } = await client.query<{ head_seq: number }>('UPDATE boards SET head_seq = head_seq + $2 WHERE id = $1 RETURNING head_seq', [boardId, count]);
        if (rows[0]) next.set(boardId, rows[0].head_seq - count + 1);
      }
      const seqs = batch.map((write) => {
        const seq = next.get(write.boardId);
        if (seq === undefined) return 0;
        next.set(write.boardId, seq + 1);
        return seq;
      });
      const rows = batch.flatMap((write, index) => (seqs[index] === 0 ? [] : [[write.boardId, seqs[index]!, write.data] as const]));
      for (let start = 0; start < rows.length; start += insertChunk) {
        const chunk = rows.slice(start, start + insertChunk);
        // Each update's bytes as its own binary parameter (an array parameter would go as hex text).
        const values = chunk.map((_, index) => `($${index * 3 + 1}, $${index * 3 + 2}, $${index * 3 + 3})`).join(', ');
        await client.query(`INSERT INTO doc_updates (board_id, seq, data) VALUES ${values}`, chunk.flat());
      }
      return seqs;
    });
  }

  /**
   * The usual batch (one board: board affinity sends a board's editors to one instance) as
   * one statement, its own transaction: one round trip instead of four. Same lock, same seqs.
   */
  async #appendToOneBoard(boardId: string, batch: readonly PendingWrite[]): Promise<number[]> {
    const values = batch.map((_, index) => `(${index + 1}, $${index + 3}::bytea)`).join(', ');
    const { rows } = await this.#pool.query<{ seq: number }>(
      `WITH taken AS (UPDATE boards SET head_seq = head_seq + $2 WHERE id = $1 RETURNING head_seq)
       INSERT INTO doc_updates (board_id, seq, data)
       SELECT $1, taken.head_seq - $2 + written.position, written.data FROM taken, (VALUES ${values}) AS written (position, data)
       RETURNING seq`,
      [boardId, batch.length, ...batch.map((write) => write.data)],
    );
    // No row: no such board (deleted meanwhile), nothing stored.
    if (rows.length === 0) return batch.map(() => 0);
    return rows.map((row) => row.seq).sort((a, b) => a - b);
  }

  /**
   * Instances do not share their docs. A snapshot another process wrote may hold rows this
   * caller's doc never saw (compacted away before it caught up), so it is merged into the new
   * state, never overwritten; Yjs merges are idempotent. Compactions of one board take turns
   * (an advisory lock), without holding up its writers.
   */
  async compact(boardId: string, snapshot: StoredSnapshot, mergedSeqs: readonly number[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(1, hashtext($1))', [boardId]);
      const exists = await client.query('SELECT 1 FROM boards WHERE id = $1', [boardId]);
      if (exists.rowCount === 0) return;
      const { rows } = await client.query<{ state: Buffer; writer: string }>('SELECT state, writer FROM doc_snapshots WHERE board_id = $1', [boardId]);
      let next = snapshot;
      const stored = rows[0];
      if (stored && stored.writer !== this.#writer) {
        const state = Y.mergeUpdates([stored.state, snapshot.state]);
        next = { state, stateVector: Y.encodeStateVectorFromUpdate(state) };
      }
      await client.query(
        `INSERT INTO doc_snapshots (board_id, state, state_vector, updated_at, writer) VALUES ($1, $2, $3, now(), $4)
         ON CONFLICT (board_id) DO UPDATE SET state = excluded.state, state_vector = excluded.state_vector, updated_at = excluded.updated_at, writer = excluded.writer`,
        [boardId, next.state, next.stateVector, this.#writer],
      );
      if (mergedSeqs.length > 0) await client.query('DELETE FROM doc_updates WHERE board_id = $1 AND seq = ANY($2::bigint[])', [boardId, [...mergedSeqs]]);
    });
  }

  async readUpdatesAfter(boardId: string, afterSeq: number): Promise<UpdatesAfter> {
    return inTransaction(
      this.#pool,
      async (client) => {
        const headSeq = await selectHead(client, boardId);
        const updates = await selectUpdatesAfter(client, boardId, afterSeq);
        const snapshot = isMissingRows(afterSeq, headSeq, updates) ? await selectSnapshot(client, boardId) : null;
        return { headSeq, updates, snapshot };
      },
      { repeatable: true },
    );
  }

  async headSequences(boardIds: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await this.#pool.query<{ id: string; head_seq: number }>('SELECT id, head_seq FROM boards WHERE id = ANY($1::text[])', [[...boardIds]]);
    return new Map(rows.map((row) => [row.id, row.head_seq]));
  }

  // Snapshots, packages and the audit log: see pg-snapshots.ts.
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

  // Invites: see pg-invites.ts.
  createInvites: Store['createInvites'] = (invites, audit) => this.#invites.createInvites(invites, audit);
  getInvite: Store['getInvite'] = (id) => this.#invites.getInvite(id);
  listInvites: Store['listInvites'] = (boardId) => this.#invites.listInvites(boardId);
  revokeInvite: Store['revokeInvite'] = (boardId, id, at, audit) => this.#invites.revokeInvite(boardId, id, at, audit);
  setInviteRole: Store['setInviteRole'] = (boardId, id, role, audit) => this.#invites.setInviteRole(boardId, id, role, audit);
  rotateOwnerInvite: Store['rotateOwnerInvite'] = (boardId, next, audit) => this.#invites.rotateOwnerInvite(boardId, next, audit);
  recordInviteUse: Store['recordInviteUse'] = (id, at) => this.#invites.recordInviteUse(id, at);

  // Voting rounds and ballots: see pg-voting.ts.
  openRound: Store['openRound'] = (round, maxRounds, audit) => this.#voting.openRound(round, maxRounds, audit);
  listRounds: Store['listRounds'] = (boardId) => this.#voting.listRounds(boardId);
  getRound: Store['getRound'] = (boardId, roundId) => this.#voting.getRound(boardId, roundId);
  closeRound: Store['closeRound'] = (boardId, roundId, at, reveal, audit) => this.#voting.closeRound(boardId, roundId, at, reveal, audit);
  putBallot: Store['putBallot'] = (boardId, ballot) => this.#voting.putBallot(boardId, ballot);
  getBallot: Store['getBallot'] = (roundId, participantId) => this.#voting.getBallot(roundId, participantId);
  listBallots: Store['listBallots'] = (roundId) => this.#voting.listBallots(roundId);
  ballotCounts: Store['ballotCounts'] = (boardId) => this.#voting.ballotCounts(boardId);

  async renameBoard(boardId: string, title: string, audit: AuditEntry): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const renamed = await client.query('UPDATE boards SET title = $1 WHERE id = $2', [title, boardId]);
      if (renamed.rowCount === 0) return false;
      await insertAudit(client, audit);
      return true;
    });
  }

  async deleteBoard(boardId: string, audit: AuditEntry): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      // The row lock: a writer of this board waits, then finds no board and stores nothing.
      const deleted = await client.query('DELETE FROM boards WHERE id = $1', [boardId]);
      if (deleted.rowCount === 0) return false;
      const bySnapshot = 'WHERE snapshot_id IN (SELECT id FROM snapshots WHERE board_id = $1)';
      await client.query(`DELETE FROM snapshot_packages ${bySnapshot}`, [boardId]);
      await client.query(`DELETE FROM archive_exports ${bySnapshot}`, [boardId]);
      for (const table of ['snapshots', 'doc_updates', 'doc_snapshots', 'assets', 'invites', 'voting_rounds', 'ballots']) {
        await client.query(`DELETE FROM ${table} WHERE board_id = $1`, [boardId]);
      }
      // The audit log stays: who deleted the board, and what was done before, must remain known.
      await insertAudit(client, audit);
      return true;
    });
  }

  putAsset: Store['putAsset'] = (asset) => this.#assets.putAsset(asset);
  getAsset: Store['getAsset'] = (boardId, sha256) => this.#assets.getAsset(boardId, sha256);

  /** Nothing is cached here beyond the pool's connections. */
  releaseMemory(): void {}

  /** Ends the pool (once: closing again is harmless, as with the SQLite store). */
  async close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    await this.#closing;
  }
}

async function selectHead(client: pg.PoolClient, boardId: string): Promise<number> {
  const { rows } = await client.query<{ head_seq: number }>('SELECT head_seq FROM boards WHERE id = $1', [boardId]);
  return rows[0]?.head_seq ?? 0;
}

async function selectSnapshot(client: pg.PoolClient, boardId: string): Promise<StoredSnapshot | null> {
  const { rows } = await client.query<{ state: Buffer; state_vector: Buffer }>('SELECT state, state_vector FROM doc_snapshots WHERE board_id = $1', [boardId]);
  return rows[0] ? { state: rows[0].state, stateVector: rows[0].state_vector } : null;
}

async function selectUpdatesAfter(client: pg.PoolClient, boardId: string, afterSeq: number): Promise<LoggedUpdate[]> {
  const { rows } = await client.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq', [boardId, afterSeq]);
  return rows.map((row) => ({ seq: row.seq, data: row.data }));
}

const toBoard = (row: BoardRow): BoardRecord => ({
  id: row.id,
  title: row.title,
  municipality: row.municipality,
  neighbourhood: row.neighbourhood,
  language: row.language as BoardLanguage,
  createdAt: row.created_at,
});
