/**
 * PostgreSQL stopped under two instances (a dedicated cluster of this test's own, fast
 * shutdown: every session closed at once): editors are closed with 1013 once the small retry
 * budget is spent, viewers stay, and no edit made while it was down reaches anyone before it is
 * back — recording clients note when each edit arrived, and nothing can be committed before
 * the database runs again. When it is back the editors reconnect, their edits are stored and
 * reach everyone.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode } from '@koppelbord/contract';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { shapesOf, useScaleOut, waitConverged, writeKeys, type ScaleClient } from './scale-out-helpers.ts';
import { readLog, replay } from './scale-out-log.ts';
import { startDedicatedPostgres } from '../helpers/dedicated-postgres.ts';

const s = useScaleOut();

/** When each key first arrived at `client` from the server. */
function arrivals(client: ScaleClient): Map<string, number> {
  const at = new Map<string, number>();
  shapesOf(client).observe((event) => {
    if (event.transaction.origin !== client.provider) return;
    for (const key of event.keysChanged) if (!at.has(key)) at.set(key, Date.now());
  });
  return at;
}

describe('scale-out: PostgreSQL goes away', () => {
  it('closes editors with 1013, keeps viewers, shows nothing uncommitted, and resumes when it is back', { timeout: 90_000 }, async () => {
    const pg = await startDedicatedPostgres();
    s.defer(() => pg.destroy());
    const redis = await s.redis();
    const cluster = await s.cluster({ count: 2, databaseUrl: pg.url, redisUrl: redis.url, env: { STORE_RETRIES: '2' } });
    const board = await cluster.createBoard();
    const edit = tokenOf(board.links.edit);
    const view = tokenOf(board.links.view);
    const editors = [await s.client(cluster, 0, board.id, edit), await s.client(cluster, 1, board.id, edit)];
    const viewers = [await s.client(cluster, 0, board.id, view), await s.client(cluster, 1, board.id, view)];
    const recorded = [...editors, ...viewers].map(arrivals);
    const before = (await Promise.all(editors.map((e, i) => writeKeys(e, `before${i}`, 5)))).flat();
    await waitConverged([...editors, ...viewers], before, 5_000, 'the edits before the outage');

    await pg.stop();
    const during = (await Promise.all(editors.map((e, i) => writeKeys(e, `during${i}`, 5)))).flat();
    for (const editor of editors) {
      const close = await waitFor(() => editor.closes[0], 'the editor to be sent away', 30_000);
      expect(close.code).toBe(CloseCode.tryAgainLater);
    }
    // Viewers stay connected: they read nothing the database has to give them.
    for (const viewer of viewers) {
      expect(viewer.closes).toEqual([]);
      expect(viewer.provider.wsconnected).toBe(true);
    }

    const backAt = Date.now();
    await pg.start();
    // The editors' own reconnects carry their unsaved edits; once stored, everyone gets them.
    await waitConverged([...editors, ...viewers], [...before, ...during], 30_000, 'service to resume with every edit');
    for (const [c, at] of recorded.entries()) {
      const early = during.filter((key) => (at.get(key) ?? Infinity) < backAt);
      expect(early, `client ${c} received an edit before the database was back`).toEqual([]);
    }
    const stored = replay(await readLog(pg.url, board.id)).getMap('shapes');
    expect([...before, ...during].filter((key) => !stored.has(key)), 'acknowledged but not stored').toEqual([]);
  });
});
