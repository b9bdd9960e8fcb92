/**
 * The load scenarios. Each runs against one server kind in a fresh server process with fresh
 * client processes, so no scenario inherits another's documents, connections or warm caches,
 * and only one server is ever loaded at a time.
 */
import { ClientPool } from './client-pool.ts';
import { startBenchServer, type BenchServer, type Board } from './bench-server.ts';
import type { BenchOptions } from './options.ts';
import type { ClientSpec, ServerKind, ServerUsage } from './protocol.ts';
import { Histogram, median, percentile } from './stats.ts';

/** One server's figures for one scenario: flat, so ratios are one division per key. */
export type Metrics = Record<string, number | string | null>;

export interface Scenario {
  name: string;
  description: string;
  params: Record<string, number>;
  /** Servers this scenario does not apply to, with why (shown in the results instead of figures). */
  notFor?: Partial<Record<ServerKind, string>>;
  run(kind: ServerKind, options: BenchOptions, log: (message: string) => void): Promise<Metrics>;
}

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

export function allScenarios(options: BenchOptions): Scenario[] {
  const { boards, clientsPerBoard } = options.multiBoard;
  return [
    ...options.singleBoardClients.map((clients) => fanOutScenario(1, clients)),
    fanOutScenario(boards, clientsPerBoard),
    coldJoinScenario(options),
    connectStormScenario(options),
  ];
}

function workersFor(clients: number, options: BenchOptions): number {
  return Math.max(1, Math.min(options.maxWorkers, Math.ceil(clients / options.clientsPerWorker)));
}

function serverFigures(server: ServerUsage, startRssBytes: number): Metrics {
  return {
    serverStartRssMiB: round(startRssBytes / MiB, 1),
    serverPeakRssMiB: round(server.peakRssBytes / MiB, 1),
  };
}

/** Runs `body` with a fresh server and always stops it (and whatever `body` started). */
async function withServer<T>(
  kind: ServerKind,
  serverOptions: { unloadGraceMs?: number },
  body: (server: BenchServer, startUsage: ServerUsage) => Promise<T>,
): Promise<T> {
  const server = await startBenchServer(kind, serverOptions);
  try {
    return await body(server, await server.usage());
  } finally {
    await server.stop();
  }
}

/**
 * Runs `body` with `count` fresh client processes and always stops them. If the server dies
 * meanwhile, fails at once (instead of after the clients' timeouts) with the exit status.
 */
async function withClients<T>(server: BenchServer, count: number, body: (pool: ClientPool) => Promise<T>): Promise<T> {
  const pool = await ClientPool.start(count);
  try {
    const work = body(pool);
    // Once the race is lost `work` fails too (its workers are stopped below); that is expected.
    work.catch(() => {});
    return await Promise.race([work, server.crashed]);
  } finally {
    await pool.stop();
  }
}

/** Connects `specs` all at once over the pool; throws if any client does not sync. */
async function connectAll(pool: ClientPool, server: BenchServer, specs: ClientSpec[]): Promise<{ syncMs: number[]; failed: number }> {
  const shares = pool.deal(specs);
  const startAt = Date.now() + 300;
  const opened = await pool.all('open', (i) => ({ serverUrl: server.wsUrlFor?.(i) ?? server.wsUrl, protocol: server.protocol, clients: shares[i]!, startAt, timeoutMs: 60_000 }), 90_000);
  return { syncMs: opened.flatMap((result) => result.syncMs), failed: sum(opened.map((result) => result.failed)) };
}

function describeCloses(closes: Record<string, number>): string {
  const entries = Object.entries(closes);
  return entries.length === 0 ? 'none' : entries.map(([code, count]) => `${code}×${count}`).join(', ');
}

function crossFigures(cross: ReturnType<Histogram['summary']>): Metrics {
  return { crossLatencyP50Ms: round(cross.p50), crossLatencyP99Ms: round(cross.p99), crossLatencyMaxMs: round(cross.max), crossLatencySamples: cross.count };
}

// ---- 1 & 2: fan-out ----

