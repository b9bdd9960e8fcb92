/**
 * Redis restarted in the middle of editing and down for 30 s. Meanwhile every instance keeps
 * serving its own clients, edits made on one instance reach the others through the database
 * poll within ~10 s (the bound with Redis down), and once Redis is back (empty: no
 * persistence, no subscriptions) the instances resubscribe and converge within the repair
 * interval. Nothing is lost.
 */
import { describe, expect, it } from 'vitest';
import { metricValue } from '../helpers/instances.ts';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { deliveryAllowanceMs, redisDownBoundMs, repairIntervalMs, useScaleOut, waitConverged, writeKeys, type ScaleClient } from './scale-out-helpers.ts';
import { readLog, replay } from './scale-out-log.ts';

const s = useScaleOut();
const outageMs = 30_000;

describe('scale-out: Redis goes away', () => {
  it('restarted mid-edit and down for 30 s: no loss, poll keeps instances converging, fan-out resumes', { timeout: 120_000 }, async () => {
    const databaseUrl = await s.database();
    const redis = await s.redis();
    const cluster = await s.cluster({ count: 3, databaseUrl, redisUrl: redis.url });
    const board = await cluster.createBoard();
    const token = tokenOf(board.links.edit);
    const clients: ScaleClient[] = [];
    for (let i = 0; i < 6; i++) clients.push(await s.client(cluster, i % 3, board.id, token));
    const redisConnected = async () => Promise.all([0, 1, 2].map(async (i) => metricValue(await cluster.metrics(i), 'koppelbord_cluster_redis_connected')));
    await waitFor(async () => (await redisConnected()).every((v) => v === 1), 'every instance to be connected to Redis', 10_000);

    // Mid-edit: Redis dies while every client is writing.
    const burst = Promise.all(clients.map((client, c) => writeKeys(client, `mid-c${c}`, 30, 1)));
    await redis.stop();
    const downAt = Date.now();
    const written = (await burst).flat();
    await waitFor(async () => (await redisConnected()).every((v) => v === 0), 'every instance to notice Redis is gone', redisDownBoundMs);

    // While it is down: rounds of edits on every instance, each converging through the poll.
    let rounds = 0;
    while (Date.now() - downAt < outageMs && rounds < 20) {
      written.push(...(await Promise.all(clients.map((client, c) => writeKeys(client, `down${rounds}-c${c}`, 5, 1)))).flat());
      await waitConverged(clients, written, redisDownBoundMs + deliveryAllowanceMs, `round ${rounds} to converge with Redis down`);
      rounds++;
    }
    expect(rounds).toBeGreaterThan(1);

    await redis.start();
    await waitFor(async () => (await redisConnected()).every((v) => v === 1), 'every instance to reconnect to Redis', redisDownBoundMs);
    written.push(...(await Promise.all(clients.map((client, c) => writeKeys(client, `after-c${c}`, 20, 2)))).flat());
    await waitConverged(clients, written, repairIntervalMs + deliveryAllowanceMs, 'every client to converge after Redis is back');

    const stored = replay(await readLog(databaseUrl, board.id)).getMap('shapes');
    expect(written.filter((key) => !stored.has(key)), 'written but not stored').toEqual([]);
  });
});
