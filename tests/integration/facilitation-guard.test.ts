/**
 * The facilitator's controls are the owner's, enforced on the server against modified
 * clients: the timer's HTTP commands need the owner token, no client (the owner's included)
 * can write the timer into the doc with raw Yjs updates, and only an owner connection's
 * awareness can carry presenter mode or a summon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { newParticipantKey, participantIdOf, facilitationAwarenessField, timerFromMeta, timerMetaKey, type ServerClock, type TimerResponse, type TimerState } from '@koppelbord/contract';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const documentId = 'document:document';
let server: TestServer;
let boardId: string;
let ownerToken: string;
let editToken: string;
let viewToken: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const board = await server.createBoard();
  boardId = board.id;
  ownerToken = board.ownerToken;
  editToken = tokenOf(board.links.edit);
  viewToken = tokenOf(board.links.view);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

async function connect(token: string): Promise<TestClient> {
  const client = await connectSynced(server.wsUrl, boardId, token);
  clients.push(client);
  return client;
}

function timerCall(token: string | null, body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(`${server.url}/api/boards/${boardId}/timer`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const documentOf = (doc: Y.Doc) => readRecordEntry(getRecordsMap(doc).get(documentId)) as { meta: Record<string, unknown>; name: string };
const timerIn = (doc: Y.Doc) => timerFromMeta(documentOf(doc).meta);

/** What a modified client does: writes the document record's meta as it likes, straight into the doc. */
function writeTimerRaw(doc: Y.Doc, timer: unknown): void {
  doc.transact(() => {
    const document = documentOf(doc);
    writeRecordEntry(getRecordsMap(doc), documentId, { ...document, meta: { ...document.meta, [timerMetaKey]: timer } });
  });
}

async function revertedTimers(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(text.match(/^koppelbord_records_reverted_total\{reason="facilitation_timer"\} (\S+)$/m)?.[1] ?? 0);
}

