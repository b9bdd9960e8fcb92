import { rm } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { PackageFiles } from './package-files.ts';
import type { SnapshotChangeSummary, SnapshotKind } from '@koppelbord/contract';
import type { ArchiveExportStatus, AuditEntry, NewPackage, SnapshotMeta, SnapshotRecord, SnapshotStore, StoredActor, StoredPackage, StoredParticipant } from './types.ts';

/** Appends one audit row; other parts of the store call it inside their own transactions. */
export function insertAuditRow(db: Database.Database, entry: AuditEntry): void {
  db.prepare('INSERT INTO audit_log (board_id, at, actor_role, actor_name, action, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
    entry.boardId,
    entry.at.getTime(),
    entry.actor.role,
    entry.actor.name,
    entry.action,
    JSON.stringify(entry.detail),
  );
}

interface SnapshotRow {
  id: string;
  board_id: string;
  kind: string;
  label: string;
  created_at: number;
  actor_role: string;
  actor_name: string | null;
  board_meta: string;
  include_names: number;
  participants: string;
  invalid_records: number;
  changes: string;
  state?: Buffer;
}

interface PackageRow {
  snapshot_id: string;
  name: string;
  sha256: string;
  pakbon: string;
  thumbnail: Buffer | null;
  pdf: string;
  built_at: number;
}

const metaColumns = 'id, board_id, kind, label, created_at, actor_role, actor_name, board_meta, include_names, participants, invalid_records, changes';

function toMeta(row: SnapshotRow): SnapshotMeta {
  return {
    id: row.id,
    boardId: row.board_id,
    kind: row.kind as SnapshotKind,
    label: row.label,
    createdAt: new Date(row.created_at),
    actor: { role: row.actor_role as StoredActor['role'], name: row.actor_name },
    board: JSON.parse(row.board_meta) as SnapshotMeta['board'],
    includeNames: row.include_names === 1,
    participants: JSON.parse(row.participants) as StoredParticipant[],
    invalidRecords: row.invalid_records,
    changes: JSON.parse(row.changes) as SnapshotChangeSummary,
  };
}

/** `?, ?, …` for an IN list. */
const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** The snapshot half of the SQLite store, on the store's connection. */
export class SqliteSnapshots implements Omit<SnapshotStore, 'listBoards'> {
  readonly #db: Database.Database;
  readonly #deleteTx: (boardId: string, snapshotId: string, audit: AuditEntry) => boolean;
  readonly #insertPackageTx: (p: NewPackage, bytes: number, exportPending: boolean) => void;

  readonly #files: PackageFiles;

