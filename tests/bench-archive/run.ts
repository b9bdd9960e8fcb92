/**
 * `pnpm bench:archive` (`-- --quick` for a smoke run): what building an archive package
 * costs, on the 626-shape Koppelkansen board of `pnpm bench:web`.
 *
 * 1. Package build time with the server's own Chromium render (POST snapshot → `ready`).
 * 2. The same without it: the owner's browser's images uploaded (`PUT …/render` → `ready`).
 * 3. Whether a build slows anyone down: fan-out p99 on another board (10 clients) without a
 *    build, then while packages of the Koppelkansen board are built one after another, in the
 *    same server process, side by side.
 *
 * stderr: progress and a markdown table for the README; stdout: JSON (also in results/latest.json).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreateBoardResponse, CreateSnapshotResponse, SnapshotSummary } from '@koppelbord/contract';
import { readDocRecords } from '@koppelbord/tldraw-yjs';
import { startBenchServer, type BenchServer } from '../bench/bench-server.ts';
import { killAllChildren } from '../bench/ipc.ts';
import { parseOptions } from '../bench/options.ts';
import { measureFanOut, type Metrics } from '../bench/scenarios.ts';
import { median } from '../bench/stats.ts';
import { benchBoard, participantContext } from '../bench-web/board.ts';
import { buildKoppelBoard, checkKoppelRecords, isComplete, seedKoppelBoard } from '../bench-web/koppel.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { connectSynced } from '../helpers/client.ts';
import { waitFor } from '../helpers/wait.ts';

const log = (message: string) => process.stderr.write(`${message}\n`);
process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
const options = parseOptions();
const builds = options.quick ? 1 : 3;
setTimeout(() => {
  log('bench:archive: still running after 15 min, giving up');
  killAllChildren();
  process.exit(1);
}, 15 * 60_000).unref();

const root = path.resolve(import.meta.dirname, '../..');
// Its messages go to stderr: stdout is the JSON.
execFileSync('node', ['--experimental-strip-types', 'apps/web/build-if-stale.ts'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });

async function createBoard(server: BenchServer, title: string): Promise<CreateBoardResponse> {
  const response = await fetch(`${server.httpUrl}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title, municipality: 'Gemeente Bench', neighbourhood: 'Zuidwest' }) });
  if (response.status !== 201) throw new Error(`POST /api/boards: ${response.status}`);
  return (await response.json()) as CreateBoardResponse;
}

/** The Koppelkansen board, made through the editor in Chromium as bench:web makes it; done when the server holds it whole. */
async function seedKoppel(server: BenchServer): Promise<CreateBoardResponse> {
  const board = await createBoard(server, 'Bench: Koppelkansen');
  const koppel = buildKoppelBoard();
  const target = benchBoard(board, server.httpUrl);
  const browser = await launchBrowser();
  try {
    const context = await participantContext(browser, target, 'Zaaier', 0);
    const page = await context.newPage();
    await page.goto(target.url);
    await page.waitForFunction(() => Boolean((window as unknown as { editor?: unknown }).editor), null, { timeout: 60_000 });
    await seedKoppelBoard(page, koppel);
    const check = await connectSynced(server.wsUrl, board.id, target.token);
    try {
      await waitFor(() => isComplete(checkKoppelRecords(readDocRecords(check.doc)), koppel), 'the Koppelkansen board on the server', 60_000, 100);
    } finally {
      check.destroy();
    }
    await context.close();
  } finally {
    await browser.close();
  }
  return board;
}

async function api<T>(server: BenchServer, method: string, pathname: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.httpUrl}/api/boards/${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    // A Buffer is a body serialised already (the upload, see below; Buffer.concat gives it an ArrayBuffer of its own).
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? (body as Buffer<ArrayBuffer>) : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Takes a snapshot and waits for its package: ms from the request to `ready`. */
async function buildOnce(server: BenchServer, board: CreateBoardResponse, label: string): Promise<{ ms: number; summary: SnapshotSummary }> {
  const t0 = performance.now();
  const created = await api<CreateSnapshotResponse>(server, 'POST', `${board.id}/snapshots`, board.ownerToken, { label });
  const summary = await waitFor(
    async () => {
      const entry = await api<SnapshotSummary>(server, 'GET', `${board.id}/snapshots/${created.id}`, board.ownerToken);
      if (entry.package?.status === 'incomplete') throw new Error('the package build failed (incomplete)');
      return entry.package?.status === 'ready' ? entry : null;
    },
    'the package',
    180_000,
    // Eight times as often as the history tab asks while a package is pending (every 2 s):
    // enough resolution for builds of seconds, without the poll loading the server itself.
    250,
  );
  return { ms: performance.now() - t0, summary };
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));
const results: Record<string, Metrics> = {};

