import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { accessEndReasons, CloseCode } from '@koppelbord/contract';
import { SqliteStore } from '@koppelbord/server';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { expectJsonError } from '../helpers/http-checks.ts';
import { openRawSocket, type RawSocket } from '../helpers/raw-socket.ts';
import { startTestServer, tempDataDir, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { api, createInvite, firstClose, headerOf, refusedWith } from './invites-helpers.ts';

const servers: TestServer[] = [];
const clients: TestClient[] = [];
const sockets: RawSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) await server.stop();
});
const started = async (...args: Parameters<typeof startTestServer>) => {
  const server = await startTestServer(...args);
  servers.push(server);
  return server;
};

describe('invite expiry', () => {
  it('closes an invite’s live connections at the moment it expires, with no client message, and refuses the link after', async () => {
    const dataDir = tempDataDir();
    const store = SqliteStore.open(dataDir, { durability: 'process-crash' });
    const server = await started({ dataDir }, { store });
    const board = await server.createBoard();
    // An invite that ends in 1.5 s, written straight into the store (no API takes seconds).
    const expiresAt = new Date(Date.now() + 1500);
    const invite = { id: 'short-lived-invite', boardId: board.id, role: 'editor' as const, label: 'Kort', createdAt: new Date(), expiresAt, revokedAt: null, uses: 0, lastUsedAt: null };
    await store.createInvites([invite]);
    const token = await server.access.tokenFor(invite);

    const client = await connectSynced(server.wsUrl, board.id, token);
    clients.push(client);
    // A raw socket that sends nothing at all after it opened: only the server's timer can end it.
    const silent = await openRawSocket(server.wsUrl, board.id, token);
    sockets.push(silent);
    const other = await connectSynced(server.wsUrl, board.id, tokenOf(board.links.edit));
    clients.push(other);

    const close = await firstClose(client);
    const lateMs = Date.now() - expiresAt.getTime();
    const silentClose = await waitFor(() => silent.close, 'the silent socket to be closed');
    console.log(`invite expiry → connection closed ${lateMs} ms after the expiry time`);
    expect(close).toEqual({ code: CloseCode.unauthorized, reason: accessEndReasons.expired });
    expect(silentClose).toEqual({ code: CloseCode.unauthorized, reason: accessEndReasons.expired });
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(500);
    expect(other.provider.wsconnected && other.closes.length === 0).toBe(true);

    const http = await expectJsonError(await api(server, 'GET', `/api/boards/${board.id}`, token), 401, 'token_expired');
    expect(http.error.message).toMatch(/invite expired/);
    expect(await refusedWith(server, board.id, token)).toMatchObject({ opened: true, code: CloseCode.unauthorized, reason: accessEndReasons.expired, messages: 0 });
  });
});

describe('board deletion', () => {
  it('deletes everything of the board but keeps its audit log, which names the deletion and holds no token', async () => {
    const dataDir = tempDataDir();
    const store = SqliteStore.open(dataDir, { durability: 'process-crash' });
    const server = await started({ dataDir }, { store });
    const board = await server.createBoard('Te verwijderen');
    const invite = await createInvite(server, board.id, board.ownerToken, { role: 'viewer', label: 'Raad' });
    const client = await connectSynced(server.wsUrl, board.id, tokenOf(board.links.edit));
    clients.push(client);
    client.doc.getMap('probe').set('x', 1);
    await waitFor(async () => (await store.loadDocument(board.id)).updates.length > 1, 'the edit to be stored');

    expect((await api(server, 'DELETE', `/api/boards/${board.id}`, board.ownerToken)).status).toBe(204);
    expect(await firstClose(client)).toEqual({ code: CloseCode.unauthorized, reason: accessEndReasons.boardDeleted });
    expect(await store.getBoard(board.id)).toBeUndefined();
    expect(await store.listInvites(board.id)).toEqual([]);
    expect(await store.listSnapshots(board.id)).toEqual([]);
    // Nothing of the board is written after it was deleted (no compaction, no end-of-session snapshot).
    await server.snapshots.idle();
    expect(await store.loadDocument(board.id)).toEqual({ snapshot: null, updates: [], headSeq: 0 });

    const audit = await store.listAudit(board.id);
    expect(audit.map((entry) => entry.action)).toEqual(['invite.create', 'board.delete']);
    expect(audit[1]).toMatchObject({ actor: { role: 'owner', name: null }, detail: { title: 'Te verwijderen', actorInvite: 'Eigenaar' } });
    const text = JSON.stringify(audit);
    for (const token of [board.ownerToken, invite.token, tokenOf(board.links.edit), tokenOf(board.links.view)]) expect(text).not.toContain(token.split('.')[2]!);
  });
});