  constructor(db: Database.Database, packagesDir: string) {
    this.#db = db;
    this.#files = new PackageFiles(packagesDir);
    this.#deleteTx = db.transaction((boardId: string, snapshotId: string, audit: AuditEntry) => {
      const deleted = db.prepare('DELETE FROM snapshots WHERE id = ? AND board_id = ?').run(snapshotId, boardId).changes > 0;
      if (!deleted) return false;
      db.prepare('DELETE FROM snapshot_packages WHERE snapshot_id = ?').run(snapshotId);
      db.prepare('DELETE FROM archive_exports WHERE snapshot_id = ?').run(snapshotId);
      this.#insertAudit(audit);
      return true;
    });
    this.#insertPackageTx = db.transaction((p: NewPackage, bytes: number, exportPending: boolean) => {
      const inserted = db
        .prepare(
          `INSERT INTO snapshot_packages (snapshot_id, name, bytes, sha256, pakbon, thumbnail, pdf, built_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (snapshot_id) DO NOTHING`,
        )
        .run(p.snapshotId, p.name, bytes, p.sha256, p.pakbon, p.thumbnail, p.pdf, p.builtAt.getTime());
      if (inserted.changes > 0 && exportPending) {
        db.prepare('INSERT INTO archive_exports (snapshot_id, written_at, attempts, last_error) VALUES (?, NULL, 0, NULL) ON CONFLICT DO NOTHING').run(p.snapshotId);
      }
    });
  }

  async insertSnapshot(s: SnapshotRecord): Promise<void> {
    this.#db
      .prepare(`INSERT INTO snapshots (${metaColumns}, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        s.id,
        s.boardId,
        s.kind,
        s.label,
        s.createdAt.getTime(),
        s.actor.role,
        s.actor.name,
        JSON.stringify(s.board),
        s.includeNames ? 1 : 0,
        JSON.stringify(s.participants),
        s.invalidRecords,
        JSON.stringify(s.changes),
        s.state,
      );
  }

  async listSnapshots(boardId: string): Promise<SnapshotMeta[]> {
    const rows = this.#db.prepare(`SELECT ${metaColumns} FROM snapshots WHERE board_id = ? ORDER BY created_at DESC, rowid DESC`).all(boardId) as SnapshotRow[];
    return rows.map(toMeta);
  }

  async getSnapshotMeta(boardId: string, snapshotId: string): Promise<SnapshotMeta | undefined> {
    const row = this.#db.prepare(`SELECT ${metaColumns} FROM snapshots WHERE id = ? AND board_id = ?`).get(snapshotId, boardId) as SnapshotRow | undefined;
    return row && toMeta(row);
  }

  async latestSnapshotMeta(boardId: string, kind?: SnapshotKind): Promise<SnapshotMeta | undefined> {
    const row = this.#db
      .prepare(`SELECT ${metaColumns} FROM snapshots WHERE board_id = @boardId AND (@kind IS NULL OR kind = @kind) ORDER BY created_at DESC, rowid DESC LIMIT 1`)
      .get({ boardId, kind: kind ?? null }) as SnapshotRow | undefined;
    return row && toMeta(row);
  }

  async getSnapshot(boardId: string, snapshotId: string): Promise<SnapshotRecord | undefined> {
    const row = this.#db.prepare(`SELECT ${metaColumns}, state FROM snapshots WHERE id = ? AND board_id = ?`).get(snapshotId, boardId) as SnapshotRow | undefined;
    return row && { ...toMeta(row), state: row.state! };
  }

  async deleteSnapshot(boardId: string, snapshotId: string, audit: AuditEntry): Promise<boolean> {
    const deleted = this.#deleteTx(boardId, snapshotId, audit);
    if (deleted) await this.removeFilesOf([snapshotId]);
    return deleted;
  }

  async deleteVersions(boardId: string, versionIds: readonly string[]): Promise<void> {
    if (versionIds.length === 0) return;
    this.#db.prepare(`DELETE FROM snapshots WHERE board_id = ? AND kind = 'version' AND id IN (${placeholders(versionIds.length)})`).run(boardId, ...versionIds);
  }

  /**
   * The ZIP's file is moved into place first (synced), then the row: a row always has its
   * file. A package of 15 MB written as a row held the event loop for ~150 ms, and reading it
   * into the heap to write it again cost a 40–120 ms garbage collection afterwards.
   */
  async insertPackage(p: NewPackage, exportPending: boolean): Promise<void> {
    try {
      if (this.#hasPackage(p.snapshotId)) return;
      const bytes = await this.#files.adopt(p.snapshotId, p.zipFile);
      this.#insertPackageTx(p, bytes, exportPending);
    } finally {
      await rm(p.zipFile, { force: true });
    }
  }

  #hasPackage(snapshotId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM snapshot_packages WHERE snapshot_id = ?').get(snapshotId) !== undefined;
  }

  /** Removes the package files of snapshots that no longer have a package row (after a delete). */
  async removeFilesOf(snapshotIds: readonly string[]): Promise<void> {
    for (const id of snapshotIds) if (!this.#hasPackage(id)) await this.#files.remove(id);
  }

  async pendingExports(): Promise<string[]> {
    const rows = this.#db.prepare('SELECT snapshot_id FROM archive_exports WHERE written_at IS NULL').all() as { snapshot_id: string }[];
    return rows.map((row) => row.snapshot_id);
  }

  async getPackage(snapshotId: string): Promise<StoredPackage | undefined> {
    const row = this.#db.prepare('SELECT * FROM snapshot_packages WHERE snapshot_id = ?').get(snapshotId) as PackageRow | undefined;
    if (!row) return undefined;
    return {
      snapshotId: row.snapshot_id,
      name: row.name,
      zip: await this.#files.read(row.snapshot_id),
      sha256: row.sha256,
      pakbon: row.pakbon,
      thumbnail: row.thumbnail,
      pdf: row.pdf as StoredPackage['pdf'],
      builtAt: new Date(row.built_at),
    };
  }

  async packageInfo(snapshotIds: readonly string[]): Promise<Map<string, { bytes: number; sha256: string; hasThumbnail: boolean }>> {
    const out = new Map<string, { bytes: number; sha256: string; hasThumbnail: boolean }>();
    if (snapshotIds.length === 0) return out;
    const rows = this.#db
      .prepare(`SELECT snapshot_id, bytes, sha256, thumbnail IS NOT NULL AS has_thumbnail FROM snapshot_packages WHERE snapshot_id IN (${placeholders(snapshotIds.length)})`)
      .all(...snapshotIds) as { snapshot_id: string; bytes: number; sha256: string; has_thumbnail: number }[];
    for (const row of rows) out.set(row.snapshot_id, { bytes: row.bytes, sha256: row.sha256, hasThumbnail: row.has_thumbnail === 1 });
    return out;
  }

  async snapshotsWithoutPackage(): Promise<{ boardId: string; snapshotId: string }[]> {
    const rows = this.#db
      .prepare(
        `SELECT s.board_id, s.id FROM snapshots s LEFT JOIN snapshot_packages p ON p.snapshot_id = s.id
         WHERE s.kind = 'snapshot' AND p.snapshot_id IS NULL ORDER BY s.created_at`,
      )
      .all() as { board_id: string; id: string }[];
    return rows.map((row) => ({ boardId: row.board_id, snapshotId: row.id }));
  }

  async setExportStatus(status: ArchiveExportStatus): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO archive_exports (snapshot_id, written_at, attempts, last_error) VALUES (?, ?, ?, ?)
         ON CONFLICT (snapshot_id) DO UPDATE SET written_at = excluded.written_at, attempts = excluded.attempts, last_error = excluded.last_error`,
      )
      .run(status.snapshotId, status.writtenAt?.getTime() ?? null, status.attempts, status.lastError);
  }

  async exportStatuses(snapshotIds: readonly string[]): Promise<Map<string, ArchiveExportStatus>> {
    const out = new Map<string, ArchiveExportStatus>();
    if (snapshotIds.length === 0) return out;
    const rows = this.#db.prepare(`SELECT * FROM archive_exports WHERE snapshot_id IN (${placeholders(snapshotIds.length)})`).all(...snapshotIds) as {
      snapshot_id: string;
      written_at: number | null;
      attempts: number;
      last_error: string | null;
    }[];
    for (const row of rows) {
      out.set(row.snapshot_id, {
        snapshotId: row.snapshot_id,
        writtenAt: row.written_at === null ? null : new Date(row.written_at),
        attempts: row.attempts,
        lastError: row.last_error,
      });
    }
    return out;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.#insertAudit(entry);
  }

  #insertAudit(entry: AuditEntry): void {
    insertAuditRow(this.#db, entry);
  }

  async listAudit(boardId: string): Promise<AuditEntry[]> {
    const rows = this.#db.prepare('SELECT * FROM audit_log WHERE board_id = ? ORDER BY id').all(boardId) as AuditRow[];
    return rows.map(toAuditEntry);
  }

  /**
   * One connection writes, one transaction at a time, and audit rows are never deleted: the
   * rowid (max + 1) is gapless and in commit order by itself.
   */
  async listAuditAfter(afterId: number, limit: number): Promise<{ id: number; entry: AuditEntry }[]> {
    const rows = this.#db.prepare('SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as AuditRow[];
    return rows.map((row) => ({ id: row.id, entry: toAuditEntry(row) }));
  }

  async lastAuditId(): Promise<number> {
    return (this.#db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log').get() as { id: number }).id;
  }
}

interface AuditRow {
  id: number;
  board_id: string;
  at: number;
  actor_role: string;
  actor_name: string | null;
  action: string;
  detail: string;
}

const toAuditEntry = (row: AuditRow): AuditEntry => ({
  boardId: row.board_id,
  at: new Date(row.at),
  actor: { role: row.actor_role as StoredActor['role'], name: row.actor_name },
  action: row.action as AuditEntry['action'],
  detail: JSON.parse(row.detail) as AuditEntry['detail'],
});