function fanOutScenario(boards: number, clientsPerBoard: number): Scenario {
  return {
    name: `fanout-${boards}x${clientsPerBoard}`,
    description:
      boards === 1
        ? `Fan-out on one board with ${clientsPerBoard} clients, each writing ~5 small updates/s`
        : `Fan-out on ${boards} boards × ${clientsPerBoard} clients, each writing ~5 small updates/s`,
    params: { boards, clientsPerBoard },
    run: (kind, options, log) => runFanOut(kind, boards, clientsPerBoard, options, log),
  };
}

async function runFanOut(kind: ServerKind, boardCount: number, perBoard: number, options: BenchOptions, log: (message: string) => void): Promise<Metrics> {
  return withServer(kind, {}, async (server, startUsage) => measureFanOut(server, await server.createBoards(boardCount), perBoard, options, log, startUsage));
}

/**
 * Fan-out on `boards` of a running server: `perBoard` clients each, writing for
 * `options.writeMs`. `background` (if given) starts with the writes and is awaited before
 * the figures are taken: load that runs beside the fan-out (`pnpm bench:archive`).
 */
export async function measureFanOut(
  server: BenchServer,
  boards: readonly Board[],
  perBoard: number,
  options: BenchOptions,
  log: (message: string) => void,
  startUsage: ServerUsage,
  background?: (until: number) => Promise<unknown>,
): Promise<Metrics> {
  const specs = boards.flatMap((board, b) =>
    Array.from({ length: perBoard }, (_, c): ClientSpec => ({ room: board.room, token: board.token, name: `b${b}c${c}` })),
  );
  const workers = workersFor(specs.length, options);
  return withClients(server, workers, async (pool) => {
    const connected = await connectAll(pool, server, specs);
    if (connected.failed > 0) throw new Error(`${connected.failed} of ${specs.length} clients did not sync within 60 s`);
    log(`  ${specs.length} clients synced in ${Math.round(Math.max(...connected.syncMs))} ms (${workers} client processes); writing for ${options.writeMs} ms`);

    const before = await server.usage();
    const writeStart = Date.now() + 200;
    const alongside = background?.(writeStart + options.writeMs);
    const written = await pool.all('write', () => ({ startAt: writeStart, durationMs: options.writeMs, ratePerSecond: options.ratePerSecond, warmupMs: options.warmupMs }), options.writeMs + 60_000);
    await alongside;
    const sentByRoom = new Map<string, number>();
    for (const result of written) {
      for (const [room, sent] of Object.entries(result.sentByRoom)) sentByRoom.set(room, (sentByRoom.get(room) ?? 0) + sent);
    }
    const sent = sum([...sentByRoom.values()]);
    // Below 100 % the writers' own processes were too busy to keep the rate: the offered load was lower.
    const target = specs.length * options.ratePerSecond * (options.writeMs / 1000);
    // Every update should reach every other client of its board.
    const expected = sum([...sentByRoom.values()].map((roomSent) => roomSent * (perBoard - 1)));

    const { settle, settleMs } = await waitForDeliveries(pool, expected, options);
    const after = await server.usage();
    const collected = await pool.all('collect', () => null, 30_000);
    const windowMs = Date.now() - writeStart;

    const latency = new Histogram();
    const crossLatency = new Histogram();
    const closes: Record<string, number> = {};
    for (const result of collected) {
      latency.merge(result.latency);
      crossLatency.merge(result.crossLatency);
      for (const [code, count] of Object.entries(result.serverCloses)) closes[code] = (closes[code] ?? 0) + count;
    }
    const delivered = sum(collected.map((result) => result.delivered));
    const lat = latency.summary();
    const serverCpuUs = after.cpuUs - before.cpuUs;
    const clientCpuUs = sum(collected.map((result) => result.cpuUs));
    await pool.all('closeAll', () => null, 30_000);
    return {
      clients: specs.length,
      clientProcesses: workers,
      connectAllMs: round(Math.max(...connected.syncMs), 0),
      sent,
      sentPercentOfTarget: round((sent * 100) / target, 1),
      expected,
      delivered,
      lost: expected - delivered,
      lostPercent: round(expected > 0 ? ((expected - delivered) * 100) / expected : 0, 3),
      settle,
      settleMs,
      latencyP50Ms: round(lat.p50),
      latencyP95Ms: round(lat.p95),
      latencyP99Ms: round(lat.p99),
      latencyMaxMs: round(lat.max),
      latencyMeanMs: round(lat.mean),
      latencySamples: lat.count,
      // Only with clients on several server instances: the pairs whose writer was on another one.
      ...(crossLatency.count > 0 ? crossFigures(crossLatency.summary()) : {}),
      serverCpuMs: round(serverCpuUs / 1000, 0),
      serverCpuUsPerDelivered: round(delivered > 0 ? serverCpuUs / delivered : NaN, 3),
      /** Share of one core the server used while clients wrote and settled. */
      serverCpuPercentOfCore: round((serverCpuUs / 1000 / windowMs) * 100, 1),
      /** All client processes together, as a share of one core: above ~100 × (cores − 1) the clients are the bottleneck. */
      clientCpuPercentOfCore: round((clientCpuUs / 1000 / windowMs) * 100, 1),
      serverCloses: describeCloses(closes),
      /** The longest the server's event loop was held up in the window: a blocked main thread, not a busy machine. */
      serverLoopDelayMaxMs: round(after.loopDelayMaxMs, 0),
      /** The server's full garbage collections in the window (each a pause of the whole heap), and their time. */
      serverMajorGcs: after.gc && before.gc && after.gc.majorCount - before.gc.majorCount,
      serverMajorGcMs: after.gc && before.gc && round(after.gc.majorMs - before.gc.majorMs, 1),
      serverMinorGcs: after.gc && before.gc && after.gc.minorCount - before.gc.minorCount,
      ...serverFigures(after, startUsage.rssBytes),
    };
  });
}

