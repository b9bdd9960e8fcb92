/**
 * Three writers on one board, each through its own instance, as fast as a client can send:
 * the board's stored sequence is 1..head with no hole and no duplicate (the row lock in the
 * writing transaction), and every client ends with exactly the state a replay of the log gives.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tokenOf } from '../helpers/server.ts';
import { deliveryAllowanceMs, repairIntervalMs, useScaleOut, waitConverged, waitInstancesAt, writeKeys } from './scale-out-helpers.ts';
import { readLog, replay } from './scale-out-log.ts';

const s = useScaleOut();

describe('scale-out: three writers on one board', () => {
  it('stores a contiguous sequence without duplicates, and every client equals the log replay', async () => {
    const databaseUrl = await s.database();
    const redis = await s.redis();
    // No compaction during the test: the whole log stays to be read back.
    const cluster = await s.cluster({ count: 3, databaseUrl, redisUrl: redis.url, env: { COMPACT_ROWS: '1000000', COMPACT_BYTES: '1073741824' } });
    const board = await cluster.createBoard();
    const token = tokenOf(board.links.edit);
    const writers = [0, 1, 2].map((i) => s.client(cluster, i, board.id, token));
    const clients = await Promise.all(writers);

    const written = (await Promise.all(clients.map((client, c) => writeKeys(client, `w${c}`, 400, 20)))).flat();
    await waitConverged(clients, written, repairIntervalMs + deliveryAllowanceMs, 'the three writers to converge');

    const log = await readLog(databaseUrl, board.id);
    expect(log.snapshot, 'nothing was compacted').toBeNull();
    const seqs = log.rows.map((row) => row.seq);
    expect(new Set(seqs).size, 'no duplicate seq').toBe(seqs.length);
    expect(seqs, 'seqs are 1..head in order').toEqual(Array.from({ length: log.headSeq }, (_, i) => i + 1));
    // At least one row per committed batch; batches merge a tick's updates of a board, so fewer rows than edits is fine.
    expect(log.headSeq).toBeGreaterThan(3);
    await waitInstancesAt(cluster, board.id, log.headSeq, deliveryAllowanceMs);

    const replayed = replay(log);
    expect(replayed.getMap('shapes').size).toBe(written.length);
    for (const client of clients) {
      expect(Y.encodeStateVector(client.doc)).toEqual(Y.encodeStateVector(replayed));
      expect(client.doc.getMap('shapes').toJSON()).toEqual(replayed.getMap('shapes').toJSON());
    }
  });
});
