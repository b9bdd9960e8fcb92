/**
 * Several real Koppelbord server processes sharing one PostgreSQL database and one Redis, the
 * way an operator runs them behind a load balancer: `apps/server/src/main.ts` in its own
 * process each (child-server.ts), its own DATA_DIR and INSTANCE_ID, one AUTH_SECRET for all (a
 * link made on one instance must open on every other).
 *
 * `kill9(i)` is a crash (SIGKILL: no shutdown code runs); `restart(i)` starts instance `i` again
 * on the same port and data dir, with a new INSTANCE_ID as a restarted process would get by
 * default, so the others see a new instance and the dead one's heartbeat expire. Every process
 * and directory is removed by `stop()`, and by an exit hook if a test never got there.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CreateBoardResponse } from '@koppelbord/contract';
import { startChildServer, type ChildServer } from './child-server.ts';
import { createBoard } from './server.ts';

export interface Instance {
  /** Position in the cluster: stable across restarts. */
  index: number;
  /** INSTANCE_ID of the running process (changes on restart). */
  id: string;
  port: number;
  url: string;
  wsUrl: string;
  dataDir: string;
  /** The running process, or null after `kill9` until `restart`. */
  child: ChildServer | null;
}

export interface ClusterOptions {
  count: number;
  databaseUrl: string;
  /** REDIS_URL of each instance (e.g. through a fault proxy), or null to run without Redis. */
  redisUrl: string | null | ((index: number) => string | null);
  /** More environment for every instance (limits, REPAIR_INTERVAL_MS, …), or per instance. */
  env?: Record<string, string> | ((index: number) => Record<string, string>);
}

export interface Cluster {
  instances: Instance[];
  authSecret: string;
  /** Creates a board through instance `via` (the board is in the shared database: any instance serves it). */
  createBoard(via?: number, title?: string): Promise<CreateBoardResponse>;
  kill9(index: number): Promise<void>;
  restart(index: number): Promise<Instance>;
  /** `/metrics` of instance `index`, parsed. */
  metrics(index: number): Promise<Metric[]>;
  stop(): Promise<void>;
}

export interface Metric {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every child still running, killed if the test process exits without `stop()`. */
const liveChildren = new Set<ChildServer>();
const liveDirs = new Set<string>();
process.on('exit', () => {
  for (const child of liveChildren) child.process.kill('SIGKILL');
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!Number.isInteger(options.count) || options.count < 1) throw new RangeError(`count must be a positive integer, got ${options.count}`);
  const authSecret = randomBytes(32).toString('base64url');
  const redisUrlOf = (index: number) => (typeof options.redisUrl === 'function' ? options.redisUrl(index) : options.redisUrl);
  let generation = 0;

  const launch = async (index: number, dataDir: string, port: number): Promise<Instance> => {
    const redisUrl = redisUrlOf(index);
    const id = `i${index}-g${++generation}`;
    const child = await startChildServer(dataDir, {
      PORT: String(port),
      // child-server.ts learns the port from the info line "koppelbord listening".
      LOG_LEVEL: 'info',
      DATABASE_URL: options.databaseUrl,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      INSTANCE_ID: id,
      AUTH_SECRET: authSecret,
      RENDER: 'off',
      ...(typeof options.env === 'function' ? options.env(index) : options.env),
    });
    liveChildren.add(child);
    void child.exited.then(() => liveChildren.delete(child));
    return { index, id, port: child.port, url: child.url, wsUrl: child.wsUrl, dataDir, child };
  };

  const instances: Instance[] = [];
  // All at once, as a deployment's instances come up: the migrations each runs at start take
  // an advisory lock, so only the first does the work.
  const started = await Promise.allSettled(
    Array.from({ length: options.count }, (_, index) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), `koppelbord-inst${index}-`));
      liveDirs.add(dataDir);
      return launch(index, dataDir, 0).catch((error: unknown) => {
        rmSync(dataDir, { recursive: true, force: true });
        liveDirs.delete(dataDir);
        throw error;
      });
    }),
  );
  for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stopAll(instances);
    throw failed.reason;
  }

  return {
    instances,
    authSecret,
    createBoard: (via = 0, title = 'Schaalbord') => createBoard(instances[via]!.url, title),
    async kill9(index) {
      const instance = instances[index]!;
      if (!instance.child) throw new Error(`instance ${index} is not running`);
      await instance.child.kill('SIGKILL');
      instance.child = null;
    },
    async restart(index) {
      const instance = instances[index]!;
      if (instance.child) await instance.child.kill('SIGKILL');
      instances[index] = await launch(index, instance.dataDir, instance.port);
      return instances[index];
    },
    metrics: (index) => readMetrics(instances[index]!.url),
    stop: () => stopAll(instances),
  };
}

async function stopAll(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map(async (instance) => {
      // SIGTERM: a clean shutdown, bounded by the child's own SHUTDOWN_DEADLINE_MS; SIGKILL after 10 s.
      const child = instance.child;
      instance.child = null;
      if (child && child.process.exitCode === null && child.process.signalCode === null) {
        const timer = setTimeout(() => child.process.kill('SIGKILL'), 10_000);
        await child.kill('SIGTERM');
        clearTimeout(timer);
      }
      rmSync(instance.dataDir, { recursive: true, force: true });
      liveDirs.delete(instance.dataDir);
    }),
  );
}

/** Reads a Prometheus text exposition (what prom-client writes: no timestamps, no exemplars). */
export async function readMetrics(baseUrl: string): Promise<Metric[]> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
  return parseMetrics(await response.text());
}

export function parseMetrics(text: string): Metric[] {
  const metrics: Metric[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a metric line: ${line}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[label[1]!] = label[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    metrics.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return metrics;
}

/** The value of one series (labels must all match), or undefined when it is not there. */
export function metricValue(metrics: readonly Metric[], name: string, labels: Record<string, string> = {}): number | undefined {
  return metrics.find((metric) => metric.name === name && Object.entries(labels).every(([key, value]) => metric.labels[key] === value))?.value;
}