describe('timer commands over HTTP', () => {
  it('only the owner token starts the timer; the server stamps it with its own clock and every client gets it', async () => {
    const observer = await connect(viewToken);
    for (const token of [editToken, viewToken]) {
      const refused = await timerCall(token, { action: 'start', minutes: 5 });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('owner_only');
    }
    expect((await timerCall(null, { action: 'start', minutes: 5 })).status).toBe(401);
    expect(timerIn(observer.doc)).toBeNull();

    const before = Date.now();
    const started = await timerCall(ownerToken, { action: 'start', minutes: 5 });
    expect(started.status).toBe(200);
    const body = (await started.json()) as TimerResponse;
    expect(body.timer).toEqual({ status: 'running', endsAt: body.now + 300_000, durationMs: 300_000 });
    expect(body.now).toBeGreaterThanOrEqual(before);
    const seen = await waitFor(() => timerIn(observer.doc), 'the viewer to receive the timer');
    expect(seen).toEqual(body.timer);
  });

  it('pause, extend, resume and stop follow the timer’s rules; bad commands get a clear error and change nothing', async () => {
    const observer = await connect(editToken);
    await timerCall(ownerToken, { action: 'start', minutes: 3 });
    const paused = (await (await timerCall(ownerToken, { action: 'pause' })).json()) as TimerResponse;
    expect(paused.timer?.status).toBe('paused');
    const left = (paused.timer as Extract<TimerState, { status: 'paused' }>).remainingMs;
    expect(left).toBeGreaterThan(170_000);
    expect(left).toBeLessThanOrEqual(180_000);

    const again = await timerCall(ownerToken, { action: 'pause' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('timer_not_running');

    const extended = (await (await timerCall(ownerToken, { action: 'extend', minutes: 1 })).json()) as TimerResponse;
    expect(extended.timer).toEqual({ status: 'paused', remainingMs: left + 60_000, durationMs: 240_000 });

    for (const bad of [{ action: 'start', minutes: 0 }, { action: 'start', minutes: 241 }, { action: 'start', minutes: 2.5 }, { action: 'explode' }, { action: 'start', minutes: 5, endsAt: 0 }]) {
      const response = await timerCall(ownerToken, bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    expect((await timerCall(ownerToken, 'action=stop', 'application/x-www-form-urlencoded')).status).toBe(415);
    const tooLong = await timerCall(ownerToken, { action: 'extend', minutes: 240 });
    expect(tooLong.status).toBe(409);
    expect(timerIn(observer.doc)?.status).toBe('paused');

    const resumed = (await (await timerCall(ownerToken, { action: 'resume' })).json()) as TimerResponse;
    expect(resumed.timer).toEqual({ status: 'running', endsAt: resumed.now + left + 60_000, durationMs: 240_000 });
    await waitFor(() => timerIn(observer.doc)?.status === 'running', 'the editor to see it running again');

    const stopped = (await (await timerCall(ownerToken, { action: 'stop' })).json()) as TimerResponse;
    expect(stopped.timer).toBeNull();
    await waitFor(() => timerIn(observer.doc) === null, 'the editor to see it stopped');
    expect((await timerCall(ownerToken, { action: 'resume' })).status).toBe(409);
  });

  it('the clock endpoint answers any token of the board with the server’s time, and no one without', async () => {
    for (const token of [ownerToken, editToken, viewToken]) {
      const response = await fetch(`${server.url}/api/boards/${boardId}/clock`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const { now } = (await response.json()) as ServerClock;
      expect(Math.abs(now - Date.now())).toBeLessThan(5_000);
    }
    expect((await fetch(`${server.url}/api/boards/${boardId}/clock`)).status).toBe(401);
  });
});

describe('a modified client writing the timer into the doc', () => {
  it('is put back for an editor and for the owner’s own connection alike', async () => {
    await timerCall(ownerToken, { action: 'start', minutes: 10 });
    const honest = await connect(viewToken);
    const editor = await connect(editToken);
    const owner = await connect(ownerToken);
    const official = await waitFor(() => (timerIn(editor.doc)?.durationMs === 600_000 ? timerIn(editor.doc) : undefined), 'the editor to have the timer');
    await waitFor(() => timerIn(owner.doc)?.durationMs === 600_000, 'the owner’s raw client to have the timer');
    const revertsBefore = await revertedTimers();

    // An editor stops the timer for everyone.
    editor.doc.transact(() => {
      const document = documentOf(editor.doc);
      const { [timerMetaKey]: _timer, ...meta } = document.meta;
      writeRecordEntry(getRecordsMap(editor.doc), documentId, { ...document, meta });
    });
    await waitFor(async () => (await revertedTimers()) > revertsBefore, 'the server to put the timer back');
    // Its own doc gets the timer back (the server's revert comes in like any change).
    await waitFor(() => JSON.stringify(timerIn(editor.doc)) === JSON.stringify(official), 'the editor’s doc to have the timer again');

    // The owner's connection may not forge a timer either (it would carry the owner's clock, not the server's).
    writeTimerRaw(owner.doc, { status: 'running', endsAt: Date.now() + 3_600_000, durationMs: 3_600_000 });
    await waitFor(async () => (await revertedTimers()) > revertsBefore + 1, 'the server to put the owner’s forged timer back');
    await waitFor(() => JSON.stringify(timerIn(owner.doc)) === JSON.stringify(official), 'the owner’s doc to have the server’s timer again');

    // Nothing of either reached the honest viewer; other document changes still do.
    expect(timerIn(honest.doc)).toEqual(official);
    await fetch(`${server.url}/api/boards/${boardId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ title: 'Na de aanval' }),
    });
    await waitFor(() => documentOf(honest.doc).name === 'Na de aanval', 'the rename to reach the viewer');
    expect(timerIn(honest.doc)).toEqual(official);
  });
});

describe('presenter state in awareness', () => {
  it('is relayed from the owner’s connection only; an editor’s state carrying it reaches no one', async () => {
    const watcher = await connect(viewToken);
    const editor = await connect(editToken);
    const owner = await connect(ownerToken);
    const seen: unknown[] = [];
    watcher.provider.awareness.on('change', () => {
      for (const [clientId, state] of watcher.provider.awareness.getStates()) if (clientId === editor.doc.clientID) seen.push(state);
    });
    const presenting = { presenting: { id: 'p1' }, summon: { id: 's1', pageId: 'page:page', bounds: { x: 0, y: 0, w: 800, h: 600 } } };

    editor.provider.awareness.setLocalState({ name: 'Mallory', [facilitationAwarenessField]: presenting });
    owner.provider.awareness.setLocalState({ name: 'Anna', [facilitationAwarenessField]: presenting });
    await waitFor(() => (watcher.provider.awareness.getStates().get(owner.doc.clientID) as Record<string, unknown> | undefined)?.[facilitationAwarenessField], 'the owner’s presenter state at the viewer');

    // The editor's next state, without the field, does arrive: the one before it was dropped, not delayed.
    editor.provider.awareness.setLocalState({ name: 'Mallory', round: 2 });
    await waitFor(() => (watcher.provider.awareness.getStates().get(editor.doc.clientID) as { round?: number } | undefined)?.round === 2, 'the editor’s plain state');
    expect(seen.some((state) => typeof state === 'object' && state !== null && facilitationAwarenessField in state)).toBe(false);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(text.match(/^koppelbord_rejected_messages_total\{reason="awareness_restricted"\} (\S+)$/m)?.[1] ?? 0)).toBeGreaterThan(0);
  });
});

describe('presence under someone else’s user id', () => {
  /** A stock client that sends a participant key, as the web client does. */
  async function connectWithKey(token: string, key: string): Promise<WebsocketProvider> {
    const provider = new WebsocketProvider(server.wsUrl, boardId, new Y.Doc(), {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token, participant: key },
      disableBc: true,
    });
    await waitFor(() => provider.synced, 'the keyed client to sync');
    return provider;
  }

  it('is dropped, so no editor can lead the owner’s followers; one’s own user id is relayed', async () => {
    const annaKey = newParticipantKey();
    const annaUser = `user:${await participantIdOf(annaKey)}`;
    const malloryKey = newParticipantKey();
    const malloryUser = `user:${await participantIdOf(malloryKey)}`;
    const watcher = await connect(viewToken);
    const anna = await connectWithKey(ownerToken, annaKey);
    const mallory = await connectWithKey(editToken, malloryKey);
    const keyless = await connect(editToken);
    const userIdsSeen = new Map<number, unknown[]>();
    watcher.provider.awareness.on('change', () => {
      for (const [clientId, state] of watcher.provider.awareness.getStates()) {
        const seen = userIdsSeen.get(clientId) ?? [];
        seen.push((state as { presence?: { userId?: unknown } }).presence?.userId);
        userIdsSeen.set(clientId, seen);
      }
    });
    try {
      anna.awareness.setLocalState({ presence: { userId: annaUser, userName: 'Anna' }, [facilitationAwarenessField]: { presenting: { id: 'p2' }, summon: null } });
      mallory.awareness.setLocalState({ presence: { userId: annaUser, userName: 'Anna' } });
      keyless.provider.awareness.setLocalState({ presence: { userId: annaUser, userName: 'Anna' } });
      await waitFor(() => (watcher.provider.awareness.getStates().get(anna.doc.clientID) as { presence?: { userId?: string } } | undefined)?.presence?.userId === annaUser, 'Anna’s presence at the viewer');
      mallory.awareness.setLocalState({ presence: { userId: malloryUser, userName: 'Mallory' } });
      await waitFor(() => (watcher.provider.awareness.getStates().get(mallory.doc.clientID) as { presence?: { userId?: string } } | undefined)?.presence?.userId === malloryUser, 'Mallory’s own presence');
      keyless.provider.awareness.setLocalState({ user: { name: 'no key, no presence' } });
      await waitFor(() => (watcher.provider.awareness.getStates().get(keyless.doc.clientID) as { user?: unknown } | undefined)?.user, 'the keyless client’s plain state');
      for (const clientId of [mallory.doc.clientID, keyless.doc.clientID]) expect(userIdsSeen.get(clientId) ?? []).not.toContain(annaUser);
    } finally {
      anna.destroy();
      mallory.destroy();
    }
  });
});
