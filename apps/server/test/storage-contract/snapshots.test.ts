/**
 * Snapshots, archive packages, the audit log and board images (SnapshotStore, AssetStore in
 * storage/types.ts), run unchanged against every backend.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, SnapshotRecord } from '../../src/storage/index.ts';
import { existsSync } from 'node:fs';
import { backends, boardOf, freshStore, range, update, zipFileOf } from './backends.ts';

const fixedState = update('s', 1);
const noChanges = { opportunitiesAdded: [], opportunitiesRemoved: [], opportunitiesChanged: [], domainsAdded: [], organisationsAdded: [], consultationChanged: [] };

function snapshotOf(boardId: string, id: string, kind: 'snapshot' | 'version' = 'snapshot', createdAt = new Date('2026-01-03T10:00:00Z')): SnapshotRecord {
  return {
    id,
    boardId,
    kind,
    label: `Label ${id}`,
    createdAt,
    actor: { role: 'owner', name: 'Anna' },
    board: { title: 'Bord', municipality: null, neighbourhood: null, language: 'nl' },
    includeNames: false,
    participants: [{ role: 'editor', name: null, speaksFor: 'welzijn' }],
    state: fixedState,
    invalidRecords: 0,
    changes: noChanges,
  };
}

const audit = (boardId: string, action: AuditEntry['action'], detail: AuditEntry['detail'] = {}): AuditEntry => ({
  boardId,
  at: new Date('2026-03-01T12:00:00.000Z'),
  actor: { role: 'owner', name: 'Anna' },
  action,
  detail,
});

describe.each(backends)('$name store: snapshots, packages, audit log, images', (backend) => {
  it('stores snapshots as they were given, newest first, and reads them back whole', async () => {
    const { store } = await freshStore(backend);
    await store.insertSnapshot(snapshotOf('b', 'old', 'version', new Date('2026-01-01T10:00:00Z')));
    await store.insertSnapshot(snapshotOf('b', 'new', 'snapshot', new Date('2026-01-02T10:00:00Z')));
    // Same time: the later insert lists first.
    await store.insertSnapshot(snapshotOf('b', 'new2', 'snapshot', new Date('2026-01-02T10:00:00Z')));
    await store.insertSnapshot(snapshotOf('other', 'x'));
    expect((await store.listSnapshots('b')).map((entry) => entry.id)).toEqual(['new2', 'new', 'old']);
    // The single-entry reads agree with the list: same metadata, same order.
    const { state: _state, ...newMeta } = snapshotOf('b', 'new', 'snapshot', new Date('2026-01-02T10:00:00Z'));
    expect(await store.getSnapshotMeta('b', 'new')).toEqual(newMeta);
    expect(await store.getSnapshotMeta('other', 'new')).toBeUndefined();
    expect((await store.latestSnapshotMeta('b'))?.id).toBe('new2');
    expect((await store.latestSnapshotMeta('b', 'version'))?.id).toBe('old');
    expect((await store.latestSnapshotMeta('b', 'snapshot'))?.id).toBe('new2');
    expect(await store.latestSnapshotMeta('none')).toBeUndefined();
    const read = await store.getSnapshot('b', 'new');
    expect({ ...read, state: new Uint8Array(read!.state) }).toEqual(snapshotOf('b', 'new', 'snapshot', new Date('2026-01-02T10:00:00Z')));
    expect(await store.getSnapshot('other', 'new')).toBeUndefined();
    // A second insert under the same id is refused: a snapshot row is never replaced.
    await expect(store.insertSnapshot({ ...snapshotOf('b', 'new'), label: 'overwritten' })).rejects.toThrow();
    expect((await store.getSnapshot('b', 'new'))?.label).toBe('Label new');
  });

  it('a package is stored once; delete removes snapshot, package and export state and logs who did it, in one go', async () => {
    const { store } = await freshStore(backend);
    const sid = '6f1c2a3e-0000-4000-8000-000000000001';
    await store.insertSnapshot(snapshotOf('b', sid));
    expect(await store.snapshotsWithoutPackage()).toEqual([{ boardId: 'b', snapshotId: sid }]);
    const zip = new Uint8Array(300_000).map((_, index) => index % 251);
    const { zipFile: _file, ...pkg } = { snapshotId: sid, name: 'p', zipFile: '', sha256: 'aa', pakbon: '<pakbon/>', thumbnail: new Uint8Array([7, 8]), pdf: 'PDF' as const, builtAt: new Date('2026-03-01T12:00:00.000Z') };
    const first = zipFileOf(zip);
    const second = zipFileOf(new Uint8Array([9]));
    await store.insertPackage({ ...pkg, zipFile: first }, true);
    await store.insertPackage({ ...pkg, zipFile: second }, true);
    // The store took both files over: the first is the package, the ignored second is gone too.
    expect([existsSync(first), existsSync(second)]).toEqual([false, false]);
    const stored = await store.getPackage(sid);
    expect(Buffer.from(stored!.zip).equals(Buffer.from(zip))).toBe(true);
    expect({ ...stored, zip: null, thumbnail: [...stored!.thumbnail!] }).toEqual({ ...pkg, zip: null, thumbnail: [7, 8] });
    expect(await store.packageInfo([sid, 'none'])).toEqual(new Map([[sid, { bytes: zip.byteLength, sha256: 'aa', hasThumbnail: true }]]));
    expect(await store.snapshotsWithoutPackage()).toEqual([]);
    expect(await store.pendingExports()).toEqual([sid]);
    const writtenAt = new Date('2026-03-02T12:00:00.000Z');
    await store.setExportStatus({ snapshotId: sid, writtenAt, attempts: 1, lastError: null });
    expect(await store.pendingExports()).toEqual([]);
    expect(await store.exportStatuses([sid])).toEqual(new Map([[sid, { snapshotId: sid, writtenAt, attempts: 1, lastError: null }]]));

    const entry = audit('b', 'snapshot.delete', { snapshotId: sid });
    expect(await store.deleteSnapshot('b', sid, entry)).toBe(true);
    expect(await store.getSnapshot('b', sid)).toBeUndefined();
    expect(await store.getPackage(sid)).toBeUndefined();
    expect((await store.exportStatuses([sid])).size).toBe(0);
    expect(await store.listAudit('b')).toEqual([entry]);
    expect(await store.deleteSnapshot('b', sid, entry)).toBe(false);
    expect(await store.listAudit('b')).toHaveLength(1);
  });

  it('thinning deletes only the versions it names, never a snapshot', async () => {
    const { store } = await freshStore(backend);
    await store.insertSnapshot(snapshotOf('b', 'v1', 'version'));
    await store.insertSnapshot(snapshotOf('b', 'v2', 'version'));
    await store.insertSnapshot(snapshotOf('b', 's1', 'snapshot'));
    await store.deleteVersions('b', ['v1', 's1']);
    await store.deleteVersions('b', []);
    expect((await store.listSnapshots('b')).map((entry) => entry.id).sort()).toEqual(['s1', 'v2']);
  });

  it('audit ids are global, gapless and in commit order, also with several stores writing at once', async () => {
    const location = await backend.location();
    const stores = await backend.peers(location, 3);
    expect(await stores[0]!.lastAuditId()).toBe(0);
    expect(await stores[0]!.listAuditAfter(0, 10)).toEqual([]);
    await stores[0]!.createBoard(boardOf('b'), update('seed', 0));
    // Audit rows from every kind of writing method, from all stores at once.
    await Promise.all(
      stores.map(async (store, writer) => {
        for (let round = 0; round < 15; round++) {
          if (round % 3 === 0) await store.appendAudit(audit('b', 'write.refused', { writer, round }));
          else if (round % 3 === 1) await store.renameBoard('b', `t${writer}-${round}`, audit('b', 'board.rename', { writer, round }));
          else await store.createInvites([{ id: `i${writer}-${round}`, boardId: 'b', role: 'editor', label: 'x', createdAt: new Date(), expiresAt: null, revokedAt: null, uses: 0, lastUsedAt: null }], audit('b', 'invite.create', { writer, round }));
        }
      }),
    );
    const last = await stores[1]!.lastAuditId();
    expect(last).toBe(45);
    const pages = [...(await stores[2]!.listAuditAfter(0, 20)), ...(await stores[2]!.listAuditAfter(20, 20)), ...(await stores[2]!.listAuditAfter(40, 20))];
    expect(pages.map((row) => row.id)).toEqual(range(1, 45));
    expect(pages.map((row) => row.entry)).toEqual(await stores[0]!.listAudit('b'));
    // Each writer's entries appear in the order it wrote them.
    for (const writer of [0, 1, 2]) {
      const rounds = pages.filter((row) => row.entry.detail.writer === writer).map((row) => row.entry.detail.round);
      expect(rounds).toEqual(range(0, 14));
    }
    expect(await stores[0]!.listAuditAfter(45, 10)).toEqual([]);
  });

  it('stores images by content: a second put of the same key keeps the first', async () => {
    const { store } = await freshStore(backend);
    const data = new Uint8Array([1, 2, 3]);
    await store.putAsset({ boardId: 'b', sha256: 'h', mimeType: 'image/png', data });
    await store.putAsset({ boardId: 'b', sha256: 'h', mimeType: 'image/gif', data: new Uint8Array([9]) });
    const stored = await store.getAsset('b', 'h');
    expect({ mimeType: stored?.mimeType, data: [...stored!.data] }).toEqual({ mimeType: 'image/png', data: [1, 2, 3] });
    expect(await store.getAsset('other-board', 'h')).toBeUndefined();
  });
});
