/**
 * What the scale-out tests share: the services (a fresh PostgreSQL database, a Redis of the
 * test's own, fault proxies), instances and stock y-websocket clients, all torn down after each
 * test; writers that record what they wrote; and the convergence checks, which poll with the
 * bound the issue states as their deadline.
 */
import { afterEach } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type TestClient } from '../helpers/client.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { metricValue, startCluster, type Cluster, type ClusterOptions, type Instance, type Metric } from '../helpers/instances.ts';
import { dropDatabase, freshDatabaseUrl } from '../helpers/postgres.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { waitFor } from '../helpers/wait.ts';

/** REPAIR_INTERVAL_MS's default: the bound on convergence when pub/sub loses messages. */
export const repairIntervalMs = 2_000;
/** The bound on convergence while Redis is down (the poll alone). */
export const redisDownBoundMs = 10_000;
/** The bound on a dead instance's cursors vanishing from the others. */
export const deadCursorBoundMs = 10_000;
/**
 * Added to each bound: a change still has to travel instance → client over a websocket and be
 * applied there, on a 2-core machine that runs the rest of the suite beside this one.
 */
export const deliveryAllowanceMs = 1_000;

export interface ScaleClient extends TestClient {
  /** The instance this client is connected to now. */
  instance: number;
}

/** Per-test fixtures, each undone (newest first) after the test, whether it passed or not. */
export function useScaleOut() {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        console.error('scale-out cleanup step failed:', error);
      }
    }
  });
  const defer = (step: () => unknown) => cleanup.push(step);

  return {
    defer,
    async database(): Promise<string> {
      const url = await freshDatabaseUrl();
      defer(() => dropDatabase(url));
      return url;
    },
    async redis(): Promise<RedisServer> {
      const redis = await startRedis();
      defer(() => redis.stop());
      return redis;
    },
    async proxy(redis: RedisServer, options: Omit<Parameters<typeof startFaultProxy>[0], 'targetPort'> = {}): Promise<FaultProxy> {
      const proxy = await startFaultProxy({ targetPort: redis.port, ...options });
      defer(() => proxy.close());
      return proxy;
    },
    async cluster(options: ClusterOptions): Promise<Cluster> {
      const cluster = await startCluster(options);
      defer(() => cluster.stop());
      return cluster;
    },
    /** A stock client on instance `index`, synced. */
    async client(cluster: Cluster, index: number, boardId: string, token: string): Promise<ScaleClient> {
      const client = Object.assign(connectClient(cluster.instances[index]!.wsUrl, boardId, token), { instance: index });
      defer(() => client.destroy());
      await waitFor(() => client.provider.synced, `a client on instance ${index} to sync`, 15_000);
      return client;
    },
  };
}

/** The map every test writes into (any map is a valid board edit). */
export const shapesOf = (client: TestClient) => client.doc.getMap<number>('shapes');

/**
 * Writes `count` keys `${prefix}-${i}`, each its own transaction (so its own update on the
 * wire), `perTick` of them per event-loop turn: a client typing fast. Returns the keys.
 */
export async function writeKeys(client: TestClient, prefix: string, count: number, perTick = 1): Promise<string[]> {
  const keys: string[] = [];
  const shapes = shapesOf(client);
  for (let i = 0; i < count; i++) {
    const key = `${prefix}-${i}`;
    shapes.set(key, i);
    keys.push(key);
    if ((i + 1) % perTick === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return keys;
}

/**
 * Writes `count` keys `${prefix}-${i}`, one every `intervalMs`: a steady editor rather than a
 * burst, so each edit tends to be its own commit and its own Redis message (an instance
 * coalesces what commits while a publish is under way). Returns the keys.
 */
export async function writePaced(client: TestClient, prefix: string, count: number, intervalMs: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `${prefix}-${i}`;
    shapesOf(client).set(key, i);
    keys.push(key);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return keys;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** What is still missing for `clients` to agree and to hold every key of `expected`, or null. */
export function divergence(clients: readonly TestClient[], expected: Iterable<string>): string | null {
  const wanted = [...expected];
  for (const [i, client] of clients.entries()) {
    const shapes = shapesOf(client);
    const missing = wanted.filter((key) => !shapes.has(key));
    if (missing.length > 0) return `client ${i} lacks ${missing.length} keys (e.g. ${missing.slice(0, 3).join(', ')})`;
  }
  const vector = Y.encodeStateVector(clients[0]!.doc);
  for (const [i, client] of clients.entries()) {
    if (!sameBytes(Y.encodeStateVector(client.doc), vector)) return `client ${i}'s state vector differs from client 0's`;
  }
  return null;
}

/**
 * Waits until every client holds every expected key and all have the same state vector;
 * fails after `boundMs` saying what was still missing. Returns how long it took.
 */
export async function waitConverged(clients: readonly TestClient[], expected: Iterable<string>, boundMs: number, what: string): Promise<number> {
  const start = Date.now();
  const keys = [...expected];
  let last: string | null = null;
  try {
    await waitFor(() => (last = divergence(clients, keys)) === null, what, boundMs, 20);
  } catch (error) {
    throw new Error(`${(error as Error).message}; still: ${last}`, { cause: error });
  }
  return Date.now() - start;
}

/** The sum of a metric over all its series (e.g. every `cause` of gaps repaired). */
export const metricSum = (metrics: readonly Metric[], name: string) => metrics.filter((m) => m.name === name).reduce((total, m) => total + m.value, 0);

/** Applied and head seq of `boardId` on a running instance, from its /metrics. */
export async function boardSeqs(cluster: Cluster, instance: Instance, boardId: string): Promise<{ applied: number | undefined; head: number | undefined }> {
  const metrics = await cluster.metrics(instance.index);
  return {
    applied: metricValue(metrics, 'koppelbord_cluster_board_applied_seq', { board: boardId }),
    head: metricValue(metrics, 'koppelbord_cluster_board_head_seq', { board: boardId }),
  };
}

/** Waits until every running instance that has the board open has applied `headSeq`. */
export async function waitInstancesAt(cluster: Cluster, boardId: string, headSeq: number, boundMs: number): Promise<void> {
  let last = '';
  await waitFor(
    async () => {
      const seqs = await Promise.all(cluster.instances.filter((i) => i.child).map((i) => boardSeqs(cluster, i, boardId)));
      last = JSON.stringify(seqs);
      return seqs.every((s) => s.applied === headSeq);
    },
    `every instance to apply seq ${headSeq} of ${boardId}`,
    boundMs,
    50,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; instances: ${last}`, { cause: error });
  });
}
