/**
 * `pnpm bench:web` (add `-- --quick` or BENCH_QUICK=1 for a smoke run): browser benchmark of
 * the Koppelbord web client in headless Chromium against the real server on 127.0.0.1.
 *
 *   1. bundle  production JS+CSS (gzip) of apps/web vs. a bare `<Tldraw />` app, same Vite/tldraw
 *   2. load    page.goto → a board with 2,000 shapes (notes, geo shapes, bound arrows) fully
 *              rendered; fresh browser context per run (cold cache), median of 5
 *   3. move    a shape moved in page A until page B sees it; median/p95 of 20 moves
 *
 * Options (`--name=value` or env): --runs / BENCH_WEB_RUNS (load runs, default 5),
 * --moves / BENCH_WEB_MOVES (default 20), --shapes / BENCH_WEB_SHAPES (default 2000),
 * --skip-bare (no bare tldraw build).
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
import { benchBoard, collectErrors, participantContext, seedBoard, shapeId, waitForPainted, type BenchBoard, type BenchEditor, type SeedPlan } from './board.ts';
import { buildBareApps, buildWebInto, kb, measureDist, type BareBuild, type DistSizes } from './bundle.ts';
import { clockSkewMs, frameRate, measureMove, type MoveSample } from './latency.ts';
import { measureLoad, type LoadRun } from './load.ts';
import { markdownTable, summarise, type Stats } from './report.ts';

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
const tempDirs: string[] = [];
async function cleanUp(): Promise<void> {
  const closing = [browser?.close().catch(() => undefined), server?.stop().catch(() => undefined)];
  browser = undefined;
  server = undefined;
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

log(`bench:web: ${quick ? 'quick' : 'full'} mode, ${settings.shapes} shapes (${plan.notes} notes, ${plan.geos} geo, ${plan.arrows} arrows), ${settings.loadRuns} loads, ${settings.moves} moves, ${os.cpus().length} cores`);

// 1. Bundle size.
log('[bundle] building apps/web for production');
const webDist = mkdtempSync(path.join(os.tmpdir(), 'koppelbord-bench-web-dist-'));
tempDirs.push(webDist);
const webBuildMs = buildWebInto(webDist);
const appSizes = measureDist(path.join(webDist, 'assets'));
log(`  Koppelbord: built in ${(webBuildMs / 1000).toFixed(1)} s, JS+CSS ${kb(appSizes.code.gzipBytes)} gzip, whole dist ${kb(appSizes.total.gzipBytes)} gzip`);
let bare: { viteVersion: string; builds: BareBuild[] } | null = null;
if (!settings.skipBare) {
  log('[bundle] building bare tldraw apps');
  bare = await step('bare tldraw build', () => buildBareApps(log));
}
const bareOf = (variant: BareBuild['variant']): DistSizes | null => bare?.builds.find((build) => build.variant === variant)?.sizes ?? null;
const ratio = (a: number, b: number | undefined) => (b ? Math.round((a / b) * 1000) / 1000 : null);
const bundle = {
  koppelbord: appSizes,
  bare: bareOf('bare'),
  bareSelfHosted: bareOf('bareSelfHosted'),
  ratio: {
    codeGzipVsBare: ratio(appSizes.code.gzipBytes, bareOf('bare')?.code.gzipBytes),
    codeGzipVsBareSelfHosted: ratio(appSizes.code.gzipBytes, bareOf('bareSelfHosted')?.code.gzipBytes),
    totalGzipVsBareSelfHosted: ratio(appSizes.total.gzipBytes, bareOf('bareSelfHosted')?.total.gzipBytes),
  },
  extraCodeGzipBytes: bareOf('bare') ? appSizes.code.gzipBytes - bareOf('bare')!.code.gzipBytes : null,
  viteVersion: bare?.viteVersion ?? null,
  buildMs: { koppelbord: webBuildMs, bare: bare?.builds.map((build) => [build.variant, build.buildMs]) ?? null },
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

const loads: LoadRun[] = [];
if (seeded) {
  log(`[load] ${settings.loadRuns} cold loads of the board`);
  for (let run = 1; run <= settings.loadRuns; run++) {
    const result = await step(`load ${run}`, () => measureLoad(browser!, target, settings.shapes, errors, settings.pageTimeoutMs));
    if (result) {
      loads.push(result);
      const n = result.navigation;
      log(
        `    goto→painted ${result.fromGotoMs.toFixed(0)} ms (editor ${n.editorMs.toFixed(0)}, store ${n.storeCompleteMs.toFixed(0)}, DOM ${n.domCompleteMs.toFixed(0)}, painted ${n.paintedMs.toFixed(0)} ms after navigation start); ` +
          `${result.counts.domShapes} shapes in DOM, ${result.counts.visibleDomShapes} visible; zoomToFit ${result.zoomToFit.ms.toFixed(0)} ms`,
      );
    }
  }
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

await cleanUp();

/** Statistics of the values that were measured; null if none was. */
const nullableStats = (values: (number | null)[]): Stats | null => {
  const measured = values.filter((value): value is number => value !== null);
  return measured.length ? summarise(measured) : null;
};
const loadStats = (pick: (run: LoadRun) => number): Stats | null => (loads.length ? summarise(loads.map(pick)) : null);
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
      'load: fresh browser context per run (empty cache, no IndexedDB), profile and token already in localStorage; camera at the origin, zoom 100 %, 1280×800 viewport',
      'fully rendered = the store holds every shape, every shape element is in the DOM (tldraw mounts all, hides culled ones), then two animation frames (one paint) later',
      'load times in ms; fromGoto = page.goto call (Node clock) → painted mark (page clock, same machine); the other milestones are since navigation start',
      'zoomToFit = editor.zoomToFit() without animation until no shape is culled, plus two frames: all shapes painted at once',
      'load breakdown (since navigation start): boardApi = GET /api/boards/:id done, docReceived = last sync message before the editor mounted, editorAssigned = window.editor set (tldraw onMount), editorMounted = first animation frame after that (all shapes already in store and DOM)',
      'move latency = first animation frame in B whose store holds the new x − the time A called updateShape; nextFrame = one frame later (that frame painted); per-frame sampling adds up to one frame (16.7 ms at 60 Hz)',
      'move breakdown: aSocketSent = A sent the sync message (tldraw flushes store listeners once per animation frame, so the binding writes on the next frame), nodeClientReceived = a stock y-websocket client in Node had it, bSocketReceived = B’s socket had it',
      'bundle: gzip level 9 / brotli quality 11 of each file under dist/assets, summed; code = JS + CSS; bare = <Tldraw /> with tldraw CDN assets, bareSelfHosted = <Tldraw assetUrls={getAssetUrlsByImport()} /> like Koppelbord',
    ],
  },
  bundle,
  seed: seeded,
  load: {
    runs: loads.length,
    fromGotoMs: loadStats((run) => run.fromGotoMs),
    sinceNavigationStartMs: {
      firstContentfulPaint: nullableStats(loads.map((run) => run.navigation.firstContentfulPaintMs)),
      boardApi: nullableStats(loads.map((run) => run.navigation.boardApiMs)),
      docReceived: nullableStats(loads.map((run) => run.navigation.docReceivedMs)),
      editorAssigned: nullableStats(loads.map((run) => run.navigation.editorAssignedMs)),
      editorMounted: loadStats((run) => run.navigation.editorMs),
      storeComplete: loadStats((run) => run.navigation.storeCompleteMs),
      domComplete: loadStats((run) => run.navigation.domCompleteMs),
      painted: loadStats((run) => run.navigation.paintedMs),
    },
    zoomToFitMs: loadStats((run) => run.zoomToFit.ms),
    transferredBytes: loadStats((run) => run.transferredBytes),
    perRun: loads,
  },
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
  pageErrors: { count: errors.length, first: [...new Set(errors)].slice(0, 10) },
  failures,
};

const json = JSON.stringify(document, null, 2);
const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'latest.json'), `${json}\n`);
process.stdout.write(`${json}\n`);

log(`\n${markdownTable(document)}\n`);
if (errors.length) log(`bench:web: the pages logged ${errors.length} error(s), first: ${document.pageErrors.first.join(' | ')}`);
log(`bench:web: ${failures.length === 0 ? 'done' : `${failures.length} step(s) failed`} in ${document.meta.durationS} s; results in ${path.relative(process.cwd(), resultsDir)}/latest.json`);
process.exitCode = failures.length === 0 ? 0 : 1;
