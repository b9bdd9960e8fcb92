import type Database from 'better-sqlite3';
import type { Role } from '@koppelbord/contract';
import { insertAuditRow } from './sqlite-snapshots.ts';
import type { AuditEntry, InviteRecord, InviteStore } from './types.ts';

interface InviteRow {
  id: string;
  board_id: string;
  role: string;
  label: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  uses: number;
  last_used_at: number | null;
}

const toInvite = (row: InviteRow): InviteRecord => ({
  id: row.id,
  boardId: row.board_id,
  role: row.role as Role,
  label: row.label,
  createdAt: new Date(row.created_at),
  expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
  revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  uses: row.uses,
  lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
});

/** Invites on the store's connection (it does not own the connection). Board rename and delete live in sqlite-store.ts. */
export class SqliteInvites implements Omit<InviteStore, 'renameBoard' | 'deleteBoard'> {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement<[string, string, string, string, number, number | null, number | null, number, number | null]>;
  readonly #select: Database.Statement<[string], InviteRow>;
  readonly #selectForBoard: Database.Statement<[string, string], InviteRow>;
  readonly #use: Database.Statement<[number, string]>;
  readonly #createTx: (invites: readonly InviteRecord[], audit: AuditEntry | undefined) => void;
  readonly #revokeTx: (boardId: string, inviteId: string, at: Date, audit: AuditEntry) => InviteRecord | undefined;
  readonly #roleTx: (boardId: string, inviteId: string, role: Role, audit: AuditEntry) => InviteRecord | undefined;
  readonly #rotateTx: (boardId: string, next: InviteRecord, audit: AuditEntry) => string[];

  constructor(db: Database.Database) {
    this.#db = db;
    this.#insert = db.prepare(
      'INSERT INTO invites (id, board_id, role, label, created_at, expires_at, revoked_at, uses, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#select = db.prepare('SELECT * FROM invites WHERE id = ?');
    this.#selectForBoard = db.prepare('SELECT * FROM invites WHERE board_id = ? AND id = ?');
    this.#use = db.prepare('UPDATE invites SET uses = uses + 1, last_used_at = ? WHERE id = ?');
    const insert = (invite: InviteRecord) =>
      this.#insert.run(
        invite.id,
        invite.boardId,
        invite.role,
        invite.label,
        invite.createdAt.getTime(),
        invite.expiresAt?.getTime() ?? null,
        invite.revokedAt?.getTime() ?? null,
        invite.uses,
        invite.lastUsedAt?.getTime() ?? null,
      );
    this.#createTx = db.transaction((invites: readonly InviteRecord[], audit: AuditEntry | undefined) => {
      for (const invite of invites) insert(invite);
      if (audit) insertAuditRow(db, audit);
    });
    this.#revokeTx = db.transaction((boardId: string, inviteId: string, at: Date, audit: AuditEntry) => {
      const changed = db.prepare('UPDATE invites SET revoked_at = ? WHERE board_id = ? AND id = ? AND revoked_at IS NULL').run(at.getTime(), boardId, inviteId).changes;
      const row = this.#selectForBoard.get(boardId, inviteId);
      // Revoking twice is no new action: only the first is logged.
      if (row && changed > 0) insertAuditRow(db, audit);
      return row && toInvite(row);
    });
    this.#roleTx = db.transaction((boardId: string, inviteId: string, role: Role, audit: AuditEntry) => {
      const changed = db.prepare('UPDATE invites SET role = ? WHERE board_id = ? AND id = ? AND role <> ?').run(role, boardId, inviteId, role).changes;
      const row = this.#selectForBoard.get(boardId, inviteId);
      if (row && changed > 0) insertAuditRow(db, audit);
      return row && toInvite(row);
    });
    this.#rotateTx = db.transaction((boardId: string, next: InviteRecord, audit: AuditEntry) => {
      const revoked = db
        .prepare("SELECT id FROM invites WHERE board_id = ? AND role = 'owner' AND revoked_at IS NULL")
        .all(boardId)
        .map((row) => (row as { id: string }).id);
      db.prepare("UPDATE invites SET revoked_at = ? WHERE board_id = ? AND role = 'owner' AND revoked_at IS NULL").run(next.createdAt.getTime(), boardId);
      insert(next);
      insertAuditRow(db, audit);
      return revoked;
    });
  }

  async createInvites(invites: readonly InviteRecord[], audit?: AuditEntry): Promise<void> {
    this.#createTx(invites, audit);
  }

  async getInvite(id: string): Promise<InviteRecord | undefined> {
    const row = this.#select.get(id);
    return row && toInvite(row);
  }

  async listInvites(boardId: string): Promise<InviteRecord[]> {
    const rows = this.#db.prepare('SELECT * FROM invites WHERE board_id = ? ORDER BY created_at, rowid').all(boardId) as InviteRow[];
    return rows.map(toInvite);
  }

  async revokeInvite(boardId: string, inviteId: string, at: Date, audit: AuditEntry): Promise<InviteRecord | undefined> {
    return this.#revokeTx(boardId, inviteId, at, audit);
  }

  async setInviteRole(boardId: string, inviteId: string, role: Role, audit: AuditEntry): Promise<InviteRecord | undefined> {
    return this.#roleTx(boardId, inviteId, role, audit);
  }

  async rotateOwnerInvite(boardId: string, next: InviteRecord, audit: AuditEntry): Promise<string[]> {
    return this.#rotateTx(boardId, next, audit);
  }

  async recordInviteUse(inviteId: string, at: Date): Promise<void> {
    this.#use.run(at.getTime(), inviteId);
  }
}
