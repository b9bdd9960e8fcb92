import { readFile, rm } from 'node:fs/promises';
import type pg from 'pg';
import type { SnapshotChangeSummary, SnapshotKind } from '@koppelbord/contract';
import { inTransaction, type Queryable } from './pg-client.ts';
import type { ArchiveExportStatus, AuditEntry, NewPackage, SnapshotMeta, SnapshotRecord, SnapshotStore, StoredActor, StoredPackage, StoredParticipant } from './types.ts';

/**
 * Appends one audit row; other parts of the store call it inside their own transactions. The
 * id comes from the counter row, whose lock is held until commit: a later id never commits
 * before an earlier one, and a rolled-back entry gives its id back.
 */
export async function insertAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `WITH next AS (UPDATE audit_counter SET last_id = last_id + 1 RETURNING last_id)
     INSERT INTO audit_log (id, board_id, at, actor_role, actor_name, action, detail)
     SELECT last_id, $1, $2, $3, $4, $5, $6 FROM next`,
    [entry.boardId, entry.at, entry.actor.role, entry.actor.name, entry.action, JSON.stringify(entry.detail)],
  );
}

interface SnapshotRow {
  id: string;
  board_id: string;
  kind: string;
  label: string;
  created_at: Date;
  actor_role: string;
  actor_name: string | null;
  board_meta: SnapshotMeta['board'];
  include_names: boolean;
  participants: StoredParticipant[];
  invalid_records: number;
  changes: SnapshotChangeSummary;
  state?: Buffer;
}

interface AuditRow {
  id: number;
  board_id: string;
  at: Date;
  actor_role: string;
  actor_name: string | null;
  action: string;
  detail: AuditEntry['detail'];
}

const metaColumns = 'id, board_id, kind, label, created_at, actor_role, actor_name, board_meta, include_names, participants, invalid_records, changes';

const toMeta = (row: SnapshotRow): SnapshotMeta => ({
  id: row.id,
  boardId: row.board_id,
  kind: row.kind as SnapshotKind,
  label: row.label,
  createdAt: row.created_at,
  actor: { role: row.actor_role as StoredActor['role'], name: row.actor_name },
  board: row.board_meta,
  includeNames: row.include_names,
  participants: row.participants,
  invalidRecords: row.invalid_records,
  changes: row.changes,
});

const toAuditEntry = (row: AuditRow): AuditEntry => ({
  boardId: row.board_id,
  at: row.at,
  actor: { role: row.actor_role as StoredActor['role'], name: row.actor_name },
  action: row.action as AuditEntry['action'],
  detail: row.detail,
});

/**
 * The snapshot half of the PostgreSQL store, on the store's pool. Archive packages' ZIPs are
 * rows here (bytea), not files: the instances share the database, not a disk.
 */