/**
 * Waits after the write phase until every expected delivery was observed, bounded by
 * `maxSettleMs` and by `stallMs` without any new delivery. What is still missing then is lost.
 */
async function waitForDeliveries(
  pool: ClientPool,
  expected: number,
  options: BenchOptions,
): Promise<{ settle: 'complete' | 'stalled' | 'deadline'; settleMs: number }> {
  const start = Date.now();
  let delivered = 0;
  let lastProgressAt = start;
  while (Date.now() - start < options.maxSettleMs) {
    const progress = await pool.all('progress', () => null, 30_000);
    const total = sum(progress.map((p) => p.delivered));
    if (total > delivered) lastProgressAt = Date.now();
    delivered = total;
    if (delivered >= expected) return { settle: 'complete', settleMs: Date.now() - start };
    if (Date.now() - lastProgressAt >= options.stallMs) return { settle: 'stalled', settleMs: Date.now() - start };
    await sleep(250);
  }
  return { settle: 'deadline', settleMs: Date.now() - start };
}

// ---- 3: cold join ----

function coldJoinScenario(options: BenchOptions): Scenario {
  const { records, joins } = options.coldJoin;
  return {
    name: `cold-join-${records}`,
    description: `A new client joins a board of ${records} shape records (median of ${joins}); ours loads it from disk each time, the reference serves it from memory`,
    params: { records, joins },
    notFor: {
      hocuspocus: 'without a persistence extension Hocuspocus drops a document when its last client leaves, so a later client joins an empty one',
    },
    run: (kind, opts, log) => runColdJoin(kind, opts, log),
  };
}

