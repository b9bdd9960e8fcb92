/**
 * `kill -9` of one of three instances while clients on all of them write: whatever any client
 * received was committed first, so it is in PostgreSQL; the dead instance's clients reconnect
 * to another instance (as a load balancer sends them) and lose nothing of their own; and its
 * clients' cursors vanish from the other instances within 10 s (its liveness key expires).
 * Restarted, it serves the board whole again.
 */
import { describe, expect, it } from 'vitest';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { deadCursorBoundMs, deliveryAllowanceMs, repairIntervalMs, shapesOf, useScaleOut, waitConverged, type ScaleClient } from './scale-out-helpers.ts';
import { readLog, replay } from './scale-out-log.ts';

const s = useScaleOut();

/** Every key a client has ever seen arrive from the server (not only what it holds now). */
function recordReceived(client: ScaleClient): Set<string> {
  const received = new Set<string>();
  shapesOf(client).observe((event) => {
    // The provider is the origin of what came over the socket; local writes have none.
    if (event.transaction.origin !== client.provider) return;
    for (const key of event.keysChanged) received.add(key);
  });
  return received;
}

/** Writes one key every few milliseconds until `stop()`; bounded by `max`. */
function keepWriting(client: ScaleClient, prefix: string, max = 2_000) {
  const written: string[] = [];
  let stopped = false;
  const done = (async () => {
    for (let i = 0; i < max && !stopped; i++) {
      const key = `${prefix}-${i}`;
      shapesOf(client).set(key, i);
      written.push(key);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    written,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

describe('scale-out: an instance is killed', () => {
  it('loses no update any client received; its clients move to another instance; its cursors vanish', async () => {
    const databaseUrl = await s.database();
    const redis = await s.redis();
    const cluster = await s.cluster({ count: 3, databaseUrl, redisUrl: redis.url });
    const board = await cluster.createBoard();
    const token = tokenOf(board.links.edit);
    const writers = [await s.client(cluster, 0, board.id, token), await s.client(cluster, 1, board.id, token), await s.client(cluster, 2, board.id, token)];
    const observers = [await s.client(cluster, 0, board.id, token), await s.client(cluster, 2, board.id, token)];
    // A participant on the instance that dies who does not come back: only the server side
    // can remove their cursor from the others.
    const gone = await s.client(cluster, 1, board.id, token);
    gone.provider.awareness.setLocalStateField('user', { name: 'Gerrit (Wonen)' });
    await waitFor(() => observers.every((o) => o.provider.awareness.getStates().has(gone.doc.clientID)), 'the observers to see the cursor', 10_000);

    const received = [...writers, ...observers].map(recordReceived);
    const writing = writers.map((writer, w) => keepWriting(writer, `w${w}`));
    await waitFor(() => received.every((keys) => keys.size >= 60), 'every client to receive edits from the others', 15_000);

    // The balancer takes instance 1 out: its clients' next connection goes to instance 2.
    writers[1]!.provider.serverUrl = cluster.instances[2]!.wsUrl;
    gone.provider.shouldConnect = false;
    const killedAt = Date.now();
    await cluster.kill9(1);
    writers[1]!.instance = 2;

    await waitFor(() => observers.every((o) => !o.provider.awareness.getStates().has(gone.doc.clientID)), 'the dead instance’s cursor to vanish', deadCursorBoundMs + deliveryAllowanceMs);
    const cursorGoneMs = Date.now() - killedAt;
    await waitFor(() => writers[1]!.provider.wsconnected && writers[1]!.provider.synced, 'the moved client to be synced on instance 2', 15_000);
    await Promise.all(writing.map((w) => w.stop()));

    const live = [...writers, ...observers];
    const written = writing.flatMap((w) => w.written);
    // The moved writer's edits that instance 1 never committed come back with its resync.
    await waitConverged(live, written, repairIntervalMs + deliveryAllowanceMs, 'every live client to hold every edit');

    // What anyone ever received is in the database (not only in some client's memory).
    const stored = replay(await readLog(databaseUrl, board.id));
    const ever = new Set(received.flatMap((keys) => [...keys]));
    const lost = [...ever].filter((key) => !stored.getMap('shapes').has(key));
    expect(lost, 'received by a client but not stored').toEqual([]);
    expect(ever.size).toBeGreaterThan(100);

    // The instance comes back (same port, a new INSTANCE_ID) and serves the board whole.
    await cluster.restart(1);
    const returning = await s.client(cluster, 1, board.id, token);
    await waitConverged([returning, ...live], written, deliveryAllowanceMs, 'a client of the restarted instance to hold every edit');
    expect(cursorGoneMs).toBeLessThanOrEqual(deadCursorBoundMs + deliveryAllowanceMs);
    console.info(`the dead instance's cursor vanished ${cursorGoneMs} ms after kill -9; ${ever.size} keys received, all stored`);
  });
});
