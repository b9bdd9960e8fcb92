import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessEndReasons, CloseCode } from '@koppelbord/contract';
import { PgStore } from '../../src/storage/index.ts';
import { pollGraceMs } from '../../src/sync/seq-feed.ts';
import { connectSynced, firstCloseCode, type TestClient } from '../../../../tests/helpers/client.ts';
import { dropDatabase, freshDatabaseUrl } from '../../../../tests/helpers/postgres.ts';
import { startRedis, type RedisServer } from '../../../../tests/helpers/redis.ts';
import { startTestServer, tokenOf, type TestServer } from '../../../../tests/helpers/server.ts';
import { waitFor } from '../../../../tests/helpers/wait.ts';

/**
 * Two real servers in this process, each with its own PgStore on one PostgreSQL database, and
 * one real Redis, with stock y-websocket clients on each: what one instance's clients do
 * reaches the other's.
 */
const repairIntervalMs = 300;
const authSecret = 'cluster-test-secret-cluster-test-secret-0123';

async function metric(server: TestServer, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name}{`) === false && l.startsWith(`${name} `)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** Sum of a metric over all its label sets. */
async function metricSum(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

describe('two instances on one PostgreSQL database and one Redis', () => {
  let redis: RedisServer;
  let databaseUrl: string;
  /** The test's own view of the database. */
  let store: PgStore;
  let a: TestServer;
  let b: TestServer;
  const clients: TestClient[] = [];

  const start = (instanceId: string, sync: { compactRows?: number } = {}, cluster: { inlineUpdateMaxBytes?: number; repairIntervalMs?: number; instanceHeartbeatMs?: number; instanceTtlMs?: number } = {}) =>
    startTestServer(
      {
        authSecret,
        sync,
        database: { url: databaseUrl, poolSize: 4 },
        cluster: { redisUrl: redis.url, instanceId, repairIntervalMs, inlineUpdateMaxBytes: 256 * 1024, instanceHeartbeatMs: 200, instanceTtlMs: 1_000, ...cluster },
      },
      {},
    );

  beforeAll(async () => {
    redis = await startRedis();
    databaseUrl = await freshDatabaseUrl();
    store = await PgStore.open(databaseUrl, { poolSize: 2 });
    a = await start('inst-a');
    b = await start('inst-b');
    await waitFor(() => a.cluster?.bus.connected && b.cluster?.bus.connected, 'both instances to reach Redis');
  });

  afterEach(() => {
    a.cluster?.bus.dropIncoming(null);
    b.cluster?.bus.dropIncoming(null);
    for (const client of clients.splice(0)) client.destroy();
  });

  afterAll(async () => {
    await a.stop();
    await b.stop();
    await store.close();
    await dropDatabase(databaseUrl);
    await redis.stop();
  });

  const connect = async (server: TestServer, boardId: string, token: string) => {
    const client = await connectSynced(server.wsUrl, boardId, token);
    clients.push(client);
    return client;
  };

  it('converges edits made through both instances', async () => {
    const board = await a.createBoard();
    const token = tokenOf(board.links.edit);
    const onA = await connect(a, board.id, token);
    const onB = await connect(b, board.id, token);
    onA.doc.getMap('test').set('from-a', 1);
    onB.doc.getMap('test').set('from-b', 2);
    for (let i = 0; i < 20; i++) onA.doc.getMap('test').set(`burst-${i}`, i);
    const expected = 22;
    await waitFor(() => onA.doc.getMap('test').size === expected && onB.doc.getMap('test').size === expected, 'both clients to hold every edit');
    expect(onB.doc.getMap('test').toJSON()).toEqual(onA.doc.getMap('test').toJSON());
    // Both instances know every committed seq of the board.
    const head = (await store.headSequences([board.id])).get(board.id)!;
    await waitFor(async () => (await metric(b, 'koppelbord_cluster_board_applied_seq', `{board="${board.id}"}`)) === head, 'b to have applied the head');
    expect(await metric(a, 'koppelbord_cluster_board_applied_seq', `{board="${board.id}"}`)).toBe(head);
    expect(await metric(a, 'koppelbord_cluster_redis_connected')).toBe(1);
  });

  it('repairs updates pub/sub lost, within the repair interval, through the store poll', async () => {
    const board = await a.createBoard();
    const token = tokenOf(board.links.edit);
    const onA = await connect(a, board.id, token);
    const onB = await connect(b, board.id, token);
    const repairedBefore = await metric(b, 'koppelbord_cluster_gaps_repaired_total', '{cause="poll"}');
    // Every message to b is lost: updates, head heartbeats, everything.
    b.cluster!.bus.dropIncoming(() => true);
    const sent = Date.now();
    onA.doc.getMap('test').set('lost-on-the-way', true);
    await waitFor(() => onB.doc.getMap('test').get('lost-on-the-way') === true, 'the lost update to reach b through the poll', 5 * repairIntervalMs);
    // Within the interval plus the poll's grace and one read (with slack for a loaded machine).
    expect(Date.now() - sent).toBeLessThan(repairIntervalMs + pollGraceMs + 1_000);
    expect(await metric(b, 'koppelbord_cluster_gaps_repaired_total', '{cause="poll"}')).toBeGreaterThan(repairedBefore);
  });

  it('repairs a gap the moment the next message shows it', { timeout: 20_000 }, async () => {
    // No poll and no heartbeat within the test: only the next message can reveal the loss.
    const quiet = { repairIntervalMs: 60_000, instanceHeartbeatMs: 30_000, instanceTtlMs: 60_000 };
    const h = await start('inst-h', {}, quiet);
    const i = await start('inst-i', {}, quiet);
    try {
      await waitFor(() => h.cluster?.bus.connected && i.cluster?.bus.connected, 'h and i to reach Redis');
      const board = await h.createBoard();
      const token = tokenOf(board.links.edit);
      const onH = await connect(h, board.id, token);
      const onI = await connect(i, board.id, token);
      // Exactly one update message is lost.
      let dropped = 0;
      i.cluster!.bus.dropIncoming((_channel, message) => message.kind === 'update' && dropped++ === 0);
      onH.doc.getMap('test').set('first', 1);
      await waitFor(() => dropped > 0, 'the first update to be dropped');
      expect(onI.doc.getMap('test').has('first')).toBe(false);
      onH.doc.getMap('test').set('second', 2);
      await waitFor(() => onI.doc.getMap('test').get('first') === 1 && onI.doc.getMap('test').get('second') === 2, 'i to have both', 5_000);
      expect(await metric(i, 'koppelbord_cluster_gaps_repaired_total', '{cause="gap"}')).toBe(1);
    } finally {
      await h.stop();
      await i.stop();
    }
  });

  it('catches a lost last message from the writer\'s heartbeat', { timeout: 20_000 }, async () => {
    // No poll within the test: only the heartbeat can reveal that the last update was lost.
    const noPoll = { repairIntervalMs: 60_000 };
    const j = await start('inst-j', {}, noPoll);
    const k = await start('inst-k', {}, noPoll);
    try {
      await waitFor(() => j.cluster?.bus.connected && k.cluster?.bus.connected, 'j and k to reach Redis');
      const board = await j.createBoard();
      const token = tokenOf(board.links.edit);
      const onJ = await connect(j, board.id, token);
      const onK = await connect(k, board.id, token);
      // j learns that the board is open on k too (k's presence reaches it).
      onK.provider.awareness.setLocalStateField('user', { name: 'Kees op K' });
      await waitFor(() => onJ.provider.awareness.getStates().has(onK.doc.clientID), 'j to hear k');
      k.cluster!.bus.dropIncoming((_channel, message) => message.kind === 'update');
      onJ.doc.getMap('test').set('last', 'lost on the way');
      await waitFor(() => onK.doc.getMap('test').get('last') === 'lost on the way', 'k to catch up from j\'s heartbeat', 5_000);
      expect(await metric(k, 'koppelbord_cluster_gaps_repaired_total', '{cause="heartbeat"}')).toBeGreaterThan(0);
    } finally {
      await j.stop();
      await k.stop();
    }
  });

  it('ends the session of a participant on the other instance', async () => {
    const board = await a.createBoard();
    const owner = await connect(a, board.id, board.ownerToken);
    const participant = await connect(b, board.id, tokenOf(board.links.edit));
    participant.provider.awareness.setLocalStateField('user', { name: 'Bram op B' });
    const clientId = participant.doc.clientID;
    await waitFor(() => owner.provider.awareness.getStates().has(clientId), 'the owner to see the participant');
    const response = await fetch(`${a.url}/api/boards/${board.id}/connections/${clientId}`, { method: 'DELETE', headers: { authorization: `Bearer ${board.ownerToken}` } });
    expect(response.status).toBe(204);
    expect(await firstCloseCode(participant)).toBe(CloseCode.unauthorized);
    expect(participant.closes[0]!.reason).toBe(accessEndReasons.ended);
    // Nobody by that id anywhere: 404 as with one instance.
    const unknown = await fetch(`${a.url}/api/boards/${board.id}/connections/12345`, { method: 'DELETE', headers: { authorization: `Bearer ${board.ownerToken}` } });
    expect(unknown.status).toBe(404);
  });

  it('sends updates above the inline limit as seq ranges, read from the database', { timeout: 20_000 }, async () => {
    // Nothing fits inline: every commit of f travels as its seq range only; g polls too
    // rarely for the poll to be what brings it.
    const f = await start('inst-f', {}, { inlineUpdateMaxBytes: 0 });
    const g = await start('inst-g', {}, { repairIntervalMs: 60_000 });
    try {
      await waitFor(() => f.cluster?.bus.connected && g.cluster?.bus.connected, 'f and g to reach Redis');
      const board = await f.createBoard();
      const token = tokenOf(board.links.edit);
      const onF = await connect(f, board.id, token);
      const onG = await connect(g, board.id, token);
      onF.doc.getMap('test').set('large', 'x'.repeat(2_000));
      await waitFor(() => onG.doc.getMap('test').get('large') === 'x'.repeat(2_000), 'g to read the update announced by its range', 5_000);
    } finally {
      await f.stop();
      await g.stop();
    }
  });

  it('carries presence across instances', { timeout: 20_000 }, async () => {
    const board = await a.createBoard();
    const token = tokenOf(board.links.edit);
    const onA = await connect(a, board.id, token);
    const onB = await connect(b, board.id, token);
    onA.provider.awareness.setLocalStateField('user', { name: 'Anna op A' });
    const fromA = onA.doc.clientID;
    await waitFor(() => (onB.provider.awareness.getStates().get(fromA) as { user?: { name: string } } | undefined)?.user?.name === 'Anna op A', 'b to see a\'s presence');
    // A client joining b later gets it at once.
    const late = await connect(b, board.id, token);
    await waitFor(() => late.provider.awareness.getStates().has(fromA), 'the late joiner to see a\'s presence');
    // Leaving removes it on the other instance too.
    onA.destroy();
    await waitFor(() => !onB.provider.awareness.getStates().has(fromA), 'a\'s presence to go on b');
  });

  it('drops the presence of an instance whose liveness key is gone', async () => {
    const c = await start('inst-c');
    try {
      await waitFor(() => c.cluster?.bus.connected, 'c to reach Redis');
      const board = await a.createBoard();
      const token = tokenOf(board.links.edit);
      const onB = await connect(b, board.id, token);
      const onC = await connect(c, board.id, token);
      onC.provider.awareness.setLocalStateField('user', { name: 'Cor op C' });
      await waitFor(() => onB.provider.awareness.getStates().has(onC.doc.clientID), 'b to see c\'s presence');
      const expiredBefore = await metric(b, 'koppelbord_cluster_remote_awareness_expired_total');
      // c loses Redis for good while its client stays connected to it: no removal is ever
      // published, only its liveness key goes.
      await c.cluster!.bus.close();
      await waitFor(() => !onB.provider.awareness.getStates().has(onC.doc.clientID), 'c\'s presence to go on b', 10_000);
      expect(await metric(b, 'koppelbord_cluster_remote_awareness_expired_total')).toBeGreaterThan(expiredBefore);
    } finally {
      await c.stop();
    }
  });

  it('loses nothing when both instances compact the board while writing', async () => {
    // Compaction after every other row, on two instances writing one board at once.
    const d = await start('inst-d', { compactRows: 2 });
    const e = await start('inst-e', { compactRows: 2 });
    try {
      await waitFor(() => d.cluster?.bus.connected && e.cluster?.bus.connected, 'd and e to reach Redis');
      const board = await d.createBoard();
      const token = tokenOf(board.links.edit);
      const onD = await connect(d, board.id, token);
      const onE = await connect(e, board.id, token);
      for (let i = 0; i < 30; i++) {
        onD.doc.getMap('test').set(`d${i}`, i);
        onE.doc.getMap('test').set(`e${i}`, i);
        if (i % 5 === 0) await waitFor(() => onD.doc.getMap('test').has(`e${i}`) && onE.doc.getMap('test').has(`d${i}`), `round ${i} to cross`);
      }
      await waitFor(() => onD.doc.getMap('test').size === 60 && onE.doc.getMap('test').size === 60, 'both clients to hold all 60 keys');
      // What the store holds (snapshot plus log) is all of it too: a fresh client on a third instance loads it.
      await waitFor(async () => (await d.sync.loadRoom(board.id)).dirty === false && (await e.sync.loadRoom(board.id)).dirty === false, 'both rooms to be clean');
      const fresh = await connect(b, board.id, token);
      await waitFor(() => fresh.doc.getMap('test').size === 60, 'a fresh client on b to load all 60 keys');
      expect(fresh.doc.getMap('test').toJSON()).toEqual(onD.doc.getMap('test').toJSON());
      expect(await metricSum(d, 'koppelbord_compactions_total') + (await metricSum(e, 'koppelbord_compactions_total'))).toBeGreaterThan(0);
    } finally {
      await d.stop();
      await e.stop();
    }
  }, 30_000);

  it('closes a connection on b with 4401 when its invite is revoked on a', async () => {
    const board = await a.createBoard();
    const ownerToken = board.ownerToken;
    const response = await fetch(`${a.url}/api/boards/${board.id}/invites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ role: 'editor', label: 'Wijkteam' }),
    });
    expect(response.status).toBe(201);
    const invite = (await response.json()) as { id: string; url: string };
    const onB = await connect(b, board.id, tokenOf(invite.url));
    const revoke = await fetch(`${a.url}/api/boards/${board.id}/invites/${invite.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ownerToken}` } });
    expect(revoke.status).toBe(204);
    expect(await firstCloseCode(onB)).toBe(CloseCode.unauthorized);
  });

  it('closes it through the audit poll when the Redis announcement is lost', async () => {
    const board = await a.createBoard();
    const ownerToken = board.ownerToken;
    const response = await fetch(`${a.url}/api/boards/${board.id}/invites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ role: 'viewer', label: 'Bewoners' }),
    });
    const invite = (await response.json()) as { id: string; url: string };
    const onB = await connect(b, board.id, tokenOf(invite.url));
    const viaPollBefore = await metricSum(b, 'koppelbord_cluster_access_changes_total');
    b.cluster!.bus.dropIncoming((_channel, message) => message.kind === 'access');
    await fetch(`${a.url}/api/boards/${board.id}/invites/${invite.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ownerToken}` } });
    expect(await firstCloseCode(onB)).toBe(CloseCode.unauthorized);
    expect(await metricSum(b, 'koppelbord_cluster_access_changes_total')).toBeGreaterThan(viaPollBefore);
    // b's cache no longer lets the token in either.
    const again = await fetch(`${b.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${tokenOf(invite.url)}` } });
    expect(again.status).toBe(401);
  });
  it('keeps serving and converging through the poll while Redis is down, and reconnects by itself', { timeout: 30_000 }, async () => {
    const board = await a.createBoard();
    const token = tokenOf(board.links.edit);
    const onA = await connect(a, board.id, token);
    const onB = await connect(b, board.id, token);
    await redis.stop();
    try {
      await waitFor(async () => (await metric(a, 'koppelbord_cluster_redis_connected')) === 0 && (await metric(b, 'koppelbord_cluster_redis_connected')) === 0, 'both to see Redis gone');
      const failuresBefore = await metric(a, 'koppelbord_cluster_publish_failures_total');
      onA.doc.getMap('test').set('while-redis-is-down', 'a');
      onB.doc.getMap('test').set('also-while-down', 'b');
      await waitFor(
        () => onB.doc.getMap('test').get('while-redis-is-down') === 'a' && onA.doc.getMap('test').get('also-while-down') === 'b',
        'edits to cross through the poll',
        5 * repairIntervalMs,
      );
      expect(await metric(a, 'koppelbord_cluster_publish_failures_total')).toBeGreaterThan(failuresBefore);
    } finally {
      await redis.start();
    }
    await waitFor(() => a.cluster!.bus.connected && b.cluster!.bus.connected, 'both to reconnect', 15_000);
    onA.doc.getMap('test').set('after-redis-is-back', true);
    await waitFor(() => onB.doc.getMap('test').get('after-redis-is-back') === true, 'an edit to cross after Redis is back');
  });
});
