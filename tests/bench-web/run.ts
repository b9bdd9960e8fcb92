/**
 * `pnpm bench:web` (add `-- --quick` or BENCH_QUICK=1 for a smoke run): browser benchmark of
 * the Koppelbord web client in headless Chromium against the real server on 127.0.0.1.
 *
 *   1. bundle  production JS+CSS (gzip) of apps/web vs. a bare `<Tldraw />` app, same Vite/tldraw
 *   2. load    page.goto → a board with 2,000 shapes (notes, geo shapes, bound arrows) fully
 *              rendered; fresh browser context per run (cold cache), median of 5; each load is
 *              followed by one of the reference: bare tldraw with the same records from a local
 *              snapshot file (bare-load.ts), timed by the same probe; after each load, the
 *              page's JS heap after two full GCs (ours and the reference's)
 *   3. move    a shape moved in page A until page B sees it; median/p95 of 20 moves
 *   4. pan     frame time while panning that board, 2 × 3 s at zoom-to-fit and at 100 % (pan.ts)
 *   5. koppel  a Koppelkansen board (25 domain cards, 300 opportunity cards, 300 arrows bound
 *              at both ends, a quadrant holding 100 of the cards): cold loads until every card
 *              with its domain chip and class badge is painted, each followed by a bare tldraw
 *              load of the board as geo rectangles (same places, sizes, arrows and bindings, no
 *              text), and the same pans (koppel.ts)
 *
 * Options (`--name=value` or env): --runs / BENCH_WEB_RUNS (load runs of each board, default 5),
 * --moves / BENCH_WEB_MOVES (default 20), --shapes / BENCH_WEB_SHAPES (default 2000),
 * --pan-ms / BENCH_WEB_PAN_MS (panning time per round, default 3000), --pan-rounds /
 * BENCH_WEB_PAN_ROUNDS (rounds per camera position, default 2), --skip-bare (no bare
 * tldraw builds and no bare tldraw loads), --skip-koppel / BENCH_WEB_SKIP_KOPPEL (no Koppelkansen board).
 *
 * stderr: progress and, at the end, a markdown table for the README.
 * stdout: one JSON document with every figure (also written to tests/bench-web/results/latest.json).
 * Use `pnpm --silent bench:web > out.json` to keep pnpm's own banner out of stdout.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { bareBoard, buildBareLoadApp, readBoardSnapshot, serveDir, toBareSnapshot, writeBareSnapshot, type StaticServer } from './bare-load.ts';
import { benchBoard, collectErrors, participantContext, seedBoard, shapeId, waitForPainted, type BenchBoard, type BenchEditor, type ProbeExpectation, type SeedPlan } from './board.ts';
import { buildBareApps, buildWebInto, kb, measureDist, type BareBuild, type DistSizes } from './bundle.ts';
import { clockSkewMs, frameRate, measureMove, type MoveSample } from './latency.ts';
import { buildKoppelBoard, checkKoppelRecords, isComplete, koppelExpectation, seedKoppelBoard, type KoppelCheck } from './koppel.ts';
import { measureLoad, type LoadRun } from './load.ts';
import { measurePans, type PanOptions, type PanRun } from './pan.ts';
import { koppelTable, markdownTable, panTable, summarise, type Stats } from './report.ts';
import { readDocRecords } from '@koppelbord/tldraw-yjs';

const log = (message: string) => process.stderr.write(`${message}\n`);

function option(name: string, envName: string): string | undefined {
  for (const arg of process.argv.slice(2)) {
    if (arg === `--${name}`) return 'true';
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return process.env[envName];
}
function positiveInt(name: string, envName: string, fallback: number): number {
  const value = option(name, envName);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return parsed;
}
const truthy = (value: string | undefined) => value !== undefined && value !== '0' && value !== 'false' && value !== '';

const quick = truthy(option('quick', 'BENCH_QUICK'));
const settings = {
  quick,
  loadRuns: positiveInt('runs', 'BENCH_WEB_RUNS', quick ? 2 : 5),
  moves: positiveInt('moves', 'BENCH_WEB_MOVES', quick ? 5 : 20),
  shapes: positiveInt('shapes', 'BENCH_WEB_SHAPES', 2000),
  skipBare: truthy(option('skip-bare', 'BENCH_WEB_SKIP_BARE')),
  skipKoppel: truthy(option('skip-koppel', 'BENCH_WEB_SKIP_KOPPEL')),
  /** Panning time per camera position, and the still baseline before it. */
  panMs: positiveInt('pan-ms', 'BENCH_WEB_PAN_MS', quick ? 1500 : 3000),
  panIdleMs: quick ? 500 : 1000,
  panWarmupMs: 500,
  /** Rounds per camera position, pooled (the machine is shared: one round can catch a disturbance). */
  panRounds: positiveInt('pan-rounds', 'BENCH_WEB_PAN_ROUNDS', quick ? 1 : 2),
  /** Pan speed in screen px/s (a brisk drag). */
  panSpeed: 1000,
  viewport: '1280x800',
  /** One page load may take this long before the run counts as failed. */
  pageTimeoutMs: 60_000,
};
/** 40 % notes, 40 % geo shapes, 20 % arrows bound at both ends. */
const plan: SeedPlan = { notes: Math.round(settings.shapes * 0.4), geos: Math.round(settings.shapes * 0.4), arrows: 0 };
plan.arrows = settings.shapes - plan.notes - plan.geos;

