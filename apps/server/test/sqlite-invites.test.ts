import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/storage/sqlite-store.ts';
import { sqliteSteps } from '../src/storage/migrations/index.ts';
import type { AuditEntry, BoardRecord, InviteRecord } from '../src/storage/index.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'koppelbord-invites-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string): SqliteStore {
  const store = SqliteStore.open(dir, { durability: 'process-crash' });
  stores.push(store);
  return store;
}

const board = (id: string): BoardRecord => ({ id, title: 'Wijk Oost', municipality: null, neighbourhood: null, language: 'nl', createdAt: new Date('2026-03-01T10:00:00Z') });
const invite = (id: string, boardId: string, role: InviteRecord['role'], overrides: Partial<InviteRecord> = {}): InviteRecord => ({
  id,
  boardId,
  role,
  label: `label ${id}`,
  createdAt: new Date('2026-03-01T10:00:00Z'),
  expiresAt: null,
  revokedAt: null,
  uses: 0,
  lastUsedAt: null,
  ...overrides,
});
const audit = (boardId: string, action: AuditEntry['action'], detail: AuditEntry['detail'] = {}): AuditEntry => ({
  boardId,
  at: new Date(),
  actor: { role: 'owner', name: null },
  action,
  detail,
});

describe('SqliteStore schema 4: invites', () => {
  it('upgrades a schema 3 database: boards and audit rows stay, invites can be stored', async () => {
    const dir = tempDir();
    // The database a schema 3 server left behind: the released steps up to 3, one board, one audit row.
    const raw = new Database(path.join(dir, 'koppelbord.sqlite'));
    raw.exec(`${sqliteSteps
      .slice(0, 3)
      .map((step) => step.sql)
      .join('\n')}
      INSERT INTO boards VALUES ('b', 'Wijk Oost', NULL, NULL, '2026-03-01T10:00:00.000Z', 'nl');
      INSERT INTO doc_updates VALUES (7, 'b', x'0000', 0);
      INSERT INTO audit_log VALUES (1, 'b', 0, 'owner', NULL, 'snapshot.delete', '{"snapshotId":"s"}');
      PRAGMA user_version = 3;`);
    raw.close();

    const store = open(dir);
    const check = new Database(path.join(dir, 'koppelbord.sqlite'), { readonly: true, fileMustExist: true });
    await store.close();
    expect(check.pragma('user_version', { simple: true })).toBe(5);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'invites'").get()).toBeTruthy();
    check.close();

    const reopened = open(dir);
    expect((await reopened.getBoard('b'))?.title).toBe('Wijk Oost');
    expect(await reopened.listAudit('b')).toHaveLength(1);
    expect((await reopened.loadDocument('b')).updates.map((row) => row.seq)).toEqual([1]);
    await reopened.createInvites([invite('i1', 'b', 'editor')]);
    expect((await reopened.getInvite('i1'))?.role).toBe('editor');
  });

  it('stores, lists, revokes, changes and counts invites, each change with its audit row', async () => {
    const store = open(tempDir());
    await store.createBoard(board('b'), new Uint8Array([0, 0]));
    const expiresAt = new Date('2026-03-15T10:00:00Z');
    await store.createInvites([invite('own', 'b', 'owner'), invite('ed', 'b', 'editor', { expiresAt })], audit('b', 'invite.create'));
    expect((await store.listInvites('b')).map((i) => i.id).sort()).toEqual(['ed', 'own']);
    expect((await store.getInvite('ed'))?.expiresAt?.toISOString()).toBe(expiresAt.toISOString());

    const revokedAt = new Date('2026-03-02T10:00:00Z');
    expect((await store.revokeInvite('b', 'ed', revokedAt, audit('b', 'invite.revoke')))?.revokedAt?.toISOString()).toBe(revokedAt.toISOString());
    // A second revoke keeps the first time and logs nothing.
    expect((await store.revokeInvite('b', 'ed', new Date(), audit('b', 'invite.revoke')))?.revokedAt?.toISOString()).toBe(revokedAt.toISOString());
    expect(await store.revokeInvite('other-board', 'ed', new Date(), audit('b', 'invite.revoke'))).toBeUndefined();

    expect((await store.setInviteRole('b', 'ed', 'viewer', audit('b', 'invite.role')))?.role).toBe('viewer');
    await store.recordInviteUse('ed', new Date('2026-03-03T10:00:00Z'));
    await store.recordInviteUse('ed', new Date('2026-03-04T10:00:00Z'));
    const used = await store.getInvite('ed');
    expect(used?.uses).toBe(2);
    expect(used?.lastUsedAt?.toISOString()).toBe('2026-03-04T10:00:00.000Z');

    const revokedIds = await store.rotateOwnerInvite('b', invite('own2', 'b', 'owner'), audit('b', 'owner.rotate'));
    expect(revokedIds).toEqual(['own']);
    expect((await store.getInvite('own'))?.revokedAt).not.toBeNull();
    expect((await store.getInvite('own2'))?.revokedAt).toBeNull();

    expect((await store.listAudit('b')).map((e) => e.action)).toEqual(['invite.create', 'invite.revoke', 'invite.role', 'owner.rotate']);
  });

  it('renames a board, and deletes everything of a board but its audit log', async () => {
    const store = open(tempDir());
    await store.createBoard(board('b'), new Uint8Array([0, 0]));
    await store.createBoard(board('keep'), new Uint8Array([0, 0]));
    await store.createInvites([invite('i', 'b', 'editor'), invite('k', 'keep', 'editor')]);
    await store.putAsset({ boardId: 'b', sha256: 'ab', mimeType: 'image/png', data: new Uint8Array([1]) });
    expect(await store.renameBoard('b', 'Wijk West', audit('b', 'board.rename'))).toBe(true);
    expect((await store.getBoard('b'))?.title).toBe('Wijk West');
    expect(await store.renameBoard('nope', 'x', audit('nope', 'board.rename'))).toBe(false);

    expect(await store.deleteBoard('b', audit('b', 'board.delete'))).toBe(true);
    expect(await store.getBoard('b')).toBeUndefined();
    expect(await store.getInvite('i')).toBeUndefined();
    expect(await store.getAsset('b', 'ab')).toBeUndefined();
    expect((await store.loadDocument('b')).updates).toHaveLength(0);
    expect((await store.listAudit('b')).map((e) => e.action)).toEqual(['board.rename', 'board.delete']);
    // Another board is untouched.
    expect(await store.getInvite('k')).toBeDefined();
    expect((await store.loadDocument('keep')).updates).toHaveLength(1);
    expect(await store.deleteBoard('b', audit('b', 'board.delete'))).toBe(false);
  });
});
