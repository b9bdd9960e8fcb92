/**
 * Compaction while writers are active and one instance lags behind it: instance 2 is cut off
 * from Redis (its proxy paused) and polls only once a minute, while writers on instances 0 and
 * 1 make the board compact again and again, until the log no longer holds the rows instance 2
 * would need next. When it comes back it must take the snapshot plus the tail, and nothing
 * written anywhere may be missing from any client or from the stored state.
 */
import { describe, expect, it } from 'vitest';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { boardSeqs, deliveryAllowanceMs, repairIntervalMs, useScaleOut, waitConverged, writeKeys } from './scale-out-helpers.ts';
import { readLog, replay } from './scale-out-log.ts';

const s = useScaleOut();

describe('scale-out: compaction and a lagging instance', () => {
  it('a reader held behind the compaction point catches up from the snapshot and loses nothing', async () => {
    const databaseUrl = await s.database();
    const redis = await s.redis();
    const proxy = await s.proxy(redis);
    const cluster = await s.cluster({
      count: 3,
      databaseUrl,
      redisUrl: (i) => (i === 2 ? proxy.url : redis.url),
      env: (i) => ({ COMPACT_ROWS: '20', ...(i === 2 ? { REPAIR_INTERVAL_MS: '60000' } : {}) }),
    });
    const board = await cluster.createBoard();
    const token = tokenOf(board.links.edit);
    const writers = [await s.client(cluster, 0, board.id, token), await s.client(cluster, 1, board.id, token)];
    const lagging = await s.client(cluster, 2, board.id, token);
    const written = (await Promise.all(writers.map((w, i) => writeKeys(w, `before${i}`, 10)))).flat();
    await waitConverged([...writers, lagging], written, repairIntervalMs + deliveryAllowanceMs, 'everyone to start level');

    await proxy.pause();
    const lagSeq = (await boardSeqs(cluster, cluster.instances[2]!, board.id)).applied ?? 0;
    // Writers go on until what instance 2 would read next has been compacted away.
    let rounds = 0;
    let log = await readLog(databaseUrl, board.id);
    while (rounds < 30 && !(log.snapshot && (log.rows[0]?.seq ?? log.headSeq + 1) > lagSeq + 1)) {
      written.push(...(await Promise.all(writers.map((w, i) => writeKeys(w, `r${rounds}w${i}`, 15)))).flat());
      await waitConverged(writers, written, repairIntervalMs + deliveryAllowanceMs, `round ${rounds} between the writers`);
      log = await readLog(databaseUrl, board.id);
      rounds++;
    }
    expect(log.snapshot, 'the board was compacted').not.toBeNull();
    expect(log.rows[0]?.seq ?? log.headSeq + 1, 'the rows after the lagging instance’s seq are gone').toBeGreaterThan(lagSeq + 1);
    expect((await boardSeqs(cluster, cluster.instances[2]!, board.id)).applied, 'instance 2 is still behind').toBeLessThan(log.headSeq);

    // Back on Redis while the writers keep writing: it resubscribes, catches up, and follows.
    await proxy.resume();
    const more = Promise.all(writers.map((w, i) => writeKeys(w, `after${i}`, 30, 1)));
    written.push(...(await more).flat());
    await waitConverged([...writers, lagging], written, repairIntervalMs + deliveryAllowanceMs, 'the lagging client to hold every edit');

    const stored = replay(await readLog(databaseUrl, board.id)).getMap('shapes');
    expect(written.filter((key) => !stored.has(key)), 'written but not stored').toEqual([]);
    await waitFor(async () => (await boardSeqs(cluster, cluster.instances[2]!, board.id)).applied === (await readLog(databaseUrl, board.id)).headSeq, 'instance 2 to be at the head', deliveryAllowanceMs);
  });
});
