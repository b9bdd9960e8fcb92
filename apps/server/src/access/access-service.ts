import { randomBytes } from 'node:crypto';
import { accessEndReasons, CloseCode, type BoardLanguage, type InviteRole, type InviteSummary, type Role } from '@koppelbord/contract';
import { defaultInviteLabels } from '@koppelbord/board-model';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { TokenError, type BoardGrant, type TokenService } from '../auth/index.ts';
import type { ServerConfig } from '../config.ts';
import type { AccessChange } from '../cluster/index.ts';
import type { Logger } from '../log.ts';
import type { AuditAction, AuditEntry, InviteRecord, Store } from '../storage/index.ts';
import type { SyncConnection, SyncService } from '../sync/index.ts';
import { InviteCache } from './invite-cache.ts';
import { LiveConnections } from './live-connections.ts';

export interface AccessServiceDeps {
  store: Store;
  sync: SyncService;
  tokens: TokenService;
  settings: ServerConfig['invites'];
  log: Logger;
  /** Resolves once background work that writes a board's rows (automatic snapshots) is done: awaited before a board is deleted. */
  settled?: (() => Promise<void>) | undefined;
  /** Several instances: tells the others of each access change made here (a hint; the audit poll is the guarantee). */
  announce?: ((change: AccessChange) => void) | undefined;
  /** Several instances: whether a presence id is on this board through another instance (so its session can be ended there). */
  remoteParticipant?: ((boardId: string, clientId: number) => boolean) | undefined;
}

export type AccessProblemCode = 'unexpiring_not_allowed' | 'invite_not_found' | 'invite_revoked' | 'owner_invite' | 'board_not_found' | 'participant_not_found';

