/**
 * Benchmark settings. Full mode (default) takes at most ~10 min on 2 cores; quick mode
 * (`pnpm bench -- --quick` or BENCH_QUICK=1) is a smoke test of every scenario in < 1.5 min.
 *
 * Overrides (env or `--name=value`): BENCH_WRITE_MS / --write-ms, BENCH_ONLY / --only
 * (comma-separated scenario names), BENCH_MAX_WORKERS / --max-workers.
 *
 * `--cluster` (BENCH_CLUSTER=1) runs the multi-instance fan-out instead (cluster.ts): SQLite,
 * PostgreSQL + Redis with every client on one instance, and spread over two; client counts from
 * BENCH_CLUSTER_CLIENTS / --cluster-clients (comma-separated, default 50).
 */

export interface BenchOptions {
  quick: boolean;
  /** Scenario names to run; empty = all. */
  only: string[];
  /** How long clients write in the fan-out scenarios. */
  writeMs: number;
  /** Updates per second per client. */
  ratePerSecond: number;
  /** The first part of the write phase is left out of the latency percentiles (JIT warm-up). */
  warmupMs: number;
  /** Longest wait for the last updates to arrive after writing stopped … */
  maxSettleMs: number;
  /** … or for this long without any new delivery. */
  stallMs: number;
  /** Client processes per scenario: one per `clientsPerWorker` clients, at most `maxWorkers`. */
  clientsPerWorker: number;
  maxWorkers: number;
  /** Fan-out on one board, these client counts. */
  singleBoardClients: number[];
  multiBoard: { boards: number; clientsPerBoard: number };
  coldJoin: { records: number; perTransaction: number; joins: number; unloadGraceMs: number };
  connectStorm: { clients: number; rounds: number };
  /** Run the multi-instance scenarios (cluster.ts) instead of ours against the reference. */
  cluster: boolean;
  /** Clients on one board in the multi-instance scenarios. */
  clusterClients: number[];
}

function flag(argv: readonly string[], name: string): string | undefined {
  for (const arg of argv) {
    if (arg === `--${name}`) return 'true';
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return parsed;
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && value !== '0' && value !== 'false' && value !== '';
}

export function parseOptions(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const quick = isOn(flag(argv, 'quick') ?? env.BENCH_QUICK);
  const only = (flag(argv, 'only') ?? env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const writeMs = positiveInt(flag(argv, 'write-ms') ?? env.BENCH_WRITE_MS, 'write-ms') ?? (quick ? 2_000 : 15_000);
  const maxWorkers = positiveInt(flag(argv, 'max-workers') ?? env.BENCH_MAX_WORKERS, 'max-workers') ?? 4;
  const clusterClients = (flag(argv, 'cluster-clients') ?? env.BENCH_CLUSTER_CLIENTS ?? '50')
    .split(',')
    .map((value) => positiveInt(value.trim(), 'cluster-clients')!);
  if (clusterClients.some((clients) => clients < 2)) throw new Error('cluster-clients must be at least 2 (one per instance)');
  return {
    quick,
    only,
    writeMs,
    ratePerSecond: 5,
    warmupMs: quick ? 500 : 1_000,
    maxSettleMs: quick ? 4_000 : 20_000,
    stallMs: quick ? 2_000 : 4_000,
    clientsPerWorker: 25,
    maxWorkers,
    singleBoardClients: [10, 50, 200],
    multiBoard: { boards: 100, clientsPerBoard: 5 },
    coldJoin: { records: 5_000, perTransaction: 250, joins: quick ? 2 : 9, unloadGraceMs: 250 },
    connectStorm: { clients: 200, rounds: quick ? 1 : 5 },
    cluster: isOn(flag(argv, 'cluster') ?? env.BENCH_CLUSTER),
    clusterClients,
  };
}
