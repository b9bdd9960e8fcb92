/**
 * `pnpm bench -- --cluster`: fan-out across server instances. Two real instances
 * (`apps/server/src/main.ts`, tests/helpers/instances.ts) on one PostgreSQL and one Redis, each
 * started here for the run, and beside them the one-process SQLite server the other scenarios
 * measure. For each client count, in the same run and on fresh boards:
 *   sqlite      one SQLite process, every client on it (today's deployment)
 *   pg-one      every client on instance 0 of the PostgreSQL + Redis pair
 *   pg-spread   the clients split evenly over both instances: half of every update's
 *               receivers get it through Redis (crossLatency*: only those pairs)
 * Figures: the fan-out scenario's (latency, loss, server CPU per delivered update — summed over
 * both instances, the idle one included, as an operator pays for it) and the group-commit
 * latency from each server's `koppelbord_commit_seconds`. Aim (issue 13): the cross-instance
 * p99 at 50 clients within 2× of pg-one's p99.
 */
import { readFileSync } from 'node:fs';
import { startDedicatedPostgres } from '../helpers/dedicated-postgres.ts';
import { readMetrics, startCluster, type Cluster, type Metric } from '../helpers/instances.ts';
import { startRedis } from '../helpers/redis.ts';
import { createOurBoards, startBenchServer, type BenchServer } from './bench-server.ts';
import type { BenchOptions } from './options.ts';
import type { ServerUsage } from './protocol.ts';
import { measureFanOut, type Metrics } from './scenarios.ts';

export type ClusterMode = 'sqlite' | 'pg-one' | 'pg-spread';
export const clusterModes: ClusterMode[] = ['sqlite', 'pg-one', 'pg-spread'];

export interface ClusterRun {
  clients: number;
  results: Partial<Record<ClusterMode, Metrics | { error: string }>>;
  /** pg-spread cross-instance p99 / pg-one p99: the issue's aim is ≤ 2. */
  crossP99OverOneP99: number | null;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** CPU (user + system) of a process from /proc, µs; 0 where /proc is not there. */
function processCpuUs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond;
  } catch {
    return 0;
  }
}

function processRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The instances of `cluster` as one BenchServer; `spread` deals client processes over them. */
function clusterServer(cluster: Cluster, spread: boolean): BenchServer {
  const instances = cluster.instances;
  const pids = instances.map((instance) => instance.child!.process.pid!);
  let peakRssBytes = 0;
  const usage = async (): Promise<ServerUsage> => {
    const rssBytes = pids.reduce((total, pid) => total + processRssBytes(pid), 0);
    peakRssBytes = Math.max(peakRssBytes, rssBytes);
    return { cpuUs: pids.reduce((total, pid) => total + processCpuUs(pid), 0), rssBytes, peakRssBytes, hwmBytes: null, loadedDocs: 0, loopDelayMaxMs: 0, gc: null };
  };
  const exits = instances.map((instance) =>
    instance.child!.exited.then(({ code, signal }) => {
      throw new Error(`instance ${instance.index} died during the scenario (exit code ${code}, signal ${signal})`);
    }),
  );
  const crashed = Promise.race(exits) as Promise<never>;
  crashed.catch(() => {});
  return {
    kind: 'ours',
    pid: pids[0]!,
    httpUrl: instances[0]!.url,
    wsUrl: instances[0]!.wsUrl,
    protocol: 'y-websocket',
    wsUrlFor: (workerIndex) => instances[spread ? workerIndex % instances.length : 0]!.wsUrl,
    usage,
    createBoards: (count) => createOurBoards(instances[0]!.url, count),
    waitUnloaded: () => Promise.resolve(),
    hasDoc: () => Promise.resolve(true),
    crashed,
    // The cluster outlives each scenario; runClusterBench stops it.
    stop: () => Promise.resolve(),
  };
}

/** Group-commit latency between two scrapes of `koppelbord_commit_seconds` (summed over servers). */
function commitFigures(before: Metric[], after: Metric[]): Metrics {
  const total = (metrics: Metric[], name: string, le?: string) =>
    metrics.filter((m) => m.name === name && (le === undefined || m.labels.le === le)).reduce((sum, m) => sum + m.value, 0);
  const count = total(after, 'koppelbord_commit_seconds_count') - total(before, 'koppelbord_commit_seconds_count');
  const sum = total(after, 'koppelbord_commit_seconds_sum') - total(before, 'koppelbord_commit_seconds_sum');
  const bounds = [...new Set(after.filter((m) => m.name === 'koppelbord_commit_seconds_bucket').map((m) => m.labels.le!))]
    .filter((le) => le !== '+Inf')
    .sort((a, b) => Number(a) - Number(b));
  // A histogram gives a quantile only as "at most this bucket's bound".
  const quantileBound = (q: number) => {
    for (const le of bounds) {
      const inBucket = total(after, 'koppelbord_commit_seconds_bucket', le) - total(before, 'koppelbord_commit_seconds_bucket', le);
      if (inBucket >= q * count) return Number(le) * 1000;
    }
    return `> ${Number(bounds.at(-1)) * 1000}`;
  };
  // Catch-ups from the store during the run, by cause: in a healthy cluster only `gap`s from
  // messages that overtook each other; each costs a store read on the path to some clients.
  const causes = [...new Set(after.filter((m) => m.name === 'koppelbord_cluster_gaps_repaired_total').map((m) => m.labels.cause!))].sort();
  const repairs = causes
    .map((cause) => {
      const of = (metrics: Metric[]) => metrics.filter((m) => m.name === 'koppelbord_cluster_gaps_repaired_total' && m.labels.cause === cause).reduce((total, m) => total + m.value, 0);
      return `${cause} ${of(after) - of(before)}`;
    })
    .join(', ');
  return {
    commits: count,
    storeCatchUps: repairs || 'none',
    commitMeanMs: count > 0 ? Number(((sum / count) * 1000).toFixed(3)) : null,
    commitP50AtMostMs: count > 0 ? quantileBound(0.5) : null,
    commitP99AtMostMs: count > 0 ? quantileBound(0.99) : null,
  };
}

