/**
 * Per-connection rate limits: a flood closes its sender (1008) while honest clients on the
 * same board carry on; an honest burst (1,000 small updates, a 4 MiB paste) passes with the
 * default limits. The honest clients' latency during a flood is printed, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@koppelbord/contract';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { syncStep1Frame, updateFrame } from '../fuzz/frames.ts';
import { openRawSocket, type RawSocket } from '../helpers/raw-socket.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

interface Board {
  server: TestServer;
  boardId: string;
  token: string;
  alice: TestClient;
  bob: TestClient;
}

async function openBoard(server: TestServer): Promise<Board> {
  const board = await server.createBoard();
  const token = tokenOf(board.links.edit);
  return { server, boardId: board.id, token, alice: await connectSynced(server.wsUrl, board.id, token), bob: await connectSynced(server.wsUrl, board.id, token) };
}

/** Alice writes a timestamped key every 10 ms while `flood` runs and for a second after; Bob's receive delays are returned. */
async function latencyWhile(board: Board, flood: Promise<unknown>): Promise<number[]> {
  const until = Promise.all([flood, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  const delays: number[] = [];
  const pings = board.bob.doc.getMap<number>('ping');
  const observer = (event: Y.YMapEvent<number>) => {
    for (const key of event.keysChanged) delays.push(performance.now() - pings.get(key)!);
  };
  pings.observe(observer);
  let running = true;
  void until.finally(() => (running = false));
  for (let i = 0; running && i < 3_000; i++) {
    board.alice.doc.getMap<number>('ping').set(`p${i}`, performance.now());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const expected = board.alice.doc.getMap('ping').size;
  await waitFor(() => pings.size === expected, 'Bob to receive every ping');
  pings.unobserve(observer);
  return delays;
}

function report(name: string, delays: number[]): void {
  const sorted = [...delays].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  console.log(`${name}: honest latency during the flood over ${sorted.length} pings: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
}

/** Sends `frames` as fast as the socket takes them, until the server closes it; resolves with the close. */
async function floodUntilClosed(socket: RawSocket, frames: readonly Uint8Array[]): Promise<{ code: number; reason: string }> {
  for (const f of frames) {
    if (socket.close) break;
    socket.send(f);
  }
  return waitFor(() => socket.close, 'the flooding socket to be closed');
}

/** `count` small updates as a real client makes them, each its own sync-update frame. */
function smallUpdates(count: number, root: string): Uint8Array[] {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => frames.push(updateFrame(update)));
  for (let i = 0; i < count; i++) doc.getMap(root).set(`k${i}`, i);
  return frames;
}

describe('rate limits with the defaults', () => {
  let server: TestServer;
  let board: Board;

  beforeAll(async () => {
    server = await startTestServer();
    board = await openBoard(server);
  });
  afterAll(async () => {
    board.alice.destroy();
    board.bob.destroy();
    await server.stop();
  });

  it('20,000 small updates on one socket: the sender is cut off, the others carry on', async () => {
    const mallory = await openRawSocket(server.wsUrl, board.boardId, board.token);
    const flood = floodUntilClosed(mallory, smallUpdates(20_000, 'flood'));
    report('message flood', await latencyWhile(board, flood));
    expect((await flood).code).toBe(CloseCode.policy);
    expect((await flood).reason).toMatch(/rate limit/);
    // Cut off long before the end: the burst (2,000) plus what refilled meanwhile.
    await waitFor(async () => board.bob.doc.getMap('flood').size > 0, 'part of the flood to be relayed');
    console.log(`message flood: ${board.bob.doc.getMap('flood').size} of 20000 updates accepted before the cut-off`);
    expect(board.bob.doc.getMap('flood').size).toBeLessThan(10_000);
    expect(board.alice.closes).toEqual([]);
    expect(board.bob.closes).toEqual([]);
  });

  it('an honest burst of 1,000 small updates passes', async () => {
    const writer = await connectSynced(server.wsUrl, board.boardId, board.token);
    try {
      // One transaction each, sent as fast as the client can: 1,000 frames.
      const updates: number[] = [];
      writer.doc.on('update', () => updates.push(1));
      for (let i = 0; i < 1_000; i++) writer.doc.getMap('burst').set(`k${i}`, i);
      expect(updates.length).toBe(1_000);
      await waitFor(() => board.bob.doc.getMap('burst').size === 1_000, 'Bob to receive the burst');
      expect(writer.closes).toEqual([]);
    } finally {
      writer.destroy();
    }
  });

  it('an honest 4 MiB paste passes', async () => {
    const writer = await connectSynced(server.wsUrl, board.boardId, board.token);
    try {
      // As large as one frame may be (MAX_MESSAGE_BYTES, 4 MiB), less the message headers.
      writer.doc.getMap('paste').set('big', 'x'.repeat(4 * 1024 * 1024 - 200));
      await waitFor(() => (board.bob.doc.getMap('paste').get('big') as string | undefined)?.length === 4 * 1024 * 1024 - 200, 'Bob to receive the paste', 20_000);
      expect(writer.closes).toEqual([]);
    } finally {
      writer.destroy();
    }
  });
});

describe('byte rate', () => {
  let server: TestServer;
  let board: Board;

  beforeAll(async () => {
    // Small limits, so a flood of 64 KiB frames runs out quickly.
    server = await startTestServer({ rateLimits: { byteBurst: 1024 * 1024, byteRate: 256 * 1024 } });
    board = await openBoard(server);
  });
  afterAll(async () => {
    board.alice.destroy();
    board.bob.destroy();
    await server.stop();
  });

  it('a byte flood is cut off after the burst; the others carry on', async () => {
    const mallory = await openRawSocket(server.wsUrl, board.boardId, board.token);
    const doc = new Y.Doc();
    const frames: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => frames.push(updateFrame(update)));
    for (let i = 0; i < 64; i++) doc.getMap('bytes').set(`k${i}`, 'y'.repeat(64 * 1024));
    const flood = floodUntilClosed(mallory, frames);
    report('byte flood', await latencyWhile(board, flood));
    expect((await flood).code).toBe(CloseCode.policy);
    await waitFor(() => board.bob.doc.getMap('bytes').size > 0, 'part of the flood to be relayed');
    // 1 MiB burst plus what refilled: far from the 4 MiB sent.
    expect(board.bob.doc.getMap('bytes').size).toBeLessThan(40);
    expect(board.alice.closes).toEqual([]);
  });
});

describe('state requests', () => {
  it('a join is free however large the board; repeated requests are charged for what they send', async () => {
    const first = await startTestServer();
    const board = await first.createBoard();
    const token = tokenOf(board.links.edit);
    const writer = await connectSynced(first.wsUrl, board.id, token);
    writer.doc.getMap('big').set('text', 'z'.repeat(1024 * 1024));
    const reader = await connectSynced(first.wsUrl, board.id, token);
    await waitFor(() => reader.doc.getMap('big').has('text'), 'the content to be stored');
    writer.destroy();
    reader.destroy();
    await first.stop({ keepData: true });

    // The same board behind a byte budget far below its size.
    const server = await startTestServer({ dataDir: first.dataDir, rateLimits: { byteBurst: 128 * 1024, byteRate: 16 * 1024 } });
    try {
      const joiner = await connectSynced(server.wsUrl, board.id, token);
      expect((joiner.doc.getMap('big').get('text') as string).length).toBe(1024 * 1024);
      expect(joiner.closes).toEqual([]);
      joiner.destroy();

      const mallory = await openRawSocket(server.wsUrl, board.id, token);
      mallory.send(syncStep1Frame(Uint8Array.of(0)));
      await waitFor(() => mallory.received.some((m) => m[0] === 0 && m[1] === 1), 'the join’s answer');
      mallory.send(syncStep1Frame(Uint8Array.of(0)));
      expect((await waitFor(() => mallory.close, 'Mallory to be closed')).code).toBe(CloseCode.policy);
    } finally {
      await server.stop();
    }
  });
});
