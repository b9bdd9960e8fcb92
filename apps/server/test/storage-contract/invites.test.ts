/** Invites and the owner's board administration (InviteStore in storage/types.ts), run unchanged against every backend. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, InviteRecord } from '../../src/storage/index.ts';
import { backends, boardOf, freshStore, zipFileOf } from './backends.ts';

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
  at: new Date('2026-03-01T12:00:00Z'),
  actor: { role: 'owner', name: null },
  action,
  detail,
});

describe.each(backends)('$name store: invites and board administration', (backend) => {
  it('stores, lists, revokes, changes and counts invites, each change with its audit row', async () => {
    const { store } = await freshStore(backend);
    await store.createBoard(boardOf('b'), new Uint8Array([0, 0]));
    const expiresAt = new Date('2026-03-15T10:00:00Z');
    await store.createInvites([invite('own', 'b', 'owner'), invite('ed', 'b', 'editor', { expiresAt })], audit('b', 'invite.create'));
    // Same creation time: listed in the order they were made.
    expect((await store.listInvites('b')).map((i) => i.id)).toEqual(['own', 'ed']);
    expect(await store.getInvite('ed')).toEqual(invite('ed', 'b', 'editor', { expiresAt }));
    await store.createInvites([invite('quiet', 'b', 'viewer')]);

    const revokedAt = new Date('2026-03-02T10:00:00Z');
    expect((await store.revokeInvite('b', 'ed', revokedAt, audit('b', 'invite.revoke')))?.revokedAt).toEqual(revokedAt);
    // A second revoke keeps the first time and logs nothing.
    expect((await store.revokeInvite('b', 'ed', new Date(), audit('b', 'invite.revoke')))?.revokedAt).toEqual(revokedAt);
    expect(await store.revokeInvite('other-board', 'ed', new Date(), audit('b', 'invite.revoke'))).toBeUndefined();

    expect((await store.setInviteRole('b', 'ed', 'viewer', audit('b', 'invite.role')))?.role).toBe('viewer');
    // The same role again is no change: nothing logged.
    expect((await store.setInviteRole('b', 'ed', 'viewer', audit('b', 'invite.role')))?.role).toBe('viewer');
    expect(await store.setInviteRole('b', 'none', 'viewer', audit('b', 'invite.role'))).toBeUndefined();
    await store.recordInviteUse('ed', new Date('2026-03-03T10:00:00Z'));
    await store.recordInviteUse('ed', new Date('2026-03-04T10:00:00Z'));
    const used = await store.getInvite('ed');
    expect(used?.uses).toBe(2);
    expect(used?.lastUsedAt).toEqual(new Date('2026-03-04T10:00:00.000Z'));

    const next = invite('own2', 'b', 'owner', { createdAt: new Date('2026-03-05T10:00:00Z') });
    expect(await store.rotateOwnerInvite('b', next, audit('b', 'owner.rotate'))).toEqual(['own']);
    expect((await store.getInvite('own'))?.revokedAt).toEqual(next.createdAt);
    expect((await store.getInvite('own2'))?.revokedAt).toBeNull();

    expect((await store.listAudit('b')).map((e) => e.action)).toEqual(['invite.create', 'invite.revoke', 'invite.role', 'owner.rotate']);
  });

  it('renames a board, and deletes everything of a board but its audit log', async () => {
    const { store } = await freshStore(backend);
    await store.createBoard(boardOf('b'), new Uint8Array([0, 0]));
    await store.createBoard(boardOf('keep'), new Uint8Array([0, 0]));
    await store.createInvites([invite('i', 'b', 'editor'), invite('k', 'keep', 'editor')]);
    await store.putAsset({ boardId: 'b', sha256: 'ab', mimeType: 'image/png', data: new Uint8Array([1]) });
    const sid = '6f1c2a3e-0000-4000-8000-000000000002';
    await store.insertSnapshot({
      id: sid,
      boardId: 'b',
      kind: 'snapshot',
      label: 's',
      createdAt: new Date(),
      actor: { role: 'owner', name: null },
      board: { title: 'Wijk Oost', municipality: null, neighbourhood: null, language: 'nl' },
      includeNames: false,
      participants: [],
      state: new Uint8Array([0, 0]),
      invalidRecords: 0,
      changes: { opportunitiesAdded: [], opportunitiesRemoved: [], opportunitiesChanged: [], domainsAdded: [], organisationsAdded: [], consultationChanged: [] },
    });
    await store.insertPackage({ snapshotId: sid, name: 'p', zipFile: zipFileOf(new Uint8Array([1])), sha256: 'x', pakbon: '', thumbnail: null, pdf: 'PDF', builtAt: new Date() }, true);
    expect(await store.renameBoard('b', 'Wijk West', audit('b', 'board.rename'))).toBe(true);
    expect((await store.getBoard('b'))?.title).toBe('Wijk West');
    expect(await store.renameBoard('nope', 'x', audit('nope', 'board.rename'))).toBe(false);

    expect(await store.deleteBoard('b', audit('b', 'board.delete'))).toBe(true);
    expect(await store.getBoard('b')).toBeUndefined();
    expect(await store.getInvite('i')).toBeUndefined();
    expect(await store.getAsset('b', 'ab')).toBeUndefined();
    expect(await store.listSnapshots('b')).toEqual([]);
    expect(await store.getPackage(sid)).toBeUndefined();
    expect(await store.pendingExports()).toEqual([]);
    expect(await store.loadDocument('b')).toEqual({ snapshot: null, updates: [], headSeq: 0 });
    expect(await store.headSequences(['b', 'keep'])).toEqual(new Map([['keep', 1]]));
    expect((await store.listAudit('b')).map((e) => e.action)).toEqual(['board.rename', 'board.delete']);
    // Another board is untouched.
    expect(await store.getInvite('k')).toBeDefined();
    expect((await store.loadDocument('keep')).updates).toHaveLength(1);
    expect(await store.deleteBoard('b', audit('b', 'board.delete'))).toBe(false);
    // A write that was on its way when the board went is not stored.
    expect(await store.appendUpdates([{ boardId: 'b', data: new Uint8Array([0, 0]) }])).toEqual([0]);
  });
});
