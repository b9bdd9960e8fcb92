import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessEndReasons, CloseCode, type CreateBoardResponse, type InviteSummary } from '@koppelbord/contract';
import { connectClient, connectSynced, type TestClient } from '../helpers/client.ts';
import { expectJsonError } from '../helpers/http-checks.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { api, claimsOf, createInvite, firstClose, listInvites, refusedWith, rejectedCount } from './invites-helpers.ts';

let server: TestServer;
const clients: TestClient[] = [];
const track = (client: TestClient) => (clients.push(client), client);
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

const synced = async (board: CreateBoardResponse | string, token: string) => track(await connectSynced(server.wsUrl, typeof board === 'string' ? board : board.id, token));
/** Records the server put back because they were locked scaffolding (Prometheus text). */
const revertedScaffold = async () => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('koppelbord_records_reverted_total{reason="locked_scaffold"}'));
  return line ? Number(line.split(' ').at(-1)) : 0;
};
const isOpen = (client: TestClient) => client.provider.wsconnected && client.closes.length === 0;

describe('invites', () => {
  it('a new board starts with owner, edit and view invites; the share dialog hands out the same ones again', async () => {
    const board = await server.createBoard();
    for (const token of [board.ownerToken, tokenOf(board.links.edit), tokenOf(board.links.view)]) expect(claimsOf(token)['inv']).toEqual(expect.any(String));
    const { invites } = await listInvites(server, board.id, board.ownerToken);
    // The owner link is not in the list (it is rotated, not revoked).
    expect(invites.map((i) => [i.role, i.label])).toEqual([
      ['editor', 'Bewerken'],
      ['viewer', 'Bekijken'],
    ]);
    const day = 24 * 3600 * 1000;
    for (const invite of invites) expect(Date.parse(invite.expiresAt!) - Date.parse(invite.createdAt)).toBe(14 * day);

    const links = async () => (await (await api(server, 'POST', `/api/boards/${board.id}/links`, board.ownerToken)).json()) as { edit: string; view: string };
    const first = await links();
    const second = await links();
    expect(claimsOf(tokenOf(first.edit))['inv']).toBe(claimsOf(tokenOf(board.links.edit))['inv']);
    expect(claimsOf(tokenOf(second.view))['inv']).toBe(claimsOf(tokenOf(board.links.view))['inv']);
    expect((await listInvites(server, board.id, board.ownerToken)).invites).toHaveLength(2);
  });

  it('creates labelled invites with the default expiry, and refuses "no expiry" unless allowed, for viewers only', async () => {
    const board = await server.createBoard();
    const invite = await createInvite(server, board.id, board.ownerToken, { role: 'editor', label: 'Welzijn' });
    expect(invite).toMatchObject({ role: 'editor', label: 'Welzijn', url: expect.stringContaining(`/b/${board.id}#token=`) });
    expect(Date.parse(invite.expiresAt!) - Date.now()).toBeGreaterThan(13.9 * 24 * 3600 * 1000);
    const week = await createInvite(server, board.id, board.ownerToken, { role: 'viewer', label: 'Bewoners', expiresInDays: 7 });
    expect(Date.parse(week.expiresAt!) - Date.now()).toBeLessThan(7 * 24 * 3600 * 1000 + 5_000);

    const refused = await expectJsonError(await api(server, 'POST', `/api/boards/${board.id}/invites`, board.ownerToken, { role: 'viewer', label: 'Raad', expiresInDays: null }), 400, 'unexpiring_not_allowed');
    expect(refused.error.message).toMatch(/ALLOW_UNEXPIRING_VIEW_LINKS/);
    await expectJsonError(await api(server, 'POST', `/api/boards/${board.id}/invites`, board.ownerToken, { role: 'owner', label: 'x' }), 400, 'invalid_input');
    await expectJsonError(await api(server, 'POST', `/api/boards/${board.id}/invites`, board.ownerToken, { role: 'editor', label: '' }), 400, 'invalid_input');

    const open = await startTestServer({ invites: { defaultTtlDays: 14, allowUnexpiringViewLinks: true } });
    try {
      const other = await open.createBoard();
      const forever = await createInvite(open, other.id, other.ownerToken, { role: 'viewer', label: 'Raad', expiresInDays: null });
      expect(forever.expiresAt).toBeNull();
      expect(claimsOf(forever.token)['exp']).toBeUndefined();
      expect((await api(open, 'GET', `/api/boards/${other.id}`, forever.token)).status).toBe(200);
      await expectJsonError(await api(open, 'POST', `/api/boards/${other.id}/invites`, other.ownerToken, { role: 'editor', label: 'x', expiresInDays: null }), 400, 'unexpiring_not_allowed');
    } finally {
      await open.stop();
    }
  });

  it('revoking closes that invite’s live connections within a second and refuses the link afterwards; another invite’s stay', async () => {
    const board = await server.createBoard();
    const withdrawn = await createInvite(server, board.id, board.ownerToken, { role: 'editor', label: 'Corporatie' });
    const kept = await createInvite(server, board.id, board.ownerToken, { role: 'editor', label: 'Netbeheerder' });
    const gone = [await synced(board, withdrawn.token), await synced(board, withdrawn.token)];
    const stays = await synced(board, kept.token);
    const viewer = await synced(board, tokenOf(board.links.view));
    await waitFor(async () => (await listInvites(server, board.id, board.ownerToken)).invites.find((i) => i.id === withdrawn.id)?.connected === 2, 'both connections counted');

    const started = performance.now();
    const response = await api(server, 'DELETE', `/api/boards/${board.id}/invites/${withdrawn.id}`, board.ownerToken);
    expect(response.status).toBe(204);
    const closes = await Promise.all(gone.map(firstClose));
    const elapsed = performance.now() - started;
    console.log(`revoke → both connections closed in ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(1000);
    for (const close of closes) expect(close).toEqual({ code: CloseCode.unauthorized, reason: accessEndReasons.revoked });
    // A 44xx close is final for the stock client: it stops reconnecting.
    await waitFor(() => gone.every((client) => !client.provider.shouldConnect), 'the revoked clients to give up');

    // The link no longer works: HTTP 401, and an upgrade accepted then closed with 4401.
    const http = await expectJsonError(await api(server, 'GET', `/api/boards/${board.id}`, withdrawn.token), 401, 'token_revoked');
    expect(http.error.message).toMatch(/invite revoked/);
    const upgrade = await refusedWith(server, board.id, withdrawn.token);
    expect(upgrade).toMatchObject({ opened: true, code: CloseCode.unauthorized, reason: accessEndReasons.revoked });
    // Refused before any board data went out.
    expect(upgrade.messages).toBe(0);

    // The other invite's connection and the viewer carry on, and still sync.
    expect(isOpen(stays) && isOpen(viewer)).toBe(true);
    stays.doc.getMap('probe').set('after-revoke', 1);
    await waitFor(() => viewer.doc.getMap('probe').get('after-revoke') === 1, 'an edit of the kept invite to reach the viewer');
    // A revoked invite stays revoked: its role cannot be changed, and revoking it again changes nothing.
    await expectJsonError(await api(server, 'PATCH', `/api/boards/${board.id}/invites/${withdrawn.id}`, board.ownerToken, { role: 'viewer' }), 409, 'invite_revoked');
    expect((await api(server, 'DELETE', `/api/boards/${board.id}/invites/${withdrawn.id}`, board.ownerToken)).status).toBe(204);
    await expectJsonError(await api(server, 'DELETE', `/api/boards/${board.id}/invites/nope`, board.ownerToken), 404, 'invite_not_found');
    const listed = (await listInvites(server, board.id, board.ownerToken)).invites.find((i) => i.id === withdrawn.id)!;
    expect(listed).toMatchObject({ revokedAt: expect.any(String), connected: 0, uses: 2 });
    expect(listed.lastUsedAt).toEqual(expect.any(String));
  });

  it('changing an invite’s role takes effect on its live connections at once, both ways, without a reconnect', async () => {
    const board = await server.createBoard();
    const invite = await createInvite(server, board.id, board.ownerToken, { role: 'editor', label: 'Onderwijs' });
    const writer = await synced(board, invite.token);
    const observer = await synced(board, tokenOf(board.links.edit));
    const socket = writer.provider.ws;
    const patch = (role: string) => api(server, 'PATCH', `/api/boards/${board.id}/invites/${invite.id}`, board.ownerToken, { role });

    writer.doc.getMap('probe').set('as-editor', 1);
    await waitFor(() => observer.doc.getMap('probe').get('as-editor') === 1, 'the editor’s edit to arrive');

    const toViewer = await patch('viewer');
    expect(toViewer.status).toBe(200);
    expect(((await toViewer.json()) as InviteSummary).role).toBe('viewer');
    const refusedBefore = await rejectedCount(server, 'viewer_write');
    writer.doc.getMap('probe').set('as-viewer', 1);
    await waitFor(async () => (await rejectedCount(server, 'viewer_write')) > refusedBefore, 'the server to refuse the viewer’s edit');
    expect(observer.doc.getMap('probe').get('as-viewer')).toBeUndefined();
    // The refused write is in the audit log, with the invite's label and the role it had.
    const audit = async () => ((await (await api(server, 'GET', `/api/boards/${board.id}/audit`, board.ownerToken)).json()) as { entries: { action: string; actor: { role: string }; detail: Record<string, unknown> }[] }).entries;
    const refusal = await waitFor(async () => (await audit()).find((e) => e.action === 'write.refused'), 'the refused write in the audit log');
    expect(refusal).toMatchObject({ actor: { role: 'viewer' }, detail: { label: 'Onderwijs', inviteId: invite.id, reason: 'viewer_write', count: 1 } });
    // HTTP calls see the new role too.
    expect(((await (await api(server, 'GET', `/api/boards/${board.id}`, invite.token)).json()) as { role: string }).role).toBe('viewer');

    expect((await patch('editor')).status).toBe(200);
    writer.doc.getMap('probe').set('editor-again', 1);
    await waitFor(() => observer.doc.getMap('probe').get('editor-again') === 1, 'the edit made as editor again to arrive');
    // Same socket throughout: no reconnect was needed.
    expect(writer.provider.ws).toBe(socket);
    expect(writer.closes).toEqual([]);
  });

  it('the owner ends one participant’s session by presence id; others stay', async () => {
    const board = await server.createBoard();
    const target = await synced(board, tokenOf(board.links.edit));
    const other = await synced(board, tokenOf(board.links.edit));
    // The participant list shows presence ids; the web client announces a presence like this.
    target.provider.awareness.setLocalStateField('user', { name: 'Anna' });
    const path = `/api/boards/${board.id}/connections/${target.doc.clientID}`;
    await expectJsonError(await api(server, 'DELETE', path, tokenOf(board.links.edit)), 403, 'owner_only');
    await expectJsonError(await api(server, 'DELETE', `/api/boards/${board.id}/connections/12345`, board.ownerToken), 404, 'participant_not_found');
    await expectJsonError(await api(server, 'DELETE', `/api/boards/${board.id}/connections/abc`, board.ownerToken), 400, 'invalid_client_id');
    // Its presence reaches the server shortly after it synced.
    await waitFor(async () => (await api(server, 'DELETE', path, board.ownerToken)).status === 204, 'the session to be ended');
    expect(await firstClose(target)).toEqual({ code: CloseCode.unauthorized, reason: accessEndReasons.ended });
    expect(isOpen(other)).toBe(true);
  });

  it('renames and deletes a board: everyone on it is closed, its links answer 404/4404 afterwards', async () => {
    const board = await server.createBoard('Oud');
    const renamed = await api(server, 'PATCH', `/api/boards/${board.id}`, board.ownerToken, { title: 'Wijk Noord' });
    expect(renamed.status).toBe(200);
    expect(((await (await api(server, 'GET', `/api/boards/${board.id}`, tokenOf(board.links.view))).json()) as { title: string }).title).toBe('Wijk Noord');
    await expectJsonError(await api(server, 'PATCH', `/api/boards/${board.id}`, board.ownerToken, { title: '' }), 400, 'invalid_input');
    // The board's own document is renamed too (what every open page shows), by the server.
    const reader = await synced(board, tokenOf(board.links.view));
    const documentName = () => (readRecordEntry(getRecordsMap(reader.doc).get('document:document')) as { name?: string } | undefined)?.name;
    expect(documentName()).toBe('Wijk Noord');
    await api(server, 'PATCH', `/api/boards/${board.id}`, board.ownerToken, { title: 'Wijk Noord-Oost' });
    await waitFor(() => documentName() === 'Wijk Noord-Oost', 'the open page to see the new name');

    const editor = await synced(board, tokenOf(board.links.edit));
    const viewer = await synced(board, tokenOf(board.links.view));
    editor.doc.getMap('probe').set('x', 1);
    await waitFor(() => viewer.doc.getMap('probe').get('x') === 1, 'an edit before the delete');
    expect((await api(server, 'DELETE', `/api/boards/${board.id}`, board.ownerToken)).status).toBe(204);
    for (const client of [editor, viewer]) expect(await firstClose(client)).toEqual({ code: CloseCode.unauthorized, reason: accessEndReasons.boardDeleted });

    await expectJsonError(await api(server, 'GET', `/api/boards/${board.id}`, tokenOf(board.links.edit)), 404, 'board_not_found');
    await expectJsonError(await api(server, 'DELETE', `/api/boards/${board.id}`, board.ownerToken), 404, 'board_not_found');
    expect(await refusedWith(server, board.id, tokenOf(board.links.edit))).toMatchObject({ opened: true, code: CloseCode.unknownBoard });
  });

  it('rotating the owner link: a new owner token, the old one refused and its connections closed', async () => {
    const board = await server.createBoard();
    const ownerSession = await synced(board, board.ownerToken);
    const response = await api(server, 'POST', `/api/boards/${board.id}/owner-link`, board.ownerToken);
    expect(response.status).toBe(201);
    const { ownerToken, url } = (await response.json()) as { ownerToken: string; url: string };
    expect(tokenOf(url)).toBe(ownerToken);
    expect(await firstClose(ownerSession)).toEqual({ code: CloseCode.unauthorized, reason: accessEndReasons.revoked });
    await expectJsonError(await api(server, 'GET', `/api/boards/${board.id}/invites`, board.ownerToken), 401, 'token_revoked');
    expect((await api(server, 'GET', `/api/boards/${board.id}/invites`, ownerToken)).status).toBe(200);
  });

  it('a modified client with an editor or viewer token cannot manage invites, rotate, rename or delete the board', async () => {
    const board = await server.createBoard();
    const { invites } = await listInvites(server, board.id, board.ownerToken);
    const inviteId = invites[0]!.id;
    for (const token of [tokenOf(board.links.edit), tokenOf(board.links.view)]) {
      const calls: [string, string, unknown?][] = [
        ['POST', `/api/boards/${board.id}/invites`, { role: 'editor', label: 'Ik' }],
        ['GET', `/api/boards/${board.id}/invites`],
        ['PATCH', `/api/boards/${board.id}/invites/${inviteId}`, { role: 'viewer' }],
        ['DELETE', `/api/boards/${board.id}/invites/${inviteId}`],
        ['POST', `/api/boards/${board.id}/owner-link`],
        ['PATCH', `/api/boards/${board.id}`, { title: 'Overgenomen' }],
        ['DELETE', `/api/boards/${board.id}`],
        ['DELETE', `/api/boards/${board.id}/connections/1`],
        ['POST', `/api/boards/${board.id}/links`],
      ];
      for (const [method, path, body] of calls) await expectJsonError(await api(server, method, path, token, body), 403, 'owner_only');
    }
    // Nothing changed.
    const after = await listInvites(server, board.id, board.ownerToken);
    expect(after.invites.map((i) => [i.id, i.role, i.revokedAt])).toEqual(invites.map((i) => [i.id, i.role, i.revokedAt]));
    expect(((await (await api(server, 'GET', `/api/boards/${board.id}`, board.ownerToken)).json()) as { title: string }).title).toBe('Testbord');
    // An owner token of another board is no owner here.
    const other = await server.createBoard();
    await expectJsonError(await api(server, 'DELETE', `/api/boards/${board.id}`, other.ownerToken), 403, 'token_wrong_board');
  });

  it('the audit log records each action with the role and the invite label, and holds no token', async () => {
    const board = await server.createBoard();
    const invite = await createInvite(server, board.id, board.ownerToken, { role: 'editor', label: 'Zorg' });
    await api(server, 'PATCH', `/api/boards/${board.id}/invites/${invite.id}`, board.ownerToken, { role: 'viewer' });
    await api(server, 'DELETE', `/api/boards/${board.id}/invites/${invite.id}`, board.ownerToken);
    await api(server, 'PATCH', `/api/boards/${board.id}`, board.ownerToken, { title: 'Wijk Zuid' });
    const participant = await synced(board, tokenOf(board.links.edit));
    participant.provider.awareness.setLocalStateField('user', { name: 'Bert' });
    await waitFor(async () => (await api(server, 'DELETE', `/api/boards/${board.id}/connections/${participant.doc.clientID}`, board.ownerToken)).status === 204, 'the session to be ended');
    const rotated = (await (await api(server, 'POST', `/api/boards/${board.id}/owner-link`, board.ownerToken)).json()) as { ownerToken: string };

    const response = await api(server, 'GET', `/api/boards/${board.id}/audit`, rotated.ownerToken);
    expect(response.status).toBe(200);
    const text = await response.text();
    const { entries } = JSON.parse(text) as { entries: { action: string; actor: { role: string }; detail: Record<string, unknown> }[] };
    expect(entries.map((e) => e.action)).toEqual(['invite.create', 'invite.role', 'invite.revoke', 'board.rename', 'session.end', 'owner.rotate']);
    for (const entry of entries) {
      expect(entry.actor.role).toBe('owner');
      expect(entry.detail['actorInvite']).toBe('Eigenaar');
    }
    expect(entries[0]!.detail).toMatchObject({ label: 'Zorg', role: 'editor', inviteId: invite.id });
    expect(entries[1]!.detail).toMatchObject({ label: 'Zorg', from: 'editor', to: 'viewer' });
    expect(entries[4]!.detail).toMatchObject({ label: 'Bewerken', role: 'editor', clientId: participant.doc.clientID });
    for (const token of [board.ownerToken, rotated.ownerToken, invite.token, tokenOf(board.links.edit), tokenOf(board.links.view)]) {
      expect(text).not.toContain(token);
      // Not even the signature part of one.
      expect(text).not.toContain(token.split('.')[2]!);
    }
  });

  it('an editor’s change to locked scaffolding is in the audit log with its invite’s label, once a minute however often it is tried', async () => {
    const board = await createTemplateBoard(server.url, 'Wijk West');
    const invite = await createInvite(server, board.id, board.ownerToken, { role: 'editor', label: 'Sociaal team' });
    const editor = await synced(board.id, invite.token);
    const heading = 'shape:template-heading-domains';
    const move = (dx: number) =>
      editor.doc.transact(() => {
        const record = readRecordEntry(getRecordsMap(editor.doc).get(heading)!) as { x: number };
        writeRecordEntry(getRecordsMap(editor.doc), heading, { ...record, x: record.x + dx });
      });
    const audit = async () =>
      ((await (await api(server, 'GET', `/api/boards/${board.id}/audit`, board.ownerToken)).json()) as { entries: { action: string; actor: { role: string }; detail: Record<string, unknown> }[] }).entries.filter(
        (e) => e.action === 'write.refused',
      );
    const original = (readRecordEntry(getRecordsMap(editor.doc).get(heading)!) as { x: number }).x;
    move(500);
    const first = await waitFor(async () => (await audit())[0], 'the refused change in the audit log');
    expect(first).toMatchObject({ actor: { role: 'editor' }, detail: { reason: 'locked_scaffold', label: 'Sociaal team', inviteId: invite.id, count: 1 } });
    // Tried again and again: put back each time, but no new entry within the minute.
    const revertedBefore = await revertedScaffold();
    // One after the other, each once the last was put back: a move concurrent with the
    // server's put-back may lose to it in Yjs (then there is nothing to put back), so a
    // burst would make the count depend on client ids.
    const x = () => (readRecordEntry(getRecordsMap(editor.doc).get(heading)!) as { x: number }).x;
    await waitFor(() => x() === original, 'the first change put back at the editor');
    for (let i = 1; i <= 5; i++) {
      move(10);
      await waitFor(async () => (await revertedScaffold()) >= revertedBefore + i && x() === original, `change ${i} put back too`);
    }
    expect(await audit()).toHaveLength(1);
  });

  it('tokens without an invite (from before invites) keep working until they expire', async () => {
    const board = await server.createBoard();
    const legacy = await server.tokens.issue(board.id, 'editor');
    expect(claimsOf(legacy)['inv']).toBeUndefined();
    expect((await api(server, 'GET', `/api/boards/${board.id}`, legacy)).status).toBe(200);
    const client = track(connectClient(server.wsUrl, board.id, legacy));
    await waitFor(() => client.provider.synced, 'a token without an invite to sync');
  });
});