// Everything this run started, stopped on any exit path.
let server: TestServer | undefined;
let browser: Browser | undefined;
let bareServer: StaticServer | undefined;
const tempDirs: string[] = [];
async function cleanUp(): Promise<void> {
  const closing = [browser?.close().catch(() => undefined), server?.stop().catch(() => undefined), bareServer?.close().catch(() => undefined)];
  browser = undefined;
  server = undefined;
  bareServer = undefined;
  await Promise.race([Promise.all(closing), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`\nbench:web: ${signal}, stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}
const timeLimitMs = quick ? 5 * 60_000 : 15 * 60_000;
setTimeout(() => {
  log(`bench:web: still running after ${timeLimitMs / 60_000} min, giving up`);
  void cleanUp().finally(() => process.exit(1));
}, timeLimitMs).unref();

const startedAt = Date.now();
const errors: string[] = [];
const failures: string[] = [];
async function step<T>(name: string, run: () => Promise<T>): Promise<T | null> {
  const t0 = Date.now();
  try {
    const result = await run();
    log(`  ${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`${name}: ${message}`);
    log(`  ${name}: FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${message}`);
    return null;
  }
}

log(
  `bench:web: ${quick ? 'quick' : 'full'} mode, ${settings.shapes} shapes (${plan.notes} notes, ${plan.geos} geo, ${plan.arrows} arrows), ${settings.loadRuns} loads, ${settings.moves} moves, ` +
    `pans of ${settings.panMs} ms, Koppelkansen board ${settings.skipKoppel ? 'skipped' : 'on'}, ${os.cpus().length} cores`,
);

// 1. Bundle size.
log('[bundle] building apps/web for production');
const webDist = mkdtempSync(path.join(os.tmpdir(), 'koppelbord-bench-web-dist-'));
tempDirs.push(webDist);
const webBuildMs = buildWebInto(webDist);
const appSizes = measureDist(path.join(webDist, 'assets'));
log(`  Koppelbord: built in ${(webBuildMs / 1000).toFixed(1)} s, JS+CSS ${kb(appSizes.code.gzipBytes)} gzip (the board page loads ${kb(appSizes.pageCode.gzipBytes)} of it), whole dist ${kb(appSizes.total.gzipBytes)} gzip`);
let bare: { viteVersion: string; builds: BareBuild[] } | null = null;
if (!settings.skipBare) {
  log('[bundle] building bare tldraw apps');
  bare = await step('bare tldraw build', () => buildBareApps(log));
}
// The reference for the load figures: a bare tldraw app that loads each board from a snapshot file in its dir.
const bareAppDir = mkdtempSync(path.join(os.tmpdir(), 'koppelbord-bench-bare-load-'));
tempDirs.push(bareAppDir);
let bareLoadBuildMs: number | null = null;
if (!settings.skipBare) {
  log('[bundle] building the bare tldraw app for the reference loads');
  bareLoadBuildMs = await step('bare tldraw load app', async () => {
    const buildMs = await buildBareLoadApp(bareAppDir);
    bareServer = await serveDir(bareAppDir);
    log(`  built in ${(buildMs / 1000).toFixed(1)} s, served on ${bareServer.url}`);
    return buildMs;
  });
}
const bareOf = (variant: BareBuild['variant']): DistSizes | null => bare?.builds.find((build) => build.variant === variant)?.sizes ?? null;
const ratio = (a: number, b: number | undefined) => (b ? Math.round((a / b) * 1000) / 1000 : null);
const bundle = {
  koppelbord: appSizes,
  bare: bareOf('bare'),
  bareSelfHosted: bareOf('bareSelfHosted'),
  ratio: {
    codeGzipVsBare: ratio(appSizes.code.gzipBytes, bareOf('bare')?.code.gzipBytes),
    pageCodeGzipVsBare: ratio(appSizes.pageCode.gzipBytes, bareOf('bare')?.pageCode.gzipBytes),
    codeGzipVsBareSelfHosted: ratio(appSizes.code.gzipBytes, bareOf('bareSelfHosted')?.code.gzipBytes),
    totalGzipVsBareSelfHosted: ratio(appSizes.total.gzipBytes, bareOf('bareSelfHosted')?.total.gzipBytes),
  },
  extraCodeGzipBytes: bareOf('bare') ? appSizes.code.gzipBytes - bareOf('bare')!.code.gzipBytes : null,
  viteVersion: bare?.viteVersion ?? null,
  buildMs: { koppelbord: webBuildMs, bare: bare?.builds.map((build) => [build.variant, build.buildMs]) ?? null, bareLoad: bareLoadBuildMs },
};

// 2 and 3 need the server (serving this run's build) and Chromium.
server = await startTestServer({ webDistDir: webDist });
browser = await launchBrowser();
const chromiumVersion = browser.version();
log(`[seed] server on ${server.url}, Chromium ${chromiumVersion}`);
const target: BenchBoard = benchBoard(await server.createBoard('Bench: 2000 vormen'), server.url);

const seeded = await step('seed', async () => {
  const context = await participantContext(browser!, target, 'Zaaier', settings.shapes);
  try {
    const page = await context.newPage();
    collectErrors(page, errors);
    await page.goto(target.url);
    await page.waitForFunction(() => Boolean((window as unknown as { editor?: unknown }).editor), null, { timeout: settings.pageTimeoutMs });
    const t0 = performance.now();
    const result = await seedBoard(page, plan);
    // Done when a stock y-websocket client, fresh from the server, holds every record.
    const check = await connectSynced(server!.wsUrl, target.board.id, target.token);
    try {
      const counts = () => {
        const keys = [...check.doc.getMap('records').keys()];
        return { shapes: keys.filter((key) => key.startsWith('shape:')).length, bindings: keys.filter((key) => key.startsWith('binding:')).length };
      };
      await waitFor(() => counts().shapes >= settings.shapes && counts().bindings >= plan.arrows * 2, `${settings.shapes} shapes on the server`, 60_000, 50);
      const docBytes = (await import('yjs')).encodeStateAsUpdate(check.doc).length;
      log(`  seeded ${result.shapes} shapes, ${result.bindings} bindings in ${((performance.now() - t0) / 1000).toFixed(1)} s; doc ${kb(docBytes)}; server has ${JSON.stringify(counts())}`);
      return { ...result, docBytes, seedMs: Math.round(performance.now() - t0) };
    } finally {
      check.destroy();
    }
  } finally {
    await context.close();
  }
});

/** The bare reference of one board: its page, what its snapshot holds, and its cold loads. */
interface BareReference {
  target: BenchBoard;
  snapshot: { file: string; bytes: number; gzipBytes: number; records: number; shapes: number; bindings: number; asGeo: number };
  loads: LoadRun[];
}

/** After seeding: the server's doc as a snapshot file for the bare app; null when there is no bare app or the snapshot fails. */
async function bareReference(name: string, target: BenchBoard, expectedShapes: number): Promise<BareReference | null> {
  if (!bareServer) return null;
  const url = bareServer.url;
  return step(`bare snapshot (${name})`, async () => {
    const bare = toBareSnapshot(await readBoardSnapshot(server!.wsUrl, target));
    if (bare.shapes !== expectedShapes) throw new Error(`the server's doc holds ${bare.shapes} shapes, expected ${expectedShapes}`);
    const { snapshot, ...counts } = bare;
    const written = writeBareSnapshot(bareAppDir, name, snapshot);
    log(`  ${written.file}: ${counts.records} records (${counts.shapes} shapes, ${counts.asGeo} of them as geo rectangles, ${counts.bindings} bindings), ${kb(written.bytes)}, ${kb(written.gzipBytes)} gzip`);
    return { target: bareBoard(target, url, name), snapshot: { ...written, ...counts }, loads: [] };
  });
}

/** One line per cold load. */
function logLoad(result: LoadRun, label = ''): void {
  const n = result.navigation;
  log(
    `    ${label}goto→painted ${result.fromGotoMs.toFixed(0)} ms (doc ${n.docReceivedMs?.toFixed(0) ?? '–'}, editor ${n.editorMs.toFixed(0)}, store ${n.storeCompleteMs.toFixed(0)}, DOM ${n.domCompleteMs.toFixed(0)}, painted ${n.paintedMs.toFixed(0)} ms after navigation start); ` +
      `${result.counts.domShapes} shapes in DOM, ${result.counts.visibleDomShapes} visible${Object.keys(result.selectorCounts).length ? `, ${JSON.stringify(result.selectorCounts)}` : ''}; zoomToFit ${result.zoomToFit.ms.toFixed(0)} ms`,
  );
}

/**
 * `settings.loadRuns` cold loads of our board, each followed by one of its bare reference: alternating, so
 * a disturbance from other work on the machine falls on both alike.
 */
async function coldLoads(name: string, ours: BenchBoard, expected: number | ProbeExpectation, reference: BareReference | null): Promise<LoadRun[]> {
  const loads: LoadRun[] = [];
  const expectedShapes = typeof expected === 'number' ? expected : expected.shapes;
  for (let run = 1; run <= settings.loadRuns; run++) {
    const result = await step(`${name} ${run}`, () => measureLoad(browser!, ours, expected, errors, settings.pageTimeoutMs));
    if (result) {
      loads.push(result);
      logLoad(result);
    }
    if (!reference) continue;
    const bareResult = await step(`${name} ${run}, bare tldraw`, () => measureLoad(browser!, reference.target, expectedShapes, errors, settings.pageTimeoutMs));
    if (bareResult) {
      reference.loads.push(bareResult);
      logLoad(bareResult, 'bare tldraw: ');
    }
  }
  return loads;
}

const loads: LoadRun[] = [];
let bareMain: BareReference | null = null;
if (seeded) {
  bareMain = await bareReference('board', target, settings.shapes);
  log(`[load] ${settings.loadRuns} cold loads of the board${bareMain ? ', each followed by one of bare tldraw with the same records' : ''}`);
  loads.push(...(await coldLoads('load', target, settings.shapes, bareMain)));
}

const moves: MoveSample[] = [];
let moveContext: { shape: string; clockSkewMs: number; frameRateB: number; frameRateA: number; warmupMoves: number } | null = null;
if (seeded) {
  log(`[move] ${settings.moves} moves from page A to page B`);
  await step('moves', async () => {
    const contexts: BrowserContext[] = [];
    let observer: TestClient | undefined;
    try {
      const open = async (name: string): Promise<Page> => {
        const context = await participantContext(browser!, target, name, settings.shapes);
        contexts.push(context);
        const page = await context.newPage();
        collectErrors(page, errors);
        await page.goto(target.url);
        await waitForPainted(page, settings.pageTimeoutMs);
        return page;
      };
      const a = await open('Anne');
      const b = await open('Bram');
      // Cell 3: a geo shape in the first row, on screen, bound to no arrow (board.ts).
      const id = shapeId(3);
      const x0 = await a.evaluate((shape) => (window as unknown as { editor: BenchEditor }).editor.getShape(shape)?.x, id);
      if (x0 === undefined) throw new Error(`${id} is not on the board`);
      const watcher = await connectSynced(server!.wsUrl, target.board.id, target.token);
      observer = watcher;
      const warmupMoves = 2;
      moveContext = { shape: id, clockSkewMs: await clockSkewMs(a, b), frameRateA: await frameRate(a), frameRateB: await frameRate(b), warmupMoves };
      for (let i = 0; i < warmupMoves + settings.moves; i++) {
        const sample = await measureMove(a, b, watcher, id, x0 + 10 * (i + 1), 10_000);
        if (i >= warmupMoves) moves.push(sample);
        // Moves are spaced out: this is latency of single moves, not of a drag stream.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      log(`    seen in B after: ${moves.map((sample) => sample.seenMs.toFixed(1)).join(', ')} ms`);
      log(`    A's socket sent after: ${moves.map((sample) => sample.aSentMs?.toFixed(1)).join(', ')} ms`);
      log(`    Node client had it after: ${moves.map((sample) => sample.nodeClientMs?.toFixed(1)).join(', ')} ms`);
      log(`    B's socket had it after: ${moves.map((sample) => sample.bReceivedMs?.toFixed(1)).join(', ')} ms`);
    } finally {
      observer?.destroy();
      await Promise.all(contexts.map((context) => context.close()));
    }
  });
}

/** The two cameras every board is panned at; `topLeft` is where the 100 % pan starts. */
const panCameras = (topLeft: { x: number; y: number }): Omit<PanOptions, 'durationMs' | 'warmupMs' | 'idleMs'>[] => [
  { camera: 'fit', speed: settings.panSpeed, span: 500, topLeft },
  { camera: '100%', speed: settings.panSpeed, span: 3000, topLeft },
];
const panTiming = { durationMs: settings.panMs, warmupMs: settings.panWarmupMs, idleMs: settings.panIdleMs, rounds: settings.panRounds };
const logPans = (runs: PanRun[]) => {
  for (const run of runs) {
    log(
      `    ${run.camera} (zoom ${run.zoom}, ${run.shapesOnScreen} of ${run.shapes} shapes on screen): frame median ${run.pan.ms.median} / p95 ${run.pan.ms.p95} / max ${run.pan.ms.max} ms, ` +
        `${(run.pan.over16_7 * 100).toFixed(1)} % > 16.7 ms, ${(run.pan.over33 * 100).toFixed(1)} % > 33 ms over ${run.pan.frames} frames (still: median ${run.idle.ms.median}, max ${run.idle.ms.max}); ` +
        `long frames ${run.longFrames.count} (${run.longFrames.ms} ms: script ${run.longFrames.scriptMs}, style+layout ${run.longFrames.styleLayoutMs}); ` +
        `per round: ${run.rounds.map((round) => `median ${round.pan.ms.median}, ${(round.pan.over16_7 * 100).toFixed(0)} % > 16.7`).join('; ')}`,
    );
  }
};

let pans: PanRun[] = [];
if (seeded) {
  log(`[pan] the ${settings.shapes}-shape board, ${settings.panRounds} × ${settings.panMs} ms per camera`);
  pans = (await step('pan', () => measurePans(browser!, target, settings.shapes, panCameras({ x: -20, y: -20 }), panTiming, errors, settings.pageTimeoutMs))) ?? [];
  logPans(pans);
}

// 5. The Koppelkansen board.
const koppelBoard = buildKoppelBoard();
const koppelShapes = koppelBoard.shapes.length + koppelBoard.arrows.length;
let koppelSeed: { shapes: number; bindings: number; docBytes: number; seedMs: number; server: KoppelCheck } | null = null;
const koppelLoads: LoadRun[] = [];
let bareKoppel: BareReference | null = null;
let koppelPans: PanRun[] = [];
if (!settings.skipKoppel) {
  const koppelTarget: BenchBoard = benchBoard(await server.createBoard('Bench: Koppelkansen'), server.url);
  const expectation = koppelExpectation(koppelBoard);
  log(`[koppel] seeding ${koppelBoard.plan.domains} domain cards, ${koppelBoard.plan.opportunities} opportunity cards, ${koppelBoard.arrows.length} arrows, 1 quadrant`);
  koppelSeed = await step('koppel seed', async () => {
    const context = await participantContext(browser!, koppelTarget, 'Zaaier', 0);
    try {
      const page = await context.newPage();
      collectErrors(page, errors);
      await page.goto(koppelTarget.url);
      await page.waitForFunction(() => Boolean((window as unknown as { editor?: unknown }).editor), null, { timeout: settings.pageTimeoutMs });
      const t0 = performance.now();
      const result = await seedKoppelBoard(page, koppelBoard);
      if (result.shapes < koppelShapes || result.bindings < koppelBoard.arrows.length * 2) throw new Error(`the page made ${result.shapes} shapes and ${result.bindings} bindings`);
      // Done when a stock y-websocket client, fresh from the server, holds the whole board: read with the board model's register.
      const check = await connectSynced(server!.wsUrl, koppelTarget.board.id, koppelTarget.token);
      try {
        const records = () => readDocRecords(check.doc);
        await waitFor(() => isComplete(checkKoppelRecords(records()), koppelBoard), 'the Koppelkansen board on the server', 60_000, 100);
        const onServer = checkKoppelRecords(records());
        const docBytes = (await import('yjs')).encodeStateAsUpdate(check.doc).length;
        log(`  seeded ${result.shapes} shapes, ${result.bindings} bindings in ${((performance.now() - t0) / 1000).toFixed(1)} s; doc ${kb(docBytes)}; server has ${JSON.stringify(onServer)}`);
        return { ...result, docBytes, seedMs: Math.round(performance.now() - t0), server: onServer };
      } finally {
        check.destroy();
      }
    } finally {
      await context.close();
    }
  });
  if (koppelSeed) {
    bareKoppel = await bareReference('koppel', koppelTarget, koppelShapes);
    log(`[koppel] ${settings.loadRuns} cold loads${bareKoppel ? ', each followed by one of bare tldraw with the board as geo rectangles' : ''}`);
    koppelLoads.push(...(await coldLoads('koppel load', koppelTarget, expectation, bareKoppel)));
    log(`[koppel] pan, ${settings.panRounds} × ${settings.panMs} ms per camera`);
    // At 100 %: start with the domain row and the quadrant's top-left corner in view, then cross the quadrant into the grid.
    koppelPans = (await step('koppel pan', () => measurePans(browser!, koppelTarget, expectation, panCameras({ x: -40, y: -460 }), panTiming, errors, settings.pageTimeoutMs))) ?? [];
    logPans(koppelPans);
  }
}

await cleanUp();

/** Statistics of the values that were measured; null if none was. */
const nullableStats = (values: (number | null)[]): Stats | null => {
  const measured = values.filter((value): value is number => value !== null);
  return measured.length ? summarise(measured) : null;
};
const loadStats = (pick: (run: LoadRun) => number, runs: LoadRun[] = loads): Stats | null => (runs.length ? summarise(runs.map(pick)) : null);
/** The load figures of a board's cold loads. */
const loadSummary = (runs: LoadRun[]) => ({
  runs: runs.length,
  fromGotoMs: loadStats((run) => run.fromGotoMs, runs),
  sinceNavigationStartMs: {
    firstContentfulPaint: nullableStats(runs.map((run) => run.navigation.firstContentfulPaintMs)),
    boardApi: nullableStats(runs.map((run) => run.navigation.boardApiMs)),
    docReceived: nullableStats(runs.map((run) => run.navigation.docReceivedMs)),
    editorAssigned: nullableStats(runs.map((run) => run.navigation.editorAssignedMs)),
    editorMounted: loadStats((run) => run.navigation.editorMs, runs),
    storeComplete: loadStats((run) => run.navigation.storeCompleteMs, runs),
    domComplete: loadStats((run) => run.navigation.domCompleteMs, runs),
    painted: loadStats((run) => run.navigation.paintedMs, runs),
  },
  zoomToFitMs: loadStats((run) => run.zoomToFit.ms, runs),
  jsHeapAfterGcBytes: loadStats((run) => run.jsHeapAfterGcBytes, runs),
  transferredBytes: loadStats((run) => run.transferredBytes, runs),
  perRun: runs,
});
/** Ours divided by the reference's, medians. */
const medianRatio = (ours: Stats | null, reference: Stats | null) => (ours && reference ? ratio(ours.median, reference.median) : null);
/** The bare reference beside a board's loads: its figures, what it loaded, and ours / bare. */
const bareSummary = (reference: BareReference | null, ours: LoadRun[]) => {
  if (!reference) return null;
  const summary = loadSummary(reference.loads);
  const oursSummary = loadSummary(ours);
  return {
    snapshot: reference.snapshot,
    ...summary,
    oursOverBare: {
      fromGotoMs: medianRatio(oursSummary.fromGotoMs, summary.fromGotoMs),
      editorMountedMs: medianRatio(oursSummary.sinceNavigationStartMs.editorMounted, summary.sinceNavigationStartMs.editorMounted),
      paintedMs: medianRatio(oursSummary.sinceNavigationStartMs.painted, summary.sinceNavigationStartMs.painted),
      transferredBytes: medianRatio(oursSummary.transferredBytes, summary.transferredBytes),
      jsHeapAfterGcBytes: medianRatio(oursSummary.jsHeapAfterGcBytes, summary.jsHeapAfterGcBytes),
    },
  };
};
const document = {
  meta: {
    date: new Date(startedAt).toISOString(),
    durationS: Math.round((Date.now() - startedAt) / 1000),
    mode: quick ? 'quick' : 'full',
    node: process.version,
    chromium: chromiumVersion,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    settings: { ...settings, plan },
    notes: [
      'load: fresh browser context per run (empty cache, no IndexedDB), profile and token already in localStorage; camera where a first visit puts it (the whole board in view, at most 100 %), 1280×800 viewport',
      'fully rendered = the store holds every shape, every shape element is in the DOM (tldraw mounts all, hides culled ones), then two animation frames (one paint) later',
      'load times in ms; fromGoto = page.goto call (Node clock) → painted mark (page clock, same machine); the other milestones are since navigation start',
      'zoomToFit = editor.zoomToFit() without animation until no shape is culled, plus two frames: all shapes painted at once',
      'load breakdown (since navigation start): boardApi = GET /api/boards/:id done, docReceived = last sync message before the editor mounted, editorAssigned = window.editor set (tldraw onMount), editorMounted = first animation frame after that (all shapes already in store and DOM)',
      'move latency = first animation frame in B whose store holds the new x − the time A called updateShape; nextFrame = one frame later (that frame painted); per-frame sampling adds up to one frame (16.7 ms at 60 Hz)',
      'move breakdown: aSocketSent = A sent the sync message (tldraw flushes store listeners once per animation frame, so the binding writes on the next frame), nodeClientReceived = a stock y-websocket client in Node had it, bSocketReceived = B’s socket had it',
      'pan: a fresh page on the board, fully rendered, camera at zoomToFit (whole board on screen) or at 100 % (start at pan.topLeft); then editor.setCamera(…, { immediate: true }) once per requestAnimationFrame (as tldraw’s hand tool pans), content sliding left at 1000 screen px/s and up at half that, back and forth over span px (triangle wave), for settings.panMs; settings.panRounds rounds per camera, alternating fit / 100 %, pooled (per round in rounds[]); each round starts with a panWarmupMs pan that is not recorded',
      'pan frame time = interval between successive requestAnimationFrame timestamps (frame starts); 16.7 ms at 60 Hz when no frame is dropped. over16_7 = share of intervals > 25 ms (at least one frame slot missed), over33 = share > 41.7 ms (at least two missed); idle = the same page with a still camera for settings.panIdleMs just before',
      'pan longFrames: Chromium long-animation-frame entries (> 50 ms) during the pan; scriptMs = time in scripts (tldraw, React, our shape components), styleLayoutMs = style recalculation and layout at the end of those frames',
      'koppel: the Koppelkansen board (koppel.ts): load as above, but fully rendered also needs every opportunity card’s domain chip (.kb-chip) and every class badge in the quadrant ([data-quadrant-class]) in the DOM; seed.server = the server’s copy read with the board model’s register',
      'bundle: gzip level 9 / brotli quality 11 of each file under dist/assets, summed; code = JS + CSS; pageCode = the JS + CSS index.html names (script, modulepreloads, style sheets: what a page loads before it renders; chunks behind a dynamic import() are not in it); bare = <Tldraw /> with tldraw CDN assets, bareSelfHosted = <Tldraw assetUrls={getAssetUrlsByImport()} /> like Koppelbord',
      'load.bareTldraw, koppel.load.bareTldraw: the reference (bare-load.ts): <Tldraw store={…} assetUrls={getAssetUrlsByImport()} /> built like bundle.bareSelfHosted and precompressed like apps/web, served by a static server in the bench process on 127.0.0.1; it fetches <board>.snapshot.json (the server’s doc after seeding, read by a stock client; the Koppelkansen board’s cards and quadrant as geo rectangles of the same w × h, place, ids and parents, no text, arrows and bindings as they are), loads it with loadSnapshot (a validation error fails the load), sets window.editor and fits the whole board (at most 100 %) in onMount; same probe, viewport and fresh context; each of our loads is followed by one bare load; oursOverBare = our median / bare median',
    ],
  },
  bundle,
  seed: seeded,
  load: { ...loadSummary(loads), bareTldraw: bareSummary(bareMain, loads) },
  move: {
    samples: moves.length,
    seenMs: moves.length ? summarise(moves.map((sample) => sample.seenMs)) : null,
    nextFrameMs: moves.length ? summarise(moves.map((sample) => sample.nextFrameMs)) : null,
    breakdownMs: {
      aSocketSent: nullableStats(moves.map((sample) => sample.aSentMs)),
      nodeClientReceived: nullableStats(moves.map((sample) => sample.nodeClientMs)),
      bSocketReceived: nullableStats(moves.map((sample) => sample.bReceivedMs)),
    },
    context: moveContext,
    perMove: moves,
  },
  pan: pans,
  koppel: settings.skipKoppel
    ? null
    : {
        plan: koppelBoard.plan,
        shapes: koppelShapes,
        bindings: koppelBoard.arrows.length * 2,
        classes: koppelBoard.classes,
        bounds: koppelBoard.bounds,
        seed: koppelSeed,
        load: { ...loadSummary(koppelLoads), bareTldraw: bareSummary(bareKoppel, koppelLoads) },
        pan: koppelPans,
      },
  pageErrors: { count: errors.length, first: [...new Set(errors)].slice(0, 10) },
  failures,
};

const json = JSON.stringify(document, null, 2);
const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'latest.json'), `${json}\n`);
process.stdout.write(`${json}\n`);

log(`\n${markdownTable(document)}\n`);
if (document.koppel) log(`${koppelTable(document.koppel, settings.loadRuns)}\n`);
log(`${panTable(document, { panMs: settings.panMs, rounds: settings.panRounds })}\n`);
if (errors.length) log(`bench:web: the pages logged ${errors.length} error(s), first: ${document.pageErrors.first.join(' | ')}`);
log(`bench:web: ${failures.length === 0 ? 'done' : `${failures.length} step(s) failed`} in ${document.meta.durationS} s; results in ${path.relative(process.cwd(), resultsDir)}/latest.json`);
process.exitCode = failures.length === 0 ? 0 : 1;
