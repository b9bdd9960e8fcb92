import type pg from 'pg';
import type { Role } from '@koppelbord/contract';
import { inTransaction, type Queryable } from './pg-client.ts';
import { insertAudit } from './pg-snapshots.ts';
import type { AuditEntry, InviteRecord, InviteStore } from './types.ts';

interface InviteRow {
  id: string;
  board_id: string;
  role: string;
  label: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  uses: number;
  last_used_at: Date | null;
}

const columns = 'id, board_id, role, label, created_at, expires_at, revoked_at, uses, last_used_at';

const toInvite = (row: InviteRow): InviteRecord => ({
  id: row.id,
  boardId: row.board_id,
  role: row.role as Role,
  label: row.label,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  uses: row.uses,
  lastUsedAt: row.last_used_at,
});

async function insertInvite(db: Queryable, invite: InviteRecord): Promise<void> {
  await db.query(`INSERT INTO invites (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
    invite.id,
    invite.boardId,
    invite.role,
    invite.label,
    invite.createdAt,
    invite.expiresAt,
    invite.revokedAt,
    invite.uses,
    invite.lastUsedAt,
  ]);
}

async function selectForBoard(db: Queryable, boardId: string, inviteId: string): Promise<InviteRecord | undefined> {
  const { rows } = await db.query<InviteRow>(`SELECT ${columns} FROM invites WHERE board_id = $1 AND id = $2`, [boardId, inviteId]);
  return rows[0] && toInvite(rows[0]);
}

/** Invites on the store's pool. Board rename and delete live in pg-store.ts. */
export class PgInvites implements Omit<InviteStore, 'renameBoard' | 'deleteBoard'> {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async createInvites(invites: readonly InviteRecord[], audit?: AuditEntry): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      for (const invite of invites) await insertInvite(client, invite);
      if (audit) await insertAudit(client, audit);
    });
  }

  async getInvite(id: string): Promise<InviteRecord | undefined> {
    const { rows } = await this.#pool.query<InviteRow>(`SELECT ${columns} FROM invites WHERE id = $1`, [id]);
    return rows[0] && toInvite(rows[0]);
  }

  async listInvites(boardId: string): Promise<InviteRecord[]> {
    const { rows } = await this.#pool.query<InviteRow>(`SELECT ${columns} FROM invites WHERE board_id = $1 ORDER BY created_at, ordinal`, [boardId]);
    return rows.map(toInvite);
  }

  async revokeInvite(boardId: string, inviteId: string, at: Date, audit: AuditEntry): Promise<InviteRecord | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const changed = await client.query('UPDATE invites SET revoked_at = $1 WHERE board_id = $2 AND id = $3 AND revoked_at IS NULL', [at, boardId, inviteId]);
      const invite = await selectForBoard(client, boardId, inviteId);
      // Revoking twice is no new action: only the first is logged.
      if (invite && changed.rowCount !== 0) await insertAudit(client, audit);
      return invite;
    });
  }

  async setInviteRole(boardId: string, inviteId: string, role: Role, audit: AuditEntry): Promise<InviteRecord | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const changed = await client.query('UPDATE invites SET role = $1 WHERE board_id = $2 AND id = $3 AND role <> $1', [role, boardId, inviteId]);
      const invite = await selectForBoard(client, boardId, inviteId);
      if (invite && changed.rowCount !== 0) await insertAudit(client, audit);
      return invite;
    });
  }

  async rotateOwnerInvite(boardId: string, next: InviteRecord, audit: AuditEntry): Promise<string[]> {
    return inTransaction(this.#pool, async (client) => {
      const { rows } = await client.query<{ id: string; ordinal: number }>(
        "UPDATE invites SET revoked_at = $1 WHERE board_id = $2 AND role = 'owner' AND revoked_at IS NULL RETURNING id, ordinal",
        [next.createdAt, boardId],
      );
      await insertInvite(client, next);
      await insertAudit(client, audit);
      return rows.sort((a, b) => a.ordinal - b.ordinal).map((row) => row.id);
    });
  }

  async recordInviteUse(inviteId: string, at: Date): Promise<void> {
    await this.#pool.query('UPDATE invites SET uses = uses + 1, last_used_at = $1 WHERE id = $2', [at, inviteId]);
  }
}
