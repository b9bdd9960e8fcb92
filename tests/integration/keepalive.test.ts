import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

// The stock client drops a socket after 30 s with nothing received (not configurable);
// the server's keepalive interval is, so the idle period here is just past those 30 s.
const stockClientTimeoutMs = 30_000;

let server: TestServer;
let viewer: TestClient | undefined;
beforeAll(async () => {
  server = await startTestServer({ sync: { keepaliveMs: 2_000, pingIntervalMs: 1_000 } });
});
afterAll(async () => {
  viewer?.destroy();
  await server.stop();
});

describe('keepalive', () => {
  it('a lone idle viewer stays connected past the stock client’s 30 s timeout', { timeout: 60_000 }, async () => {
    const board = await server.createBoard();
    viewer = await connectSynced(server.wsUrl, board.id, tokenOf(board.links.view));
    // No local presence: the client itself sends nothing, so only the server keeps it alive.
    viewer.provider.awareness.setLocalState(null);
    const socket = viewer.provider.ws;
    const statuses: string[] = [];
    viewer.provider.on('status', ({ status }) => statuses.push(status));

    const idleUntil = Date.now() + stockClientTimeoutMs + 4_000;
    await waitFor(() => Date.now() > idleUntil, 'the idle period to pass', stockClientTimeoutMs + 10_000, 250);

    expect(statuses).toEqual([]);
    expect(viewer.closes).toEqual([]);
    expect(viewer.provider.ws).toBe(socket);
    expect(viewer.provider.wsconnected).toBe(true);
  });
});

describe('dead peers', () => {
  it('terminates a socket that stops answering pings', async () => {
    const { default: WebSocket } = await import('ws');
    const board = await server.createBoard();
    // autoPong off: this peer looks alive at the TCP level but never answers a ping.
    const socket = new WebSocket(`${server.wsUrl}/${board.id}?token=${tokenOf(board.links.edit)}`, { autoPong: false });
    let pings = 0;
    socket.on('ping', () => pings++);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    // Terminated without a close frame: the client sees 1006 (abnormal closure).
    expect(await closed).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    await waitFor(async () => ((await (await fetch(`${server.url}/healthz`)).json()) as { connections: number }).connections === (viewer ? 1 : 0), 'the server to drop the connection');
  });
});