/** A request the access rules refuse; the HTTP layer turns it into a 4xx. */
export class AccessProblem extends Error {
  readonly code: AccessProblemCode;
  constructor(code: AccessProblemCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** An invite and a fresh token that opens it (tokens are never stored: the same invite can be handed out again). */
export interface IssuedInvite {
  invite: InviteRecord;
  token: string;
}

/** The links a board starts with, and what the share dialog hands out. */
export interface BoardInviteTokens {
  owner: string;
  edit: string;
  view: string;
}

const dayMs = 24 * 3600 * 1000;
const refusalLogIntervalMs = 60_000;
/** tldraw's document record: its `name` is the board's title inside the board. */
const documentId = 'document:document';
const newInviteId = () => randomBytes(12).toString('base64url');

/**
 * Who may be on a board, checked on every HTTP call and upgrade (`check`, installed into the
 * token service) and enforced on live connections: revoking or expiring an invite closes its
 * connections (4401 with a reason from `accessEndReasons`), changing its role changes theirs
 * at once. The owner's invite, board and session actions are here too, each written to the
 * audit log with the invite's label and the actor's role, never a token.
 *
 * The invite cache and the live connections are this instance's. With several instances
 * each change made here is announced to the others (`announce`: Redis), and every instance
 * applies the changes made elsewhere (`applyRemoteChange`), from Redis at once and from the
 * audit log's poll at the latest (access/audit-follower.ts). Applying one twice changes nothing.
 */
export class AccessService {
  readonly #store: Store;
  readonly #sync: SyncService;
  readonly #tokens: TokenService;
  readonly #settings: ServerConfig['invites'];
  readonly #log: Logger;
  readonly #settled: () => Promise<void>;
  readonly #announce: (change: AccessChange) => void;
  readonly #remoteParticipant: (boardId: string, clientId: number) => boolean;
  readonly #cache = new InviteCache(10_000);
  readonly #live = new LiveConnections();
  /** When each (board, role, reason) last had a `write.refused` entry, and what was refused since. */
  readonly #refusals = new Map<string, { loggedAt: number; count: number }>();
  /** Boards being deleted: nobody gets in meanwhile. */
  readonly #deleting = new Set<string>();

  constructor({ store, sync, tokens, settings, log, settled, announce, remoteParticipant }: AccessServiceDeps) {
    this.#settled = settled ?? (() => Promise.resolve());
    this.#announce = announce ?? (() => undefined);
    this.#remoteParticipant = remoteParticipant ?? (() => false);
    this.#store = store;
    this.#sync = sync;
    this.#tokens = tokens;
    this.#settings = settings;
    this.#log = log;
  }

  /**
   * The grant as it holds now: the invite exists, is of the token's board, is neither revoked
   * nor expired, and its *current* role is the grant's. A token without an invite (made before
   * invites) passes as it is. So does one whose invite went with its deleted board: the board
   * check that follows answers 404/4404.
   */
  readonly check = async (grant: BoardGrant): Promise<BoardGrant> => {
    if (this.#deleting.has(grant.boardId)) throw new TokenError('revoked', accessEndReasons.boardDeleted);
    if (!grant.inviteId) return grant;
    const invite = await this.#invite(grant.inviteId);
    if (!invite) {
      if (!(await this.#store.getBoard(grant.boardId))) return grant;
      throw new TokenError('invalid', 'invite unknown');
    }
    if (invite.boardId !== grant.boardId) throw new TokenError('invalid');
    this.#assertOpen(invite, Date.now());
    const expiresAt = invite.expiresAt && invite.expiresAt < grant.expiresAt ? invite.expiresAt : grant.expiresAt;
    return { ...grant, role: invite.role, inviteLabel: invite.label, expiresAt };
  };

  #assertOpen(invite: InviteRecord, now: number): void {
    if (invite.revokedAt) throw new TokenError('revoked', accessEndReasons.revoked);
    if (invite.expiresAt && invite.expiresAt.getTime() <= now) throw new TokenError('expired', accessEndReasons.expired);
  }

  async #invite(id: string): Promise<InviteRecord | null> {
    const cached = this.#cache.get(id);
    if (cached !== undefined) return cached;
    const invite = (await this.#store.getInvite(id)) ?? null;
    this.#cache.set(id, invite);
    return invite;
  }

  /**
   * A connection was opened with `grant` (checked just before): it is tracked for its
   * invite, closed at its expiry, and counted as a use. What changed between the check and
   * now (a revocation, a role change) applies at once.
   */
  admitted(connection: SyncConnection, grant: BoardGrant): void {
    this.#live.add(connection, grant);
    const invite = grant.inviteId ? this.#cache.get(grant.inviteId) : null;
    if (invite) {
      try {
        this.#assertOpen(invite, Date.now());
      } catch (error) {
        this.#end(connection, (error as TokenError).reason);
        return;
      }
      if (invite.role !== connection.role) this.#sync.changeRole(connection, invite.role);
      const at = new Date();
      this.#store.recordInviteUse(invite.id, at).catch((error: unknown) => this.#log.warn({ err: error, boardId: grant.boardId }, 'counting an invite use failed'));
    }
    this.#armExpiry(connection, grant.expiresAt);
  }

  /** The connection's socket closed. */
  released(connection: SyncConnection): void {
    this.#live.remove(connection);
  }

  #armExpiry(connection: SyncConnection, at: Date): void {
    this.#live.armExpiry(connection, at, () => {
      const grant = this.#live.grantOf(connection);
      if (grant) this.#end(connection, grant.inviteId ? accessEndReasons.expired : 'token expired');
    });
  }

  /**
   * A write was refused (sync: a viewer's update, or records put back: invalid or locked
   * scaffolding). Logged with the writer's role and invite label, at most once a minute per
   * board, role and reason, so a hostile client cannot flood the log: `count` then sums the
   * refused records since the last entry.
   */
  writeRefused(boardId: string, role: Role | null, reason: string, count: number, author?: SyncConnection | null): void {
    const key = `${boardId}\u0000${role}\u0000${reason}`;
    const now = Date.now();
    const pending = this.#refusals.get(key);
    if (pending && now - pending.loggedAt < refusalLogIntervalMs) {
      pending.count += count;
      return;
    }
    this.#refusals.set(key, { loggedAt: now, count: 0 });
    if (this.#refusals.size > 10_000) this.#refusals.delete(this.#refusals.keys().next().value!);
    const grant = author ? this.#live.grantOf(author) : undefined;
    const entry: AuditEntry = {
      boardId,
      at: new Date(now),
      actor: { role: role ?? 'system', name: null },
      action: 'write.refused',
      detail: { reason, count: count + (pending?.count ?? 0), inviteId: grant?.inviteId ?? null, label: grant?.inviteLabel ?? null, authorLeft: role === null },
    };
    this.#store.appendAudit(entry).catch((error: unknown) => this.#log.warn({ err: error, boardId }, 'writing a refused write to the audit log failed'));
  }

  /** Scaffolding was locked or unlocked (the owner's, or the server's own revert): one audit entry per transaction. */
  lockChanged(boardId: string, role: Role | null, locked: boolean, count: number, author: SyncConnection | null): void {
    const grant = author ? this.#live.grantOf(author) : undefined;
    const entry: AuditEntry = {
      boardId,
      at: new Date(),
      actor: { role: role ?? 'system', name: null },
      action: 'lock.change',
      detail: { locked, count, inviteId: grant?.inviteId ?? null, label: grant?.inviteLabel ?? null },
    };
    this.#store.appendAudit(entry).catch((error: unknown) => this.#log.warn({ err: error, boardId }, 'writing a lock change to the audit log failed'));
  }

  #end(connection: SyncConnection, reason: string): void {
    this.#live.remove(connection);
    this.#sync.endConnection(connection, CloseCode.unauthorized, reason);
  }

  // ── The owner's invite actions ────────────────────────────────────────────────────────

  /**
   * A new editor or viewer invite. `expiresInDays` undefined: `INVITE_TTL_DAYS`; null: no
   * expiry, for viewer links only and only when `ALLOW_UNEXPIRING_VIEW_LINKS` is on.
   */
  async createInvite(boardId: string, input: { role: InviteRole; label: string; expiresInDays?: number | null | undefined }, actor: BoardGrant): Promise<IssuedInvite> {
    if (input.expiresInDays === null) {
      if (input.role !== 'viewer') throw new AccessProblem('unexpiring_not_allowed', 'Only viewer links can be made without an expiry');
      if (!this.#settings.allowUnexpiringViewLinks) {
        throw new AccessProblem('unexpiring_not_allowed', 'This server does not allow links without an expiry (ALLOW_UNEXPIRING_VIEW_LINKS is off)');
      }
    }
    const now = new Date();
    const days = input.expiresInDays === undefined ? this.#settings.defaultTtlDays : input.expiresInDays;
    const invite = this.#newInvite(boardId, input.role, input.label, now, days === null ? null : new Date(now.getTime() + days * dayMs));
    await this.#store.createInvites([invite], this.#audit(boardId, actor, 'invite.create', invite, { expiresAt: invite.expiresAt?.toISOString() ?? null }));
    this.#cache.set(invite.id, invite);
    return { invite, token: await this.tokenFor(invite) };
  }

  /** The board's editor and viewer invites (the owner link is not listed), with how many are connected through each now. */
  async listInvites(boardId: string): Promise<InviteSummary[]> {
    const invites = await this.#store.listInvites(boardId);
    return invites.filter((invite) => invite.role !== 'owner').map((invite) => this.summary(invite));
  }

  summary(invite: InviteRecord): InviteSummary {
    return {
      id: invite.id,
      role: invite.role as InviteRole,
      label: invite.label,
      createdAt: invite.createdAt.toISOString(),
      expiresAt: invite.expiresAt?.toISOString() ?? null,
      revokedAt: invite.revokedAt?.toISOString() ?? null,
      uses: invite.uses,
      lastUsedAt: invite.lastUsedAt?.toISOString() ?? null,
      connected: this.#live.countOf(invite.id),
    };
  }

  /** Revokes an editor or viewer invite and closes every connection opened with it (4401 `invite revoked`). */
  async revokeInvite(boardId: string, inviteId: string, actor: BoardGrant): Promise<InviteRecord> {
    const current = await this.#boardInvite(boardId, inviteId);
    if (current.role === 'owner') throw new AccessProblem('owner_invite', 'The owner link is replaced with POST /api/boards/:id/owner-link, not revoked');
    const closing = this.#live.countOf(inviteId);
    const revoked = await this.#store.revokeInvite(boardId, inviteId, new Date(), this.#audit(boardId, actor, 'invite.revoke', current, { closedConnections: closing }));
    if (!revoked) throw new AccessProblem('invite_not_found', 'No such invite on this board');
    this.#cache.set(inviteId, revoked);
    this.#closeInvite(inviteId, accessEndReasons.revoked);
    this.#announce({ boardId, action: 'invite.revoke', inviteId, clientId: null });
    return revoked;
  }

  /** Changes an editor invite into a viewer one or back; its live connections get the new role at once. */
  async changeInviteRole(boardId: string, inviteId: string, role: InviteRole, actor: BoardGrant): Promise<InviteRecord> {
    const current = await this.#boardInvite(boardId, inviteId);
    if (current.role === 'owner') throw new AccessProblem('owner_invite', 'The owner link keeps its role');
    if (current.revokedAt) throw new AccessProblem('invite_revoked', 'A revoked invite cannot be changed; make a new one');
    const changed = await this.#store.setInviteRole(boardId, inviteId, role, this.#audit(boardId, actor, 'invite.role', current, { from: current.role, to: role }));
    if (!changed) throw new AccessProblem('invite_not_found', 'No such invite on this board');
    this.#cache.set(inviteId, changed);
    for (const connection of this.#live.ofInvite(inviteId)) this.#sync.changeRole(connection, role);
    this.#announce({ boardId, action: 'invite.role', inviteId, clientId: null });
    return changed;
  }

  /** A new owner link; every previous owner invite is revoked and its connections closed. */
  async rotateOwnerLink(boardId: string, language: BoardLanguage, actor: BoardGrant): Promise<string> {
    const now = new Date();
    const next = this.#newInvite(boardId, 'owner', defaultInviteLabels.owner[language], now, null);
    const revokedIds = await this.#store.rotateOwnerInvite(boardId, next, this.#audit(boardId, actor, 'owner.rotate', next, {}));
    this.#cache.set(next.id, next);
    for (const id of revokedIds) {
      const old = await this.#store.getInvite(id);
      this.#cache.set(id, old ?? null);
      this.#closeInvite(id, accessEndReasons.revoked);
    }
    this.#announce({ boardId, action: 'owner.rotate', inviteId: next.id, clientId: null });
    return this.tokenFor(next);
  }

  /** Ends one participant's session (the presence id the participant list shows): 4401 `session ended by the owner`. */
  async endSession(boardId: string, clientId: number, actor: BoardGrant): Promise<void> {
    const connection = this.#sync.connectionOfClient(boardId, clientId);
    // On another instance: the audit entry (and the announcement) make that instance close it.
    if (!connection && !this.#remoteParticipant(boardId, clientId)) throw new AccessProblem('participant_not_found', 'Nobody with that presence id is connected to this board');
    const grant = connection ? this.#live.grantOf(connection) : undefined;
    await this.#store.appendAudit(
      this.#entry(boardId, actor, 'session.end', { clientId, role: connection?.role ?? null, inviteId: grant?.inviteId ?? null, label: grant?.inviteLabel ?? null }),
    );
    if (connection) this.#end(connection, accessEndReasons.ended);
    this.#announce({ boardId, action: 'session.end', inviteId: null, clientId });
  }

  async renameBoard(boardId: string, title: string, actor: BoardGrant): Promise<void> {
    const board = await this.#store.getBoard(boardId);
    if (!board) throw new AccessProblem('board_not_found', 'No such board');
    const renamed = await this.#store.renameBoard(boardId, title, this.#entry(boardId, actor, 'board.rename', { from: board.title, to: title }));
    if (!renamed) throw new AccessProblem('board_not_found', 'No such board');
    this.#announce({ boardId, action: 'board.rename', inviteId: null, clientId: null });
    // The board's own document name too: every open page shows the new title at once.
    const room = await this.#sync.loadRoom(boardId);
    room.changeAsServer((doc) => {
      const records = getRecordsMap(doc);
      const document = readRecordEntry(records.get(documentId));
      if (typeof document === 'object' && document !== null) writeRecordEntry(records, documentId, { ...document, name: title });
    });
    await room.whenDurable();
  }

  /**
   * Deletes the board: everyone on it is closed (4401 `board deleted`), then the store deletes
   * it and all of it but its audit log. Its links answer 404/4404 afterwards.
   */
  async deleteBoard(boardId: string, actor: BoardGrant): Promise<void> {
    const board = await this.#store.getBoard(boardId);
    if (!board) throw new AccessProblem('board_not_found', 'No such board');
    this.#deleting.add(boardId);
    try {
      const invites = await this.#store.listInvites(boardId);
      await this.#sync.endBoard(boardId, CloseCode.unauthorized, accessEndReasons.boardDeleted);
      // An automatic version started by the last commit must not land after the delete.
      await this.#settled();
      await this.#store.deleteBoard(boardId, this.#entry(boardId, actor, 'board.delete', { title: board.title }));
      for (const invite of invites) this.#cache.set(invite.id, null);
      this.#announce({ boardId, action: 'board.delete', inviteId: null, clientId: null });
    } finally {
      this.#deleting.delete(boardId);
    }
  }

  // ── Changes made on other instances ───────────────────────────────────────────────────

  /**
   * Applies an access change made on another instance to this one's cache and live
   * connections: whatever the action, the board's cached invites are read again, and each
   * connection on the board here is checked against its invite as it is now. Idempotent.
   */
  async applyRemoteChange(change: AccessChange): Promise<void> {
    const { boardId } = change;
    this.#cache.deleteBoard(boardId);
    if (change.inviteId) this.#cache.delete(change.inviteId);
    switch (change.action) {
      case 'board.delete':
        if (!(await this.#store.getBoard(boardId))) await this.#sync.endBoard(boardId, CloseCode.unauthorized, accessEndReasons.boardDeleted);
        return;
      case 'session.end': {
        const connection = change.clientId === null ? undefined : this.#sync.connectionOfClient(boardId, change.clientId);
        if (connection) this.#end(connection, accessEndReasons.ended);
        return;
      }
      case 'board.rename':
        // The title reaches open boards through the document itself (fan-out).
        return;
      case 'invite.revoke':
      case 'invite.role':
      case 'owner.rotate':
        await this.#recheckBoard(boardId);
        return;
    }
  }

  /** Each connection on the board here against its invite as the store has it now. */
  async #recheckBoard(boardId: string): Promise<void> {
    const now = Date.now();
    for (const connection of this.#sync.registry.get(boardId)?.openConnections() ?? []) {
      const inviteId = this.#live.grantOf(connection)?.inviteId;
      if (!inviteId || connection.closed) continue;
      const invite = await this.#invite(inviteId);
      if (!invite) {
        this.#end(connection, accessEndReasons.revoked);
        continue;
      }
      try {
        this.#assertOpen(invite, now);
      } catch (error) {
        this.#end(connection, (error as TokenError).reason);
        continue;
      }
      if (invite.role !== connection.role) this.#sync.changeRole(connection, invite.role);
    }
  }

  // ── Links of new boards and the share dialog ──────────────────────────────────────────

  /** A new board's owner, edit and view invites (labels in the board's language), stored before the board is handed out. */
  async newBoardInvites(boardId: string, language: BoardLanguage): Promise<BoardInviteTokens> {
    const now = new Date();
    const expiry = new Date(now.getTime() + this.#settings.defaultTtlDays * dayMs);
    const owner = this.#newInvite(boardId, 'owner', defaultInviteLabels.owner[language], now, null);
    const edit = this.#newInvite(boardId, 'editor', defaultInviteLabels.editor[language], now, expiry);
    const view = this.#newInvite(boardId, 'viewer', defaultInviteLabels.viewer[language], now, expiry);
    await this.#store.createInvites([owner, edit, view]);
    for (const invite of [owner, edit, view]) this.#cache.set(invite.id, invite);
    const [ownerToken, editToken, viewToken] = await Promise.all([owner, edit, view].map((invite) => this.tokenFor(invite)));
    return { owner: ownerToken!, edit: editToken!, view: viewToken! };
  }

  /**
   * `POST /api/boards/:id/links` (the current share dialog): the newest open editor and viewer
   * invites, made when there is none, so opening "Delen" again mints no new invites.
   */
  async shareLinks(boardId: string, language: BoardLanguage, actor: BoardGrant): Promise<{ edit: string; view: string }> {
    const now = Date.now();
    const open = (await this.#store.listInvites(boardId)).filter((invite) => !invite.revokedAt && (!invite.expiresAt || invite.expiresAt.getTime() > now));
    const pick = async (role: InviteRole): Promise<string> => {
      const newest = open.filter((invite) => invite.role === role).at(-1);
      if (newest) return this.tokenFor(newest);
      return (await this.createInvite(boardId, { role, label: defaultInviteLabels[role][language] }, actor)).token;
    };
    return { edit: await pick('editor'), view: await pick('viewer') };
  }

  tokenFor(invite: InviteRecord): Promise<string> {
    return this.#tokens.issue(invite.boardId, invite.role, { id: invite.id, expiresAt: invite.expiresAt });
  }

  #closeInvite(inviteId: string, reason: string): void {
    for (const connection of this.#live.ofInvite(inviteId)) this.#end(connection, reason);
  }

  async #boardInvite(boardId: string, inviteId: string): Promise<InviteRecord> {
    const invite = await this.#store.getInvite(inviteId);
    if (!invite || invite.boardId !== boardId) throw new AccessProblem('invite_not_found', 'No such invite on this board');
    return invite;
  }

  #newInvite(boardId: string, role: Role, label: string, now: Date, expiresAt: Date | null): InviteRecord {
    return { id: newInviteId(), boardId, role, label, createdAt: now, expiresAt, revokedAt: null, uses: 0, lastUsedAt: null };
  }

  #audit(boardId: string, actor: BoardGrant, action: AuditAction, invite: InviteRecord, extra: AuditEntry['detail']): AuditEntry {
    return this.#entry(boardId, actor, action, { inviteId: invite.id, label: invite.label, role: invite.role, ...extra });
  }

  /** An audit entry: the actor's role and the label of the invite they came in with (never a token). */
  #entry(boardId: string, actor: BoardGrant, action: AuditAction, detail: AuditEntry['detail']): AuditEntry {
    return { boardId, at: new Date(), actor: { role: actor.role, name: null }, action, detail: { ...detail, actorInvite: actor.inviteLabel } };
  }
}