describe('AUTH_SECRET rotation', () => {
  const first = 'the-first-secret-of-this-municipality-0001';
  const second = 'the-second-secret-of-this-municipality-0002';
  /** A token as the version before key ids made it: no kid, no invite. */
  const legacyToken = (boardId: string, secret: string) =>
    new SignJWT({ bid: boardId, role: 'editor' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setAudience('koppelbord:board')
      .setJti('legacy')
      .setExpirationTime(Math.floor(Date.now() / 1000) + 3600)
      .sign(new TextEncoder().encode(secret));

  it('keeps tokens of a previous key valid while it is listed, signs new ones with the current key, and ends them when it is removed', async () => {
    const dataDir = tempDataDir();
    let server = await startTestServer({ dataDir, authSecret: first });
    const board = await server.createBoard();
    const editToken = tokenOf(board.links.edit);
    const legacy = await legacyToken(board.id, first);
    const oldKid = headerOf(board.ownerToken)['kid'];
    expect(oldKid).toEqual(expect.any(String));
    await server.stop({ keepData: true });

    // Rotated: the new key signs, the old one still verifies.
    server = await startTestServer({ dataDir, authSecret: second, previousAuthSecrets: [first] });
    for (const token of [board.ownerToken, editToken, legacy]) expect((await api(server, 'GET', `/api/boards/${board.id}`, token)).status).toBe(200);
    const client = await connectSynced(server.wsUrl, board.id, editToken);
    client.destroy();
    const fresh = await createInvite(server, board.id, board.ownerToken, { role: 'editor', label: 'Na rotatie' });
    expect(headerOf(fresh.token)['kid']).not.toBe(oldKid);
    await server.stop({ keepData: true });

    // The old key removed: its tokens end, the new key's keep working.
    server = await started({ dataDir, authSecret: second });
    for (const token of [board.ownerToken, editToken, legacy]) await expectJsonError(await api(server, 'GET', `/api/boards/${board.id}`, token), 401, 'token_invalid');
    expect(await refusedWith(server, board.id, editToken)).toMatchObject({ opened: true, code: CloseCode.unauthorized });
    expect((await api(server, 'GET', `/api/boards/${board.id}`, fresh.token)).status).toBe(200);
  });
});

describe('board creation switches', () => {
  const importBody = { title: 'Import', file: { tldrawFileFormatVersion: 1, schema: {}, records: [] } };
  const post = (server: TestServer, path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('BOARD_CREATE_TOKEN: creating and importing boards needs it', async () => {
    const createToken = 'operator-chosen-create-token-0123456789';
    const server = await started({ boardCreation: { enabled: true, token: createToken } });
    const refused = await expectJsonError(await post(server, '/api/boards', { title: 'x' }), 401, 'board_create_token_required');
    expect(refused.error.message).toMatch(/BOARD_CREATE_TOKEN/);
    await expectJsonError(await post(server, '/api/boards', { title: 'x' }, 'wrong-token-of-the-same-length-000000000'), 401, 'board_create_token_required');
    await expectJsonError(await post(server, '/api/boards/import', importBody), 401, 'board_create_token_required');
    expect((await post(server, '/api/boards', { title: 'x' }, createToken)).status).toBe(201);
  });

  it('BOARD_CREATE=off: nobody creates or imports boards', async () => {
    const server = await started({ boardCreation: { enabled: false, token: null } });
    const refused = await expectJsonError(await post(server, '/api/boards', { title: 'x' }), 403, 'board_creation_off');
    expect(refused.error.message).toMatch(/BOARD_CREATE=off/);
    await expectJsonError(await post(server, '/api/boards/import', importBody), 403, 'board_creation_off');
  });
});
