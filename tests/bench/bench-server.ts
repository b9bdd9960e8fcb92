/**
 * Orchestrator side of a server process: start it, create boards the way a user would
 * (ours: `POST /api/boards`, the edit link's token; the references: any room name), read its
 * CPU and memory, wait for a board to be unloaded, stop it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CreateBoardResponse } from '@koppelbord/contract';
import { buildServer, productionMallocEnv, productionNodeFlags, serverDist } from '../../apps/server/build.ts';
import { startChild } from './ipc.ts';
import { clientProtocolOf, type ClientProtocol, type ServerCommands, type ServerKind, type ServerReady, type ServerUsage } from './protocol.ts';

const script = path.join(import.meta.dirname, 'server-process.ts');

export interface Board {
  room: string;
  /** Editor token (ours); the reference checks nothing. */
  token: string | null;
}

export interface BenchServer {
  kind: ServerKind;
  pid: number;
  httpUrl: string;
  /** What the provider takes as serverUrl. */
  wsUrl: string;
  /** Which stock client speaks to this server. */
  protocol: ClientProtocol;
  /** Where the clients of client process `i` connect, when not all to `wsUrl` (several instances). */
  wsUrlFor?(workerIndex: number): string;
  usage(): Promise<ServerUsage>;
  createBoards(count: number): Promise<Board[]>;
  /** Waits until the board is no longer in memory (ours; checked through GET /healthz). */
  waitUnloaded(timeoutMs: number): Promise<void>;
  hasDoc(room: string): Promise<boolean>;
  /** Rejects if the server process exits before `stop()` (a crash): scenarios race against it. */
  crashed: Promise<never>;
  stop(): Promise<void>;
}

/**
 * Our server runs as `pnpm start` runs it: the bundle (built once per benchmark run) with
 * production's malloc settings and V8 flags. `BENCH_SERVER=sources` runs the TypeScript sources instead,
 * as the tests do (idle RSS ~40 MiB higher: `pnpm bench:idle`).
 */
const runSources = process.env.BENCH_SERVER === 'sources';
let built: Promise<void> | undefined;

async function oursEnv(): Promise<NodeJS.ProcessEnv> {
  const production = { ...productionMallocEnv, NODE_OPTIONS: [process.env.NODE_OPTIONS, ...productionNodeFlags].filter(Boolean).join(' ') };
  if (runSources) return production;
  await (built ??= buildServer());
  return { ...production, BENCH_SERVER_BUNDLE: path.join(serverDist, 'index.js') };
}

/** Data directories of servers not stopped yet; removed on exit too (Ctrl-C, failures). */
const liveDataDirs = new Set<string>();
process.on('exit', () => {
  for (const dir of liveDataDirs) rmSync(dir, { recursive: true, force: true });
});

export async function startBenchServer(kind: ServerKind, options: { unloadGraceMs?: number } = {}): Promise<BenchServer> {
  // The reference would switch to LevelDB persistence or HTTP callbacks if these were set.
  const { YPERSISTENCE: _persistence, CALLBACK_URL: _callback, ...env } = process.env;
  if (options.unloadGraceMs !== undefined) env.BENCH_UNLOAD_GRACE_MS = String(options.unloadGraceMs);
  // Created and removed here, not in the server process: a crashed server leaves nothing behind.
  const dataDir = kind === 'ours' ? mkdtempSync(path.join(tmpdir(), 'koppelbord-bench-')) : undefined;
  if (kind === 'ours') Object.assign(env, await oursEnv());
  if (dataDir) {
    env.BENCH_DATA_DIR = dataDir;
    liveDataDirs.add(dataDir);
  }
  const removeDataDir = () => {
    if (!dataDir) return;
    rmSync(dataDir, { recursive: true, force: true });
    liveDataDirs.delete(dataDir);
  };
  let started;
  try {
    started = await startChild<ServerCommands, ServerReady>(script, [kind], `${kind} server`, { env });
  } catch (error) {
    removeDataDir();
    throw error;
  }
  const { child, info } = started;
  const httpUrl = `http://127.0.0.1:${info.port}`;
  const wsUrl = kind === 'ours' ? `ws://127.0.0.1:${info.port}/sync` : `ws://127.0.0.1:${info.port}`;
  let stopping = false;
  const crashed = child.exited.then(({ code, signal }) => {
    if (stopping) return new Promise<never>(() => {});
    throw new Error(`the ${kind} server process died during the scenario (exit code ${code}, signal ${signal}); its stderr is above`);
  });
  // Observed by whoever races against it; never an unhandled rejection.
  crashed.catch(() => {});
  return {
    kind,
    pid: info.pid,
    httpUrl,
    wsUrl,
    protocol: clientProtocolOf(kind),
    usage: () => child.call('usage', null),
    hasDoc: (room) => child.call('hasDoc', { room }),
    createBoards: (count) => (kind === 'ours' ? createOurBoards(httpUrl, count) : Promise.resolve(referenceRooms(count))),
    waitUnloaded: (timeoutMs) => (kind === 'ours' ? waitOursUnloaded(httpUrl, timeoutMs) : Promise.resolve()),
    crashed,
    stop: async () => {
      stopping = true;
      await child.stop(15_000);
      removeDataDir();
    },
  };
}

function referenceRooms(count: number): Board[] {
  return Array.from({ length: count }, () => ({ room: randomBytes(16).toString('base64url'), token: null }));
}

export async function createOurBoards(httpUrl: string, count: number): Promise<Board[]> {
  const boards: Board[] = [];
  // A few requests at a time: board creation is setup, not what is measured.
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, (_, i) => createOurBoard(httpUrl, `Bench ${start + i}`));
    boards.push(...(await Promise.all(batch)));
  }
  return boards;
}

async function createOurBoard(httpUrl: string, title: string): Promise<Board> {
  const response = await fetch(`${httpUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 201) throw new Error(`POST /api/boards: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as CreateBoardResponse;
  // The edit link carries an editor token in its fragment, as a shared link would.
  const token = new URL(created.links.edit).hash.match(/token=([^&]+)/)?.[1];
  if (!token) throw new Error(`no token in edit link ${created.links.edit}`);
  return { room: created.id, token: decodeURIComponent(token) };
}

interface Health {
  connections: number;
  loadedBoards: number;
  unpersistedUpdates: number;
}

async function waitOursUnloaded(httpUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let health: Health | undefined;
  while (Date.now() < deadline) {
    const response = await fetch(`${httpUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    health = (await response.json()) as Health;
    if (health.loadedBoards === 0 && health.connections === 0 && health.unpersistedUpdates === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`board still loaded after ${timeoutMs} ms: ${JSON.stringify(health)}`);
}