// 1 and 3: a server that renders.
process.env.BENCH_RENDER = 'on';
const rendering = await startBenchServer('ours');
let uploaded: { pages: { pageId: string; name: string; svg: string; png: string }[]; thumbnail: string } | undefined;
try {
  log('[seed] the Koppelkansen board (626 shapes) through Chromium');
  const koppel = await seedKoppel(rendering);
  const times: number[] = [];
  let last: SnapshotSummary | null = null;
  for (let i = 0; i < builds; i++) {
    const { ms, summary } = await buildOnce(rendering, koppel, `Bench ${i + 1}`);
    times.push(ms);
    last = summary;
    log(`[build+render] ${round(ms)} ms, ${summary.package?.bytes} bytes`);
  }
  results.buildWithRender = { runs: builds, medianMs: round(median(times)), minMs: round(Math.min(...times)), packageBytes: last?.package?.bytes ?? null };

  // The images of that package, for the upload path below.
  const files = async (name: string) => {
    const response = await fetch(`${rendering.httpUrl}/api/boards/${koppel.id}/snapshots/${last!.id}/files/${name}`, { headers: { authorization: `Bearer ${koppel.ownerToken}` } });
    if (!response.ok) throw new Error(`file ${name}: ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  };
  const zip = Buffer.from(await (await fetch(`${rendering.httpUrl}/api/boards/${koppel.id}/snapshots/${last!.id}/package`, { headers: { authorization: `Bearer ${koppel.ownerToken}` } })).arrayBuffer());
  const zipFile = path.join(os.tmpdir(), `bench-archive-${process.pid}.zip`);
  writeFileSync(zipFile, zip);
  const names = execFileSync('unzip', ['-Z1', zipFile]).toString().split('\n');
  rmSync(zipFile);
  const svgName = names.find((name) => name.endsWith('.svg'))!;
  const pngName = names.find((name) => name.endsWith('.png'))!;
  const inner = (name: string) => name.slice(name.indexOf('/') + 1);
  const renderInput = await api<{ records: { id: string; typeName: string; name?: string }[] }>(rendering, 'GET', `${koppel.id}/snapshots/${last!.id}/render-input`, koppel.ownerToken);
  const pageRecord = renderInput.records.find((record) => record.typeName === 'page')!;
  uploaded = {
    pages: [{ pageId: pageRecord.id, name: pageRecord.name ?? '', svg: (await files(inner(svgName))).toString('utf8'), png: (await files(inner(pngName))).toString('base64') }],
    thumbnail: Buffer.from(await (await fetch(`${rendering.httpUrl}/api/boards/${koppel.id}/snapshots/${last!.id}/thumbnail`, { headers: { authorization: `Bearer ${koppel.ownerToken}` } })).arrayBuffer()).toString('base64'),
  };

  // 3: fan-out on another board, without and with package builds beside it.
  // A fresh board for each run: joiners of a used board would count its old updates as deliveries.
  const [other, another] = await rendering.createBoards(2);
  const quiet = await measureFanOut(rendering, [other!], 10, options, log, await rendering.usage());
  log(`[fan-out, no build] p99 ${quiet.latencyP99Ms} ms`);
  let during = 0;
  const busy = await measureFanOut(rendering, [another!], 10, options, log, await rendering.usage(), async (until) => {
    while (Date.now() < until) {
      await buildOnce(rendering, koppel, `Beside fan-out ${++during}`);
    }
  });
  log(`[fan-out, ${during} builds beside it] p99 ${busy.latencyP99Ms} ms, longest event-loop delay ${busy.serverLoopDelayMaxMs} ms (without: ${quiet.serverLoopDelayMaxMs} ms)`);
  results.fanOutQuiet = quiet;
  results.fanOutDuringBuilds = { ...busy, builds: during };
} finally {
  await rendering.stop();
}

// 2: a server without Chromium, the owner's browser's images uploaded.
process.env.BENCH_RENDER = 'off';
const plain = await startBenchServer('ours');
try {
  // The same records as above, through a browser once more (this server has none of its own).
  const koppel = await seedKoppel(plain);
  // The body (megabytes) is serialized once, around the page id: an owner's browser does that
  // work on its own machine, and here it would take the server's cores from the fan-out.
  const pageIdMark = '\u0000page-id\u0000';
  const [beforeId, afterId] = JSON.stringify({ ...uploaded!, pages: uploaded!.pages.map((page) => ({ ...page, pageId: pageIdMark })) }).split(JSON.stringify(pageIdMark)).map((part) => Buffer.from(part));
  const uploadBuild = async (label: string): Promise<number> => {
    const created = await api<CreateSnapshotResponse>(plain, 'POST', `${koppel.id}/snapshots`, koppel.ownerToken, { label });
    const input = await api<{ records: { id: string; typeName: string }[] }>(plain, 'GET', `${koppel.id}/snapshots/${created.id}/render-input`, koppel.ownerToken);
    const pageId = input.records.find((record) => record.typeName === 'page')!.id;
    const body = Buffer.concat([beforeId!, Buffer.from(JSON.stringify(pageId)), afterId!]);
    const t0 = performance.now();
    await api<SnapshotSummary>(plain, 'PUT', `${koppel.id}/snapshots/${created.id}/render`, koppel.ownerToken, body);
    return performance.now() - t0;
  };
  const times: number[] = [];
  for (let i = 0; i < builds; i++) {
    times.push(await uploadBuild(`Upload ${i + 1}`));
    log(`[build from upload] ${round(times.at(-1)!)} ms`);
  }
  results.buildFromUpload = { runs: builds, medianMs: round(median(times)), minMs: round(Math.min(...times)) };

  // 3 again, the build alone (no Chromium on this server).
  const [other, another] = await plain.createBoards(2);
  const quiet = await measureFanOut(plain, [other!], 10, options, log, await plain.usage());
  let during = 0;
  const busy = await measureFanOut(plain, [another!], 10, options, log, await plain.usage(), async (until) => {
    while (Date.now() < until) await uploadBuild(`Beside fan-out ${++during}`);
  });
  log(`[fan-out, no Chromium: ${during} builds from uploads beside it] p99 ${busy.latencyP99Ms} ms (without: ${quiet.latencyP99Ms} ms), longest event-loop delay ${busy.serverLoopDelayMaxMs} ms`);
  results.uploadFanOutQuiet = quiet;
  results.uploadFanOutDuringBuilds = { ...busy, builds: during };
} finally {
  await plain.stop();
}

const quietP99 = Number(results.fanOutQuiet!.latencyP99Ms);
const busyP99 = Number(results.fanOutDuringBuilds!.latencyP99Ms);
const document = {
  meta: { date: new Date().toISOString(), mode: options.quick ? 'quick' : 'full', node: process.version, cpus: os.cpus().length },
  results,
  p99Ratio: round(busyP99 / quietP99, 2),
};
const gcs = (metrics: Metrics) => `${metrics.serverMajorGcs} (${metrics.serverMajorGcMs} ms)`;
mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(path.join(import.meta.dirname, 'results', 'latest.json'), `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
log(`
| figure (626-shape Koppelkansen board) | value |
|---|---|
| package build with the server's Chromium render, median of ${builds} | ${results.buildWithRender!.medianMs} ms (${results.buildWithRender!.packageBytes} bytes) |
| package build from the owner's browser's upload, median of ${builds} | ${results.buildFromUpload!.medianMs} ms |
| fan-out 10 clients on another board, p99, no build | ${quietP99} ms |
| … while ${results.fanOutDuringBuilds!.builds} packages were built | ${busyP99} ms (${document.p99Ratio}×) |
| server CPU per delivered update, no build / during builds | ${results.fanOutQuiet!.serverCpuUsPerDelivered} / ${results.fanOutDuringBuilds!.serverCpuUsPerDelivered} µs |
| without Chromium: fan-out p99, no build / while ${results.uploadFanOutDuringBuilds!.builds} packages were built from uploads | ${results.uploadFanOutQuiet!.latencyP99Ms} / ${results.uploadFanOutDuringBuilds!.latencyP99Ms} ms |
| the server's full garbage collections (their time), no build / during builds: with Chromium; from uploads | ${gcs(results.fanOutQuiet!)} / ${gcs(results.fanOutDuringBuilds!)}; ${gcs(results.uploadFanOutQuiet!)} / ${gcs(results.uploadFanOutDuringBuilds!)} |
`);
process.exit(0);