async function scrape(urls: readonly string[]): Promise<Metric[]> {
  return (await Promise.all(urls.map((url) => readMetrics(url)))).flat();
}

async function measure(server: BenchServer, metricUrls: readonly string[], clients: number, options: BenchOptions, log: (message: string) => void): Promise<Metrics> {
  const [board] = await server.createBoards(1);
  // The same client processes in every mode (one per instance at least), so only where they connect differs.
  const perWorker = Math.max(1, Math.ceil(clients / Math.max(2, Math.ceil(clients / options.clientsPerWorker))));
  const before = await scrape(metricUrls);
  const fanOut = await measureFanOut(server, [board!], clients, { ...options, clientsPerWorker: perWorker }, log, await server.usage());
  return { ...fanOut, ...commitFigures(before, await scrape(metricUrls)) };
}

export async function runClusterBench(options: BenchOptions, log: (message: string) => void): Promise<ClusterRun[]> {
  const redis = await startRedis();
  // fsync on (PostgreSQL's default): the commit latency a durable deployment has.
  // BENCH_PG_FSYNC=off shows what of it is the disk.
  const postgres = await startDedicatedPostgres({ fsync: process.env.BENCH_PG_FSYNC !== 'off' });
  let cluster: Cluster | null = null;
  try {
    cluster = await startCluster({
      count: 2,
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      // Hundreds of simulated users from 127.0.0.1: the per-address limits would refuse them.
      env: { UPGRADE_RATE_PER_IP: '0', BOARD_CREATE_RATE_PER_IP: '0' },
    });
    const instanceUrls = cluster.instances.map((instance) => instance.url);
    const runs: ClusterRun[] = [];
    for (const clients of options.clusterClients) {
      const results: ClusterRun['results'] = {};
      for (const mode of clusterModes) {
        log(`[cluster-fanout-1x${clients}] ${mode}`);
        const t0 = Date.now();
        try {
          if (mode === 'sqlite') {
            const sqlite = await startBenchServer('ours');
            try {
              results[mode] = await measure(sqlite, [sqlite.httpUrl], clients, options, log);
            } finally {
              await sqlite.stop();
            }
          } else {
            results[mode] = await measure(clusterServer(cluster, mode === 'pg-spread'), instanceUrls, clients, options, log);
          }
          log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(results[mode])}`);
        } catch (error) {
          results[mode] = { error: error instanceof Error ? error.message : String(error) };
          log(`  FAILED: ${results[mode].error}`);
        }
      }
      const one = results['pg-one'];
      const spread = results['pg-spread'];
      const oneP99 = one && !('error' in one) ? one.latencyP99Ms : null;
      const crossP99 = spread && !('error' in spread) ? spread.crossLatencyP99Ms : null;
      runs.push({
        clients,
        results,
        crossP99OverOneP99: typeof oneP99 === 'number' && typeof crossP99 === 'number' && oneP99 > 0 ? Number((crossP99 / oneP99).toFixed(2)) : null,
      });
    }
    return runs;
  } finally {
    await cluster?.stop();
    await postgres.destroy();
    await redis.stop();
  }
}

const rows: [string, string][] = [
  ['latency p50 (ms)', 'latencyP50Ms'],
  ['latency p99 (ms)', 'latencyP99Ms'],
  ['cross-instance latency p99 (ms)', 'crossLatencyP99Ms'],
  ['delivered / expected', 'delivered'],
  ['lost', 'lost'],
  ['server CPU per delivered update (µs)', 'serverCpuUsPerDelivered'],
  ['group commits', 'commits'],
  ['commit latency mean (ms)', 'commitMeanMs'],
  ['commit latency p50 (ms, at most)', 'commitP50AtMostMs'],
  ['commit latency p99 (ms, at most)', 'commitP99AtMostMs'],
  ['catch-ups from the store, by cause', 'storeCatchUps'],
];

export function clusterTable(runs: readonly ClusterRun[]): string {
  const lines = ['| Scenario | Measure | SQLite, 1 process | PostgreSQL + Redis, all on 1 of 2 | PostgreSQL + Redis, spread over 2 |', '|---|---|--:|--:|--:|'];
  for (const run of runs) {
    for (const [index, [label, key]] of rows.entries()) {
      const cells = clusterModes.map((mode) => {
        const result = run.results[mode];
        if (!result) return '–';
        if ('error' in result) return 'error';
        const value = result[key];
        if (key === 'delivered' && typeof value === 'number') return `${value} / ${String(result.expected)}`;
        return value === null || value === undefined ? '–' : String(value);
      });
      lines.push(`| ${index === 0 ? `fanout-1x${run.clients}` : ''} | ${label} | ${cells.join(' | ')} |`);
    }
    lines.push(`| | cross-instance p99 / one-instance p99 (aim ≤ 2) | | | ${run.crossP99OverOneP99 ?? '–'} |`);
  }
  return lines.join('\n');
}
