import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { actorNameHeader, type CreateBoardResponse, type CreateSnapshotResponse, type RestoreResponse, type RevertResponse, type SnapshotList } from '@koppelbord/contract';
import { defaultOpportunityProps } from '@koppelbord/board-model';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { connectClient, connectSynced, type TestClient } from '../helpers/client.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Snapshots and versions through the API with stock y-websocket clients: taking, listing,
 * rights per role, revert as a forward change (connected and offline clients converge),
 * restore as a new board, delete into the audit log, automatic snapshots and versions.
 * Packages are left to archive tests: this server renders nothing (no Chromium).
 */
let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer({
    render: { chromiumPath: null, timeoutMs: 1_000, maxQueue: 8 },
    snapshots: { autoSnapshot: true, versionIntervalMs: 60 * 60_000, maxPackageBytes: 10 * 1024 * 1024, buildTimeoutMs: 10_000, maxRenderUploadBytes: 1024 * 1024 },
    sync: { unloadGraceMs: 200 },
  });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

const connect = async (board: CreateBoardResponse, token: string) => {
  const client = await connectSynced(server.wsUrl, board.id, token);
  clients.push(client);
  return client;
};

const opportunity = (id: string, title: string, x = 100) => ({
  id,
  typeName: 'shape',
  type: 'opportunity',
  parentId: 'page:page',
  index: 'a5',
  x,
  y: 100,
  rotation: 0,
  isLocked: false,
  opacity: 1,
  props: { ...defaultOpportunityProps(), w: 240, h: 140, title },
  meta: {},
});

const addCard = (doc: Y.Doc, id: string, title: string) => doc.transact(() => writeRecordEntry(getRecordsMap(doc), id, opportunity(id, title)));
const titleOf = (doc: Y.Doc, id: string) => (readRecordEntry(getRecordsMap(doc).get(id)) as { props?: { title?: string } } | undefined)?.props?.title;
const hasCard = (doc: Y.Doc, id: string) => getRecordsMap(doc).has(id);

async function api(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/boards/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
}

