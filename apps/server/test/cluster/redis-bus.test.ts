import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus, type BusListener } from '../../src/cluster/redis-bus.ts';
import type { ClusterMessage } from '../../src/cluster/wire.ts';
import { createLogger } from '../../src/log.ts';
import { startRedis, type RedisServer } from '../../../../tests/helpers/redis.ts';
import { waitFor } from '../../../../tests/helpers/wait.ts';

interface Recorder extends BusListener {
  board: { boardId: string; message: ClusterMessage }[];
  control: ClusterMessage[];
  resubscribes: number;
  states: boolean[];
}

function recorder(): Recorder {
  const r: Recorder = {
    board: [],
    control: [],
    resubscribes: 0,
    states: [],
    boardMessage: (boardId, message) => r.board.push({ boardId, message }),
    controlMessage: (message) => r.control.push(message),
    resubscribed: () => r.resubscribes++,
    connectionChanged: (connected) => r.states.push(connected),
  };
  return r;
}

function bus(redis: RedisServer, instanceId: string, counts = { failures: 0, malformed: 0 }) {
  const log = createLogger('silent');
  const b = new RedisBus({ url: redis.url, instanceId, instanceHeartbeatMs: 100, instanceTtlMs: 400 }, log, {
    publishFailures: () => counts.failures++,
    malformed: () => counts.malformed++,
  });
  return { bus: b, counts };
}

describe('RedisBus', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('delivers board and control messages to the other instances only', async () => {
    const a = bus(redis, 'a');
    const b = bus(redis, 'b');
    const heardA = recorder();
    const heardB = recorder();
    a.bus.start(heardA);
    b.bus.start(heardB);
    try {
      await waitFor(() => a.bus.connected && b.bus.connected, 'both buses to connect');
      await a.bus.subscribeBoard('board-1');
      await b.bus.subscribeBoard('board-1');
      a.bus.publishBoard('board-1', { kind: 'head', origin: 'a', headSeq: 3 });
      a.bus.publishControl({ kind: 'access', origin: 'a', boardId: 'board-1', action: 'invite.revoke', inviteId: 'i1', clientId: null });
      await waitFor(() => heardB.board.length === 1 && heardB.control.length === 1, 'b to hear both messages');
      expect(heardB.board[0]).toEqual({ boardId: 'board-1', message: { kind: 'head', origin: 'a', headSeq: 3 } });
      // The sender does not hear itself; a board nobody subscribed hears nothing.
      b.bus.publishBoard('board-2', { kind: 'head', origin: 'b', headSeq: 1 });
      b.bus.publishBoard('board-1', { kind: 'head', origin: 'b', headSeq: 4 });
      await waitFor(() => heardA.board.length === 1, 'a to hear b');
      expect(heardA.board[0]!.message).toEqual({ kind: 'head', origin: 'b', headSeq: 4 });
      expect(heardB.board).toHaveLength(1);
      // Unsubscribed: nothing more arrives for that board.
      b.bus.unsubscribeBoard('board-1');
      a.bus.publishBoard('board-1', { kind: 'head', origin: 'a', headSeq: 5 });
      a.bus.publishControl({ kind: 'access', origin: 'a', boardId: 'board-1', action: 'board.delete', inviteId: null, clientId: null });
      await waitFor(() => heardB.control.length === 2, 'b to hear the second control message');
      expect(heardB.board).toHaveLength(1);
    } finally {
      await a.bus.close();
      await b.bus.close();
    }
  });

  it('keeps a liveness key that goes when the instance closes or stops renewing it', async () => {
    const a = bus(redis, 'live-a');
    const b = bus(redis, 'live-b');
    a.bus.start(recorder());
    b.bus.start(recorder());
    await waitFor(() => a.bus.connected && b.bus.connected, 'both buses to connect');
    await waitFor(async () => (await a.bus.liveInstances(['live-b', 'nobody']))?.has('live-b'), 'b to be live');
    expect((await a.bus.liveInstances(['live-b', 'nobody']))!.has('nobody')).toBe(false);
    await b.bus.close();
    expect((await a.bus.liveInstances(['live-b']))!.size).toBe(0);
    await a.bus.close();
  });

  it('counts publishes while Redis is down, reconnects by itself and resubscribes', async () => {
    const a = bus(redis, 'r-a');
    const b = bus(redis, 'r-b');
    const heardB = recorder();
    a.bus.start(recorder());
    b.bus.start(heardB);
    try {
      await waitFor(() => a.bus.connected && b.bus.connected, 'both buses to connect');
      await b.bus.subscribeBoard('board-r');
      const resubscribesBefore = heardB.resubscribes;
      await redis.stop();
      await waitFor(() => !a.bus.connected && !b.bus.connected, 'both to see Redis gone');
      expect(heardB.states.at(-1)).toBe(false);
      // Counted at once when the publisher already saw the close, else when the offline
      // command is rejected (the subscriber can notice first; `connected` is both).
      a.bus.publishBoard('board-r', { kind: 'head', origin: 'r-a', headSeq: 1 });
      await waitFor(() => a.counts.failures >= 1, 'the publish while Redis is down counted as failed');
      expect(a.counts.failures).toBe(1);
      await redis.start();
      await waitFor(() => a.bus.connected && b.bus.connected, 'both to reconnect', 15_000);
      expect(heardB.resubscribes).toBeGreaterThan(resubscribesBefore);
      a.bus.publishBoard('board-r', { kind: 'head', origin: 'r-a', headSeq: 2 });
      await waitFor(() => heardB.board.some((entry) => entry.message.kind === 'head' && entry.message.headSeq === 2), 'b to hear a after the restart');
    } finally {
      await a.bus.close();
      await b.bus.close();
    }
  });
});
