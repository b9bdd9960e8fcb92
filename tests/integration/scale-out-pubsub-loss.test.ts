/**
 * Redis loses pub/sub messages (a fault proxy between every instance and Redis): every instance
 * still reaches the database's state within REPAIR_INTERVAL_MS of the last write, through the
 * gap fetch, the head heartbeat and the poll (the "Fan-out" bound).
 */
import { describe, expect, it } from 'vitest';
import { decodeClusterMessage } from '../../apps/server/src/cluster/wire.ts';
import type { PubSubMessage } from '../helpers/fault-proxy-resp.ts';
import { tokenOf } from '../helpers/server.ts';
import { deliveryAllowanceMs, metricSum, repairIntervalMs, useScaleOut, waitConverged, waitInstancesAt, writeKeys, writePaced, type ScaleClient } from './scale-out-helpers.ts';
import { readLog } from './scale-out-log.ts';

const s = useScaleOut();

/** Committed updates (inline or as a seq range): the messages whose loss gap detection must see. */
function isUpdate(message: PubSubMessage): boolean {
  try {
    const kind = decodeClusterMessage(message.payload).kind;
    return kind === 'update' || kind === 'range';
  } catch {
    return false;
  }
}

describe('scale-out: pub/sub loses messages', () => {
  it('10 % of all messages dropped at random: three instances converge within the repair interval', async () => {
    const databaseUrl = await s.database();
    const redis = await s.redis();
    // One proxy per instance, each with its own seed: instances lose different messages.
    const proxies = await Promise.all([1, 2, 3].map((seed) => s.proxy(redis, { seed, fault: { kind: 'drop-random', fraction: 0.1 } })));
    const cluster = await s.cluster({ count: 3, databaseUrl, redisUrl: (i) => proxies[i]!.url });
    const board = await cluster.createBoard();
    const token = tokenOf(board.links.edit);
    const clients: ScaleClient[] = [];
    for (let i = 0; i < 6; i++) clients.push(await s.client(cluster, i % 3, board.id, token));

    // Steady writers: hundreds of messages, so losses land in the middle of streams (gaps) and at their ends (tails).
    const written = (await Promise.all(clients.map((client, c) => writePaced(client, `c${c}`, 60, 15)))).flat();
    await waitConverged(clients, written, repairIntervalMs + deliveryAllowanceMs, 'every client to hold every edit');
    const { headSeq } = await readLog(databaseUrl, board.id);
    await waitInstancesAt(cluster, board.id, headSeq, deliveryAllowanceMs);

    const dropped = proxies.reduce((total, proxy) => total + proxy.stats.dropped.filter(isUpdate).length, 0);
    expect(dropped, 'the proxies dropped committed updates').toBeGreaterThan(0);
    const repaired = (await Promise.all([0, 1, 2].map((i) => cluster.metrics(i)))).map((m) => metricSum(m, 'koppelbord_cluster_gaps_repaired_total'));
    expect(repaired.reduce((a, b) => a + b, 0), 'the instances repaired gaps').toBeGreaterThan(0);
  });

  it('exactly the last update of a burst dropped: every instance reaches the head within the repair interval', async () => {
    const databaseUrl = await s.database();
    const redis = await s.redis();
    const quietMs = 200;
    const proxies = await Promise.all([0, 1, 2].map(() => s.proxy(redis, { fault: { kind: 'drop-last-of-burst', quietMs, match: isUpdate } })));
    const cluster = await s.cluster({ count: 3, databaseUrl, redisUrl: (i) => proxies[i]!.url });
    const board = await cluster.createBoard();
    const token = tokenOf(board.links.edit);
    const writer = await s.client(cluster, 0, board.id, token);
    const readers = [await s.client(cluster, 1, board.id, token), await s.client(cluster, 2, board.id, token)];

    const written = await writeKeys(writer, 'burst', 30, 3);
    const stoppedAt = Date.now();
    // Both other instances lose the burst's last update: nothing follows it to reveal a gap.
    await waitConverged([writer, ...readers], written, repairIntervalMs + deliveryAllowanceMs, 'the readers to get the whole burst');
    const { headSeq } = await readLog(databaseUrl, board.id);
    await waitInstancesAt(cluster, board.id, headSeq, Math.max(0, stoppedAt + repairIntervalMs + deliveryAllowanceMs - Date.now()));
    const lost = proxies.slice(1).map((proxy) => proxy.stats.dropped.filter(isUpdate).map((m) => decodeClusterMessage(m.payload)));
    for (const drops of lost) {
      expect(drops, 'each reader instance lost exactly one update, the burst’s last').toHaveLength(1);
      expect(drops[0]).toMatchObject({ toSeq: headSeq });
    }
  });
});