describe('snapshots', () => {
  it('the owner takes one with a label; it is listed with its actor, kind, package state and changes', async () => {
    const board = await createTemplateBoard(server.url, 'Wijk Zuidwest');
    const editor = await connect(board, tokenOf(board.links.edit));
    addCard(editor.doc, 'shape:warmte', 'Warmtenet met de school');
    const viewerClient = await connect(board, tokenOf(board.links.view));
    await waitFor(() => hasCard(viewerClient.doc, 'shape:warmte'), 'the card to be stored');

    const taken = await api('POST', `${board.id}/snapshots`, board.ownerToken, { label: 'Sessie 1' }, { [actorNameHeader]: encodeURIComponent('Anna Jansen (gemeente)') });
    expect(taken.status).toBe(201);
    const created = taken.json as CreateSnapshotResponse;
    expect(created.label).toBe('Sessie 1');
    expect(created.package.status).toBe('incomplete');

    const list = (await api('GET', `${board.id}/snapshots`, tokenOf(board.links.view))).json as SnapshotList;
    const entry = list.snapshots.find((snapshot) => snapshot.id === created.id)!;
    expect(entry).toMatchObject({ kind: 'snapshot', label: 'Sessie 1', actor: { role: 'owner', name: 'Anna Jansen (gemeente)' }, package: { status: 'incomplete' }, invalidRecords: 0 });
    // The first change of a session also got an automatic version; each entry lists the
    // changes since the one before it, so the card shows as added exactly once.
    const added = list.snapshots.filter((snapshot) => snapshot.changes.opportunitiesAdded.includes('Warmtenet met de school'));
    expect(added).toHaveLength(1);
    expect(list.snapshots.at(-1)!.kind).toBe('version');
    // No token in anything the list says about the actor.
    expect(JSON.stringify(list)).not.toContain(board.ownerToken);
  });

  it('holds only what is durable and not what came after it', async () => {
    const board = await createTemplateBoard(server.url, 'Wijk Noord');
    const editor = await connect(board, tokenOf(board.links.edit));
    addCard(editor.doc, 'shape:voor', 'Voor de snapshot');
    const first = (await waitFor(async () => {
      const list = ((await api('GET', `${board.id}/snapshots`, board.ownerToken)).json as SnapshotList).snapshots;
      // Wait until the card is stored: the snapshot then must contain it.
      return list;
    }, 'list')) as SnapshotList['snapshots'];
    expect(first).toBeDefined();
    await waitFor(() => editor.provider.synced, 'synced');
    const taken = (await api('POST', `${board.id}/snapshots`, board.ownerToken, { label: 'Na kaart 1' })).json as CreateSnapshotResponse;
    addCard(editor.doc, 'shape:na', 'Na de snapshot');
    const viewer = await connect(board, tokenOf(board.links.view));
    await waitFor(() => hasCard(viewer.doc, 'shape:na'), 'the later card to be stored');
    const restored = (await api('POST', `${board.id}/snapshots/${taken.id}/restore`, board.ownerToken)).json as RestoreResponse;
    const copy = await connect(restored as CreateBoardResponse, tokenOf(restored.links.view));
    expect(titleOf(copy.doc, 'shape:voor')).toBe('Voor de snapshot');
    expect(hasCard(copy.doc, 'shape:na')).toBe(false);
  });

  it('rights: viewers only read; editors read and revert; only the owner takes, promotes, restores and deletes', async () => {
    const board = await createTemplateBoard(server.url, 'Rechten');
    const taken = (await api('POST', `${board.id}/snapshots`, board.ownerToken, { label: 'Basis' })).json as CreateSnapshotResponse;
    const viewer = tokenOf(board.links.view);
    const editor = tokenOf(board.links.edit);
    for (const token of [viewer, editor]) {
      expect((await api('POST', `${board.id}/snapshots`, token, { label: 'x' })).status).toBe(403);
      expect((await api('DELETE', `${board.id}/snapshots/${taken.id}`, token)).status).toBe(403);
      expect((await api('POST', `${board.id}/snapshots/${taken.id}/restore`, token)).status).toBe(403);
      expect((await api('POST', `${board.id}/snapshots/${taken.id}/promote`, token, { label: 'x' })).status).toBe(403);
      expect((await api('GET', `${board.id}/audit`, token)).status).toBe(403);
      expect((await api('GET', `${board.id}/snapshots`, token)).status).toBe(200);
    }
    expect((await api('POST', `${board.id}/snapshots/${taken.id}/revert`, viewer)).status).toBe(403);
    expect((await api('POST', `${board.id}/snapshots/${taken.id}/revert`, editor)).status).toBe(200);
    // Another board's token, a made-up snapshot, a bad body.
    const other = await createTemplateBoard(server.url, 'Ander bord');
    expect((await api('GET', `${board.id}/snapshots`, other.ownerToken)).status).toBe(403);
    expect((await api('GET', `${board.id}/snapshots/00000000-0000-0000-0000-000000000000`, board.ownerToken)).status).toBe(404);
    const bad = await api('POST', `${board.id}/snapshots`, board.ownerToken, { label: '' });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { code: string } }).error.code).toBe('invalid_input');
  });

  it('revert: connected clients and one offline with pending edits converge on the snapshot, and the offline edits merge after it', async () => {
    const board = await createTemplateBoard(server.url, 'Terugzetten');
    const editToken = tokenOf(board.links.edit);
    const alice = await connect(board, editToken);
    const bob = await connect(board, editToken);
    addCard(alice.doc, 'shape:blijft', 'Blijft staan');
    await waitFor(() => hasCard(bob.doc, 'shape:blijft'), 'bob to see the card');
    const taken = (await api('POST', `${board.id}/snapshots`, board.ownerToken, { label: 'Voor het wissen' })).json as CreateSnapshotResponse;

    // Carol goes offline and edits there; meanwhile Alice wipes the card and renames nothing else.
    const carol = await connect(board, editToken);
    await waitFor(() => hasCard(carol.doc, 'shape:blijft'), 'carol to see the card');
    carol.provider.disconnect();
    addCard(carol.doc, 'shape:offline', 'Offline bedacht');
    alice.doc.transact(() => getRecordsMap(alice.doc).delete('shape:blijft'));
    addCard(alice.doc, 'shape:weg', 'Komt na de snapshot');
    await waitFor(() => !hasCard(bob.doc, 'shape:blijft') && hasCard(bob.doc, 'shape:weg'), 'bob to see the wipe');

    const reverted = await api('POST', `${board.id}/snapshots/${taken.id}/revert`, editToken, undefined, { [actorNameHeader]: 'Bob' });
    expect(reverted.status).toBe(200);
    const { versionId } = reverted.json as RevertResponse;
    for (const client of [alice, bob]) {
      await waitFor(() => hasCard(client.doc, 'shape:blijft') && !hasCard(client.doc, 'shape:weg'), 'connected clients to converge on the snapshot');
    }
    carol.provider.connect();
    for (const client of [alice, bob, carol]) {
      await waitFor(
        () => titleOf(client.doc, 'shape:blijft') === 'Blijft staan' && !hasCard(client.doc, 'shape:weg') && titleOf(client.doc, 'shape:offline') === 'Offline bedacht',
        'everyone on the snapshot plus the offline card',
      );
    }
    // It stays there after reconnecting.
    bob.provider.disconnect();
    bob.provider.connect();
    await waitFor(() => bob.provider.synced, 'bob to sync again');
    expect(hasCard(bob.doc, 'shape:blijft')).toBe(true);
    expect(hasCard(bob.doc, 'shape:weg')).toBe(false);

    // The version kept first holds the state before the revert, so the revert can be undone.
    const list = ((await api('GET', `${board.id}/snapshots`, editToken)).json as SnapshotList).snapshots;
    const before = list.find((entry) => entry.id === versionId)!;
    expect(before.kind).toBe('version');
    expect(before.label).toContain('Voor het wissen');
    expect(before.actor).toEqual({ role: 'editor', name: 'Bob' });
    await api('POST', `${board.id}/snapshots/${versionId}/revert`, editToken);
    await waitFor(() => hasCard(alice.doc, 'shape:weg') && !hasCard(alice.doc, 'shape:blijft'), 'undoing the revert');
  });

  it('restore as new leaves the original untouched', async () => {
    const board = await createTemplateBoard(server.url, 'Origineel');
    const editor = await connect(board, tokenOf(board.links.edit));
    addCard(editor.doc, 'shape:a', 'Kaart A');
    const taken = (await api('POST', `${board.id}/snapshots`, board.ownerToken, { label: 'A' })).json as CreateSnapshotResponse;
    addCard(editor.doc, 'shape:b', 'Kaart B');
    const restored = await api('POST', `${board.id}/snapshots/${taken.id}/restore`, board.ownerToken);
    expect(restored.status).toBe(201);
    const copy = restored.json as RestoreResponse;
    expect(copy.id).not.toBe(board.id);
    const meta = (await api('GET', copy.id, copy.ownerToken)).json as { title: string; role: string };
    expect(meta.title).toContain('Origineel');
    expect(meta.role).toBe('owner');
    const copyClient = await connect(copy, tokenOf(copy.links.edit));
    expect(hasCard(copyClient.doc, 'shape:a')).toBe(true);
    expect(hasCard(copyClient.doc, 'shape:b')).toBe(false);
    addCard(copyClient.doc, 'shape:c', 'Alleen in de kopie');
    const original = await connect(board, tokenOf(board.links.view));
    await waitFor(() => hasCard(original.doc, 'shape:b'), 'the original to keep its later card');
    expect(hasCard(original.doc, 'shape:c')).toBe(false);
  });

  it('delete is the owner\'s and is kept in the audit log with who and when', async () => {
    const board = await createTemplateBoard(server.url, 'Wissen');
    const taken = (await api('POST', `${board.id}/snapshots`, board.ownerToken, { label: 'Te wissen' })).json as CreateSnapshotResponse;
    const deleted = await api('DELETE', `${board.id}/snapshots/${taken.id}`, board.ownerToken, undefined, { [actorNameHeader]: 'Anna' });
    expect(deleted.status).toBe(204);
    expect(((await api('GET', `${board.id}/snapshots`, board.ownerToken)).json as SnapshotList).snapshots.map((entry) => entry.id)).not.toContain(taken.id);
    const audit = (await api('GET', `${board.id}/audit`, board.ownerToken)).json as { entries: { action: string; actor: unknown; at: string; detail: Record<string, unknown> }[] };
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ action: 'snapshot.delete', actor: { role: 'owner', name: 'Anna' }, detail: { snapshotId: taken.id, label: 'Te wissen' } });
    expect(Date.parse(audit.entries[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await api('DELETE', `${board.id}/snapshots/${taken.id}`, board.ownerToken)).status).toBe(404);
  });

  it('takes a snapshot by itself when the last participant leaves a session that changed the board, and none for an unchanged one', async () => {
    const board = await createTemplateBoard(server.url, 'Automatisch');
    const watcher = connectClient(server.wsUrl, board.id, tokenOf(board.links.view));
    await waitFor(() => watcher.provider.synced, 'the viewer to sync');
    watcher.destroy();
    await server.snapshots.idle();
    expect(((await api('GET', `${board.id}/snapshots`, board.ownerToken)).json as SnapshotList).snapshots).toHaveLength(0);

    const editor = connectClient(server.wsUrl, board.id, tokenOf(board.links.edit));
    await waitFor(() => editor.provider.synced, 'the editor to sync');
    addCard(editor.doc, 'shape:sessie', 'In de sessie');
    const viewer = await connect(board, tokenOf(board.links.view));
    await waitFor(() => hasCard(viewer.doc, 'shape:sessie'), 'the card to be stored');
    viewer.provider.disconnect();
    editor.destroy();
    const automatic = await waitFor(async () => {
      await server.snapshots.idle();
      return ((await api('GET', `${board.id}/snapshots`, board.ownerToken)).json as SnapshotList).snapshots.find((entry) => entry.kind === 'snapshot');
    }, 'the automatic snapshot');
    expect(automatic).toMatchObject({ label: 'Automatisch — einde sessie', actor: { role: 'system', name: null } });
    const all = ((await api('GET', `${board.id}/snapshots`, board.ownerToken)).json as SnapshotList).snapshots;
    expect(all.filter((entry) => entry.changes.opportunitiesAdded.includes('In de sessie'))).toHaveLength(1);
  });

  it('refuses with 413 before building when the board is over the package limit', async () => {
    const small = await startTestServer({ render: { chromiumPath: null, timeoutMs: 1_000, maxQueue: 8 }, snapshots: { autoSnapshot: false, versionIntervalMs: 60_000, maxPackageBytes: 1024, buildTimeoutMs: 1_000, maxRenderUploadBytes: 65_536 } });
    try {
      const board = await createTemplateBoard(small.url, 'Groot');
      const response = await fetch(`${small.url}/api/boards/${board.id}/snapshots`, {
        method: 'POST',
        headers: { authorization: `Bearer ${board.ownerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'Te groot' }),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('package_too_large');
    } finally {
      await small.stop();
    }
  });
});

describe('automatic versions', () => {
  it('keeps a version while the board is changed, at most once per interval', async () => {
    const fast = await startTestServer({ render: { chromiumPath: null, timeoutMs: 1_000, maxQueue: 8 }, snapshots: { autoSnapshot: false, versionIntervalMs: 300, maxPackageBytes: 10 * 1024 * 1024, buildTimeoutMs: 1_000, maxRenderUploadBytes: 65_536 } });
    const local: TestClient[] = [];
    try {
      const board = await createTemplateBoard(fast.url, 'Versies');
      const editor = await connectSynced(fast.wsUrl, board.id, tokenOf(board.links.edit));
      local.push(editor);
      const versions = async () => {
        await fast.snapshots.idle();
        const response = await fetch(`${fast.url}/api/boards/${board.id}/snapshots`, { headers: { authorization: `Bearer ${board.ownerToken}` } });
        return ((await response.json()) as SnapshotList).snapshots.filter((entry) => entry.kind === 'version');
      };
      addCard(editor.doc, 'shape:v1', 'Eerste');
      await waitFor(async () => (await versions()).length === 1, 'a first version');
      // Many commits within one interval: still one version.
      for (let i = 0; i < 5; i++) addCard(editor.doc, `shape:burst${i}`, `Snel ${i}`);
      await waitFor(async () => {
        const viewerSees = await versions();
        return viewerSees.length === 1;
      }, 'still one version');
      const started = Date.now();
      await waitFor(() => Date.now() - started > 350, 'the interval to pass', 2_000);
      addCard(editor.doc, 'shape:v2', 'Later');
      const two = await waitFor(async () => ((await versions()).length === 2 ? await versions() : null), 'a second version');
      expect(two[0]!.label).toBe('Automatische versie');
      expect(two[0]!.changes.opportunitiesAdded).toContain('Later');
    } finally {
      for (const client of local) client.destroy();
      await fast.stop();
    }
  });
});