export class PgSnapshots implements Omit<SnapshotStore, 'listBoards'> {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async insertSnapshot(s: SnapshotRecord): Promise<void> {
    await this.#pool.query(`INSERT INTO snapshots (${metaColumns}, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, [
      s.id,
      s.boardId,
      s.kind,
      s.label,
      s.createdAt,
      s.actor.role,
      s.actor.name,
      JSON.stringify(s.board),
      s.includeNames,
      JSON.stringify(s.participants),
      s.invalidRecords,
      JSON.stringify(s.changes),
      s.state,
    ]);
  }

  async listSnapshots(boardId: string): Promise<SnapshotMeta[]> {
    const { rows } = await this.#pool.query<SnapshotRow>(`SELECT ${metaColumns} FROM snapshots WHERE board_id = $1 ORDER BY created_at DESC, ordinal DESC`, [boardId]);
    return rows.map(toMeta);
  }

  async getSnapshotMeta(boardId: string, snapshotId: string): Promise<SnapshotMeta | undefined> {
    const { rows } = await this.#pool.query<SnapshotRow>(`SELECT ${metaColumns} FROM snapshots WHERE id = $1 AND board_id = $2`, [snapshotId, boardId]);
    return rows[0] && toMeta(rows[0]);
  }

  async latestSnapshotMeta(boardId: string, kind?: SnapshotKind): Promise<SnapshotMeta | undefined> {
    const { rows } = await this.#pool.query<SnapshotRow>(
      `SELECT ${metaColumns} FROM snapshots WHERE board_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at DESC, ordinal DESC LIMIT 1`,
      [boardId, kind ?? null],
    );
    return rows[0] && toMeta(rows[0]);
  }

  async getSnapshot(boardId: string, snapshotId: string): Promise<SnapshotRecord | undefined> {
    const { rows } = await this.#pool.query<SnapshotRow>(`SELECT ${metaColumns}, state FROM snapshots WHERE id = $1 AND board_id = $2`, [snapshotId, boardId]);
    const row = rows[0];
    return row && { ...toMeta(row), state: row.state! };
  }

  async deleteSnapshot(boardId: string, snapshotId: string, audit: AuditEntry): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const deleted = await client.query('DELETE FROM snapshots WHERE id = $1 AND board_id = $2', [snapshotId, boardId]);
      if (deleted.rowCount === 0) return false;
      await client.query('DELETE FROM snapshot_packages WHERE snapshot_id = $1', [snapshotId]);
      await client.query('DELETE FROM archive_exports WHERE snapshot_id = $1', [snapshotId]);
      await insertAudit(client, audit);
      return true;
    });
  }

  async deleteVersions(boardId: string, versionIds: readonly string[]): Promise<void> {
    if (versionIds.length === 0) return;
    await this.#pool.query("DELETE FROM snapshots WHERE board_id = $1 AND kind = 'version' AND id = ANY($2::text[])", [boardId, versionIds]);
  }

  /** The ZIP goes into its column (the file is read only here, then removed). */
  async insertPackage(p: NewPackage, exportPending: boolean): Promise<void> {
    try {
      await this.#insertPackage(p, await readFile(p.zipFile), exportPending);
    } finally {
      await rm(p.zipFile, { force: true });
    }
  }

  async #insertPackage(p: NewPackage, zip: Buffer, exportPending: boolean): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO snapshot_packages (snapshot_id, name, bytes, sha256, pakbon, thumbnail, pdf, built_at, zip)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (snapshot_id) DO NOTHING`,
        [p.snapshotId, p.name, zip.byteLength, p.sha256, p.pakbon, p.thumbnail, p.pdf, p.builtAt, zip],
      );
      if (inserted.rowCount !== 0 && exportPending) {
        await client.query('INSERT INTO archive_exports (snapshot_id, written_at, attempts, last_error) VALUES ($1, NULL, 0, NULL) ON CONFLICT DO NOTHING', [p.snapshotId]);
      }
    });
  }

  async pendingExports(): Promise<string[]> {
    const { rows } = await this.#pool.query<{ snapshot_id: string }>('SELECT snapshot_id FROM archive_exports WHERE written_at IS NULL ORDER BY snapshot_id');
    return rows.map((row) => row.snapshot_id);
  }

  async getPackage(snapshotId: string): Promise<StoredPackage | undefined> {
    const { rows } = await this.#pool.query<{ snapshot_id: string; name: string; sha256: string; pakbon: string; thumbnail: Buffer | null; pdf: string; built_at: Date; zip: Buffer }>(
      'SELECT snapshot_id, name, sha256, pakbon, thumbnail, pdf, built_at, zip FROM snapshot_packages WHERE snapshot_id = $1',
      [snapshotId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      snapshotId: row.snapshot_id,
      name: row.name,
      zip: row.zip,
      sha256: row.sha256,
      pakbon: row.pakbon,
      thumbnail: row.thumbnail,
      pdf: row.pdf as StoredPackage['pdf'],
      builtAt: row.built_at,
    };
  }

  async packageInfo(snapshotIds: readonly string[]): Promise<Map<string, { bytes: number; sha256: string; hasThumbnail: boolean }>> {
    const out = new Map<string, { bytes: number; sha256: string; hasThumbnail: boolean }>();
    if (snapshotIds.length === 0) return out;
    const { rows } = await this.#pool.query<{ snapshot_id: string; bytes: number; sha256: string; has_thumbnail: boolean }>(
      'SELECT snapshot_id, bytes, sha256, thumbnail IS NOT NULL AS has_thumbnail FROM snapshot_packages WHERE snapshot_id = ANY($1::text[])',
      [snapshotIds],
    );
    for (const row of rows) out.set(row.snapshot_id, { bytes: row.bytes, sha256: row.sha256, hasThumbnail: row.has_thumbnail });
    return out;
  }

  async snapshotsWithoutPackage(): Promise<{ boardId: string; snapshotId: string }[]> {
    const { rows } = await this.#pool.query<{ board_id: string; id: string }>(
      `SELECT s.board_id, s.id FROM snapshots s LEFT JOIN snapshot_packages p ON p.snapshot_id = s.id
       WHERE s.kind = 'snapshot' AND p.snapshot_id IS NULL ORDER BY s.created_at, s.ordinal`,
    );
    return rows.map((row) => ({ boardId: row.board_id, snapshotId: row.id }));
  }

  async setExportStatus(status: ArchiveExportStatus): Promise<void> {
    await this.#pool.query(
      `INSERT INTO archive_exports (snapshot_id, written_at, attempts, last_error) VALUES ($1, $2, $3, $4)
       ON CONFLICT (snapshot_id) DO UPDATE SET written_at = excluded.written_at, attempts = excluded.attempts, last_error = excluded.last_error`,
      [status.snapshotId, status.writtenAt, status.attempts, status.lastError],
    );
  }

  async exportStatuses(snapshotIds: readonly string[]): Promise<Map<string, ArchiveExportStatus>> {
    const out = new Map<string, ArchiveExportStatus>();
    if (snapshotIds.length === 0) return out;
    const { rows } = await this.#pool.query<{ snapshot_id: string; written_at: Date | null; attempts: number; last_error: string | null }>(
      'SELECT snapshot_id, written_at, attempts, last_error FROM archive_exports WHERE snapshot_id = ANY($1::text[])',
      [snapshotIds],
    );
    for (const row of rows) out.set(row.snapshot_id, { snapshotId: row.snapshot_id, writtenAt: row.written_at, attempts: row.attempts, lastError: row.last_error });
    return out;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    // Its own transaction (the pool's implicit one): the counter row's lock lasts until commit.
    await insertAudit(this.#pool, entry);
  }

  async listAudit(boardId: string): Promise<AuditEntry[]> {
    const { rows } = await this.#pool.query<AuditRow>('SELECT * FROM audit_log WHERE board_id = $1 ORDER BY id', [boardId]);
    return rows.map(toAuditEntry);
  }

  async listAuditAfter(afterId: number, limit: number): Promise<{ id: number; entry: AuditEntry }[]> {
    const { rows } = await this.#pool.query<AuditRow>('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
    return rows.map((row) => ({ id: row.id, entry: toAuditEntry(row) }));
  }

  async lastAuditId(): Promise<number> {
    const { rows } = await this.#pool.query<{ id: number }>('SELECT COALESCE(MAX(id), 0)::bigint AS id FROM audit_log');
    return rows[0]!.id;
  }
}