async function runColdJoin(kind: ServerKind, options: BenchOptions, log: (message: string) => void): Promise<Metrics> {
  const { records, perTransaction, joins, unloadGraceMs } = options.coldJoin;
  return withServer(kind, { unloadGraceMs }, async (server, startUsage) => {
    const [board] = await server.createBoards(1);
    return withClients(server, 1, async (pool) => {
      const worker = pool.workers[0]!;
      const seeded = await worker.call('seed', { serverUrl: server.wsUrl, protocol: server.protocol, room: board!.room, token: board!.token, records, perTransaction, timeoutMs: 60_000 }, 90_000);
      log(`  seeded ${records} records (${Math.round(seeded.docBytes / 1024)} KiB document)`);
      const joinMs: number[] = [];
      const syncMs: number[] = [];
      const cpuMs: number[] = [];
      // One warm-up join first (JIT in both processes), then the measured ones.
      for (let i = 0; i <= joins; i++) {
        if (kind === 'ours') {
          // Served from disk: wait until GET /healthz reports the board unloaded.
          await server.waitUnloaded(unloadGraceMs + 15_000);
        } else if (!(await server.hasDoc(board!.room))) {
          throw new Error('the reference no longer holds the document in memory');
        }
        const before = await server.usage();
        const joined = await worker.call('join', { serverUrl: server.wsUrl, protocol: server.protocol, room: board!.room, token: board!.token, records, timeoutMs: 30_000 }, 60_000);
        const after = await server.usage();
        if (i === 0) continue;
        joinMs.push(joined.ms);
        syncMs.push(joined.syncMs);
        cpuMs.push((after.cpuUs - before.cpuUs) / 1000);
      }
      // Before the edits below: the peak RSS of the joins alone.
      const afterJoins = await server.usage();
      // The other side of not parsing at join: the first edit after a cold join waits for it.
      const firstEditMs: number[] = [];
      for (let i = 0; i < Math.min(joins, 5); i++) {
        if (kind === 'ours') await server.waitUnloaded(unloadGraceMs + 15_000);
        const edited = await worker.call('firstEdit', { serverUrl: server.wsUrl, protocol: server.protocol, room: board!.room, token: board!.token, records, timeoutMs: 30_000 }, 60_000);
        firstEditMs.push(edited.ms);
      }
      return {
        records,
        recordBytes: seeded.recordBytes,
        docKiB: round(seeded.docBytes / 1024, 0),
        joins: joinMs.length,
        joinMedianMs: round(median(joinMs)),
        joinMinMs: round(Math.min(...joinMs)),
        joinMaxMs: round(Math.max(...joinMs)),
        syncEventMedianMs: round(median(syncMs)),
        serverCpuMsPerJoin: round(median(cpuMs)),
        firstEditMedianMs: round(median(firstEditMs)),
        ...serverFigures(afterJoins, startUsage.rssBytes),
      };
    });
  });
}

// ---- 4: connect storm ----

function connectStormScenario(options: BenchOptions): Scenario {
  const { clients, rounds } = options.connectStorm;
  return {
    name: `connect-storm-${clients}`,
    description: `${clients} clients connect to one board at once; time until each is synced (${rounds} round(s), fresh board each)`,
    params: { clients, rounds },
    run: (kind, opts, log) => runConnectStorm(kind, opts, log),
  };
}

async function runConnectStorm(kind: ServerKind, options: BenchOptions, log: (message: string) => void): Promise<Metrics> {
  const { clients, rounds } = options.connectStorm;
  return withServer(kind, {}, async (server, startUsage) => {
    const boards = await server.createBoards(rounds);
    const workers = workersFor(clients, options);
    return withClients(server, workers, async (pool) => {
      const perClient: number[] = [];
      const totals: number[] = [];
      const cpuMs: number[] = [];
      let failed = 0;
      for (const [r, board] of boards.entries()) {
        const specs = Array.from({ length: clients }, (_, c): ClientSpec => ({ room: board.room, token: board.token, name: `r${r}c${c}` }));
        const before = await server.usage();
        const connected = await connectAll(pool, server, specs);
        const after = await server.usage();
        failed += connected.failed;
        perClient.push(...connected.syncMs);
        totals.push(Math.max(...connected.syncMs));
        cpuMs.push((after.cpuUs - before.cpuUs) / 1000);
        log(`  round ${r + 1}: ${connected.syncMs.length} synced, last after ${Math.round(Math.max(...connected.syncMs))} ms${connected.failed ? `, ${connected.failed} failed` : ''}`);
        await pool.all('closeAll', () => null, 30_000);
        await sleep(500);
      }
      const final = await server.usage();
      return {
        clients,
        clientProcesses: workers,
        rounds,
        failed,
        syncP50Ms: round(percentile(perClient, 0.5)),
        syncP99Ms: round(percentile(perClient, 0.99)),
        allSyncedMedianMs: round(median(totals)),
        allSyncedMaxMs: round(Math.max(...totals)),
        serverCpuMsPerRound: round(median(cpuMs)),
        serverCpuUsPerClient: round((median(cpuMs) * 1000) / clients, 1),
        ...serverFigures(final, startUsage.rssBytes),
      };
    });
  });
}
