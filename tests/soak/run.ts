/**
 * `pnpm soak` (`-- --quick` for a smoke run; flags in options.ts): memory under ordinary
 * churn. Starts the real server as a child process (UNLOAD_GRACE_MS=2000), creates boards,
 * then runs waves: each picks boards, connects stock y-websocket clients to each, every
 * client writes its keys, all wait until everyone on the board sees every key, all
 * disconnect. After each wave it waits for the quiet point (nothing loaded, nobody
 * connected, nothing unpersisted) and samples the server's RSS (/proc) and heap (/metrics).
 * At the end: the series, the least-squares slope per wave over the last half of the waves,
 * idle RSS against start-up RSS; then a restart on the same data directory and a check
 * that every key written is there.
 *
 * stderr: progress and the report. stdout: one JSON document with every figure.
 * Use `pnpm --silent soak > out.json` to keep pnpm's banner out of stdout.
 * Exit code: 1 if a key is missing or the run failed; the memory aims are reported, not enforced.
 */
import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { Prng } from '../helpers/prng.ts';
import { createBoards, holdBoard, runWave, verifyAll, type Verification } from './driver.ts';
import type { TestClient } from '../helpers/client.ts';
import { parseOptions } from './options.ts';
import { freePort, Inspector, mallocTrim } from './probes.ts';
import { figures, seriesTable, trend, trendLine, type Trend } from './report.ts';
import { sample, threadCpu, waitQuiet, type Sample } from './sampling.ts';
import { productionMallocEnv, productionNodeFlags } from '../../apps/server/build.ts';

const log = (message: string) => process.stderr.write(`${message}\n`);
const signed = (value: number) => (value < 0 ? `−${(-value).toFixed(1)}` : `+${value.toFixed(1)}`);

/** The aims of the issue. */
const aims = { slopeMiBPerWave: 0.1, idleAboveStartMiB: 30 };

const options = parseOptions();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'koppelbord-soak-'));
let server: ChildServer | undefined;
let inspector: Inspector | undefined;

let holder: TestClient | undefined;
const cleanUp = () => {
  holder?.destroy();
  inspector?.close();
  if (server && server.process.exitCode === null && server.process.signalCode === null) server.process.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`\nsoak: ${signal}, stopping`);
    process.exit(130);
  });
}
setTimeout(() => {
  log(`soak: still running after ${Math.round(options.timeLimitMs / 60_000)} min, giving up`);
  process.exit(1);
}, options.timeLimitMs).unref();

