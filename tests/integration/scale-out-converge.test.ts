/**
 * Two and three real instances on one PostgreSQL database and one Redis, stock y-websocket
 * clients spread over them, all writing at once: every client ends with every edit. The repair
 * poll and the head heartbeat are set to a minute and half a minute here, so what converges
 * them within the bound is the Redis fan-out (with a catch-up from the store where a message
 * shows a gap, e.g. after a subscribe that timed out on a busy machine).
 */
import { describe, expect, it } from 'vitest';
import { tokenOf } from '../helpers/server.ts';
import { deliveryAllowanceMs, repairIntervalMs, useScaleOut, waitConverged, waitInstancesAt, writeKeys } from './scale-out-helpers.ts';
import { readLog } from './scale-out-log.ts';

const s = useScaleOut();

describe('scale-out: several instances', () => {
  it.each([2, 3])('%i instances with clients spread over them converge, through fan-out alone', async (count) => {
    const databaseUrl = await s.database();
    const redis = await s.redis();
    const cluster = await s.cluster({ count, databaseUrl, redisUrl: redis.url, env: { REPAIR_INTERVAL_MS: '60000', INSTANCE_HEARTBEAT_MS: '30000', INSTANCE_TTL_MS: '60000' } });
    const board = await cluster.createBoard(count - 1);
    const token = tokenOf(board.links.edit);
    const clients = [];
    for (let i = 0; i < count * 2; i++) clients.push(await s.client(cluster, i % count, board.id, token));

    const written = (await Promise.all(clients.map((client, c) => writeKeys(client, `c${c}`, 40, 4)))).flat();
    const tookMs = await waitConverged(clients, written, repairIntervalMs + deliveryAllowanceMs, 'every client to hold every edit');

    // Every instance is at the database's head, and a newcomer on any instance loads it all.
    const log = await readLog(databaseUrl, board.id);
    await waitInstancesAt(cluster, board.id, log.headSeq, deliveryAllowanceMs);
    const late = await s.client(cluster, 0, board.id, token);
    await waitConverged([late, ...clients], written, deliveryAllowanceMs, 'a late joiner to hold every edit');
    console.info(`${count} instances converged ${tookMs} ms after the last write`);
    // The poll and the heartbeat were off: whatever catch-up happened was started by a
    // message (a seq gap at load, a range too big to inline), never by the fallbacks.
    for (const instance of cluster.instances) {
      const repairs = (await cluster.metrics(instance.index)).filter((m) => m.name === 'koppelbord_cluster_gaps_repaired_total' && m.value > 0);
      if (repairs.length > 0) console.info(`instance ${instance.index} repairs: ${JSON.stringify(repairs.map((m) => [m.labels.cause, m.value]))}`);
      expect(repairs.filter((m) => m.labels.cause === 'poll' || m.labels.cause === 'heartbeat'), `instance ${instance.index} needed no fallback`).toEqual([]);
    }
  });
});