const startedAt = Date.now();
const inspectPort = options.inspect ? await freePort() : undefined;
const serverEnv: Record<string, string> = {
  UNLOAD_GRACE_MS: String(options.unloadGraceMs),
  // The soak connects thousands of times from one address and creates its boards at once.
  UPGRADE_RATE_PER_IP: '0',
  BOARD_CREATE_RATE_PER_IP: '0',
  // The allocator settings and V8 flags `pnpm start` runs the server with.
  ...(options.glibcDefaults ? {} : productionMallocEnv),
  NODE_OPTIONS: productionNodeFlags.join(' '),
  ...options.serverEnv,
};
const start = async (): Promise<ChildServer> => {
  const env = { ...serverEnv };
  if (inspectPort !== undefined) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:${inspectPort}`.trim();
  return startChildServer(dataDir, env);
};

// Each stock client (y-websocket in Node) adds a process 'exit' listener while it lives.
process.setMaxListeners(options.boardsPerWave * options.clients + 20);
const shape = { clients: options.clients, keys: options.keys, valueBytes: options.valueBytes };
const connectionsPerWave = options.boardsPerWave * options.clients;
log(
  `soak: ${options.waves} waves × ${options.boardsPerWave} of ${options.boards} boards × ${options.clients} clients × ${options.keys} keys ` +
    `(${connectionsPerWave} connections and ${connectionsPerWave * options.keys} keys per wave), UNLOAD_GRACE_MS=${options.unloadGraceMs}, sampled ${options.settleMs} ms after each quiet point` +
    (options.hold ? ', one more board held open throughout' : '') +
    (options.glibcDefaults ? ", glibc's default allocator settings" : '') +
    (Object.keys(options.serverEnv).length > 0 ? `, server env ${JSON.stringify(options.serverEnv)}` : ''),
);

let exitCode = 0;
let failure: string | undefined;
const waves: Sample[] = [];
const extra: Sample[] = [];
const idleSeries: Sample[] = [];
let startSample: Sample | undefined;
let listeningSample: Sample | undefined;
let restartSample: Sample | undefined;
let verification: Verification | undefined;
let deflate = false;
let connections = 0;
let keysWritten = 0;
let quietWaitMs = 0;
const heapStats: Record<string, unknown> = {};
/** CPU seconds by thread name at the end of the waves (before the restart). */
let threads: Record<string, number> | undefined;
/** Size of the data directory (database, WAL, secret) at the end. */
let dbMiB: number | undefined;
/** The server's idle GCs (its 'idle: heap collected' log lines), if it runs them. */
let idleGc: { count: number; medianMs: number; maxMs: number } | undefined;

try {
  server = await start();
  const pid = server.process.pid!;
  const url = server.url;
  if (inspectPort !== undefined) inspector = await Inspector.connect(inspectPort);
  listeningSample = await sample('listening', pid, url, startedAt);
  const boards = await createBoards(url, options.boards);
  const held = options.hold ? 1 : 0;
  if (options.hold) holder = await holdBoard(server.wsUrl, (await createBoards(url, 1))[0]!);
  await waitQuiet(url, 10_000, held);
  startSample = await sample('start', pid, url, startedAt);
  log(`soak: ${boards.length} boards created; start-up RSS ${startSample.rss} MiB (heap used ${startSample.heapUsed}, total ${startSample.heapTotal})`);
  if (options.heapSnapshotDir) mkdirSync(options.heapSnapshotDir, { recursive: true });

  const rng = new Prng(options.seed);
  for (let wave = 1; wave <= options.waves; wave++) {
    const t0 = Date.now();
    const result = await runWave(server.wsUrl, rng.sample(boards, options.boardsPerWave), wave, shape);
    connections += result.connections;
    keysWritten += result.keysWritten;
    deflate ||= result.deflate;
    const busyMs = Date.now() - t0;
    const waited = await waitQuiet(url, options.unloadGraceMs + 30_000, held);
    quietWaitMs += waited;
    // The idle server, a moment later: what it holds while nobody uses it, not at the instant the last board went.
    await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    const s = await sample(String(wave), pid, url, startedAt);
    waves.push(s);
    log(
      `wave ${String(wave).padStart(3)}/${options.waves}: ${busyMs} ms + ${waited} ms to quiet; RSS ${s.rss} MiB, heap used ${s.heapUsed} / total ${s.heapTotal}, external ${s.external}, outside V8 ${s.outsideV8}`,
    );
    if (options.heapSnapshotDir && inspector && (wave === 1 || wave === options.waves)) {
      const file = path.join(options.heapSnapshotDir, `wave-${wave}.heapsnapshot`);
      await inspector.heapSnapshot(file);
      log(`  heap snapshot: ${file}`);
    }
  }

  // The idle server, watched for idleMs and sampled every 5 s (as a Prometheus scrape
  // would): V8's memory reducer, for one, runs on its own timers once the process is idle.
  const idleStarted = Date.now();
  for (let at = 5_000; at < options.idleMs; at += 5_000) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, idleStarted + at - Date.now())));
    idleSeries.push(await sample(`idle+${at / 1000}s`, pid, url, startedAt));
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, idleStarted + options.idleMs - Date.now())));
  extra.push(await sample('idle', pid, url, startedAt));
  if (inspector) {
    heapStats.beforeGc = await inspector.evaluate('JSON.parse(JSON.stringify({ memory: process.memoryUsage(), heap: process.getBuiltinModule("v8").getHeapStatistics() }))');
    await inspector.collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    extra.push(await sample('gc', pid, url, startedAt));
    heapStats.afterGc = await inspector.evaluate('JSON.parse(JSON.stringify({ memory: process.memoryUsage(), heap: process.getBuiltinModule("v8").getHeapStatistics() }))');
  }
  if (options.mallocTrim) {
    if (await mallocTrim(pid)) extra.push(await sample('trim', pid, url, startedAt));
    else log('soak: malloc_trim through gdb failed (gdb missing or not allowed to attach)');
  }

  holder?.destroy();
  holder = undefined;
  threads = threadCpu(pid);
  const idleGcMs = server.logs.filter((entry) => entry.msg === 'idle: heap collected').map((entry) => Number(entry.ms));
  if (idleGcMs.length > 0) idleGc = { count: idleGcMs.length, medianMs: idleGcMs.sort((x, y) => x - y)[Math.floor(idleGcMs.length / 2)]!, maxMs: Math.max(...idleGcMs) };
  inspector?.close();
  inspector = undefined;
  const stopped = await server.kill('SIGTERM');
  if (stopped.code !== 0) throw new Error(`server exited with ${stopped.code ?? stopped.signal} on SIGTERM`);
  log(`soak: server stopped (SIGTERM, exit 0); restarting on the same data directory to verify`);
  server = await start();
  if (inspectPort !== undefined) {
    inspector = await Inspector.connect(inspectPort);
  }
  restartSample = await sample('restart', server.process.pid!, server.url, startedAt);
  verification = await verifyAll(server.wsUrl, boards, shape);
  log(`soak: verified ${verification.found} of ${verification.expected} keys on ${verification.boards} boards after the restart`);
  if (verification.missing > 0 || verification.wrongValue > 0 || verification.found !== keysWritten) {
    exitCode = 1;
    log(`soak: KEYS MISSING: ${verification.missing} missing, ${verification.wrongValue} with a wrong value; e.g. ${verification.examples.join(', ')}`);
  }
  inspector?.close();
  inspector = undefined;
  await server.kill('SIGTERM');
  dbMiB = Math.round((readdirSync(dataDir).reduce((sum, name) => sum + statSync(path.join(dataDir, name)).size, 0) / 1048576) * 10) / 10;
} catch (error) {
  exitCode = 1;
  failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log(`soak: FAILED: ${failure}`);
}

const half = Math.floor(waves.length / 2) + 1;
const trends: Record<string, { lastHalf: Trend; all: Trend }> = {};
if (waves.length >= 4) {
  for (const figure of figures) trends[figure] = { lastHalf: trend(waves, figure, half, waves.length), all: trend(waves, figure, 1, waves.length) };
}
const idle = extra.find((s) => s.at === 'idle') ?? waves.at(-1);
const lastQuiet = waves.at(-1);
const aimSlope = trends.rss ? trends.rss.lastHalf.slope < aims.slopeMiBPerWave : false;
const idleAbove = idle && startSample ? idle.rss - startSample.rss : Number.NaN;
const aimIdle = idleAbove <= aims.idleAboveStartMiB;

if (startSample && waves.length > 0) {
  log('');
  log(seriesTable(startSample, waves, options.every, extra));
  log('');
  if (trends.rss) {
    log('Least-squares slope per wave:');
    for (const figure of figures) log(`  ${trendLine(figure, trends[figure]!.lastHalf)}; all waves ${trends[figure]!.all.slope.toFixed(3)}`);
  }
  log('');
  log(`Start-up RSS ${startSample.rss} MiB (at listening ${listeningSample?.rss} MiB); last quiet point ${lastQuiet?.rss} MiB (${signed((lastQuiet?.rss ?? 0) - startSample.rss)}); idle after ${options.idleMs / 1000} s ${idle?.rss} MiB (${signed(idleAbove)}); peak ${Math.max(...waves.map((s) => s.hwm))} MiB; after restart ${restartSample?.rss ?? '—'} MiB`);
  if (idleSeries.length > 0) log(`Idle RSS every 5 s after the last quiet point: ${[...idleSeries, ...extra.filter((x) => x.at === 'idle')].map((x) => x.rss).join(', ')} MiB`);
  for (const s of extra.filter((x) => x.at !== 'idle')) log(`  after ${s.at === 'gc' ? 'a forced full GC' : s.at === 'trim' ? 'malloc_trim(0)' : s.at}: ${s.rss} MiB (heap total ${s.heapTotal}, outside V8 ${s.outsideV8})`);
  log(`${connections} connections, ${keysWritten} keys written; server CPU during the waves ${((lastQuiet?.cpuS ?? 0) - startSample.cpuS).toFixed(1)} s; permessage-deflate negotiated: ${deflate ? 'yes' : 'no'}`);
  if (lastQuiet) {
    const pauses = Object.entries(lastQuiet.gc).map(([kind, { count, seconds }]) => `${kind} ${count - (startSample!.gc[kind]?.count ?? 0)} (${(seconds - (startSample!.gc[kind]?.seconds ?? 0)).toFixed(2)} s)`);
    log(`GC pauses in the server during the waves: ${pauses.join(', ')}`);
  }
  if (threads) log(`Server CPU by thread (whole run): ${Object.entries(threads).map(([name, seconds]) => `${name} ${seconds} s`).join(', ')}`);
  if (idleGc) log(`Idle GCs in the server: ${idleGc.count}, median ${idleGc.medianMs} ms, max ${idleGc.maxMs} ms`);
  log(`Aim: RSS slope over the last half < ${aims.slopeMiBPerWave} MiB/wave: ${aimSlope ? 'met' : 'NOT met'} (${trends.rss?.lastHalf.slope.toFixed(3) ?? '—'})`);
  log(`Aim: idle RSS within ${aims.idleAboveStartMiB} MiB of start-up: ${aimIdle ? 'met' : 'NOT met'} (${signed(idleAbove)} MiB)`);
}
if (dbMiB !== undefined) log(`Data directory at the end: ${dbMiB} MiB`);
if (verification) log(`Keys after restart: ${verification.found} / ${keysWritten}${exitCode === 0 ? ' (all there)' : ' (MISSING)'}`);

const document = {
  meta: {
    date: new Date(startedAt).toISOString(),
    durationS: Math.round((Date.now() - startedAt) / 1000),
    label: options.label,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    settings: {
      boards: options.boards,
      waves: options.waves,
      boardsPerWave: options.boardsPerWave,
      clients: options.clients,
      keys: options.keys,
      valueBytes: options.valueBytes,
      unloadGraceMs: options.unloadGraceMs,
      settleMs: options.settleMs,
      idleMs: options.idleMs,
      seed: options.seed,
      hold: options.hold,
      serverEnv: options.serverEnv,
    },
    units: 'MiB; slopes in MiB per wave',
  },
  connections,
  keysWritten,
  permessageDeflate: deflate,
  quietWaitMs,
  idleGc,
  threads,
  dbMiB,
  listening: listeningSample,
  start: startSample,
  waves,
  idleSeries,
  extra,
  restart: restartSample,
  trends,
  aims: { ...aims, slopeMet: aimSlope, idleMet: aimIdle, idleAboveStart: Number(idleAbove.toFixed(1)) },
  heapStats,
  verification,
  failure,
};
// Exit once stdout is written: keep-alive sockets of fetch would otherwise hold the process a while.
process.stdout.write(`${JSON.stringify(document, null, 2)}\n`, () => process.exit(exitCode));
