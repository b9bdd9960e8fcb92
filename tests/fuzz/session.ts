/**
 * Pieces shared by the fuzz run and the named cases: the real server as a child process, a
 * board with two honest writers, waiting until the server holds every honest key, and the
 * stop → start → verify cycle on the same data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { createBoard, tokenOf } from '../helpers/server.ts';
import { HonestWriter, type HonestLimits } from './honest.ts';
import { markerIdBase } from './context.ts';
import { Prng } from '../helpers/prng.ts';
import { stackHead } from './server-observer.ts';
import { connectGuardedClient } from './stock-client.ts';
import { checkKeys, checkState, describeError, describePending, fetchState, type HonestKeys, type KeyCheck, type StateCheck } from './verify.ts';

/**
 * Environment for the server under test. The per-IP upgrade limit is off (the fuzz reconnects
 * hundreds of times from one address), and so are the per-connection message/byte rates: the
 * fuzz means to reach the handler, not the rate limiter. The awareness and value-depth limits
 * are set explicitly so the harness checks relayed states against the numbers the server enforces.
 */
export const defaultServerEnv: Readonly<Record<string, string>> = {
  LOG_LEVEL: 'info',
  UPGRADE_RATE_PER_IP: '0',
  MESSAGE_RATE: '0',
  BYTE_RATE: '0',
  BOARD_CREATE_RATE_PER_IP: '0',
  MAX_AWARENESS_BYTES: '8192',
  MAX_AWARENESS_DEPTH: '16',
  // named-cases.ts checks stored and relayed values against the same limit (`maxValueDepth`).
  MAX_VALUE_DEPTH: '64',
};

export const limitsFromEnv = (env: Readonly<Record<string, string>>): HonestLimits => ({
  maxAwarenessBytes: Number(env.MAX_AWARENESS_BYTES ?? 8192),
  maxAwarenessDepth: Number(env.MAX_AWARENESS_DEPTH ?? 16),
});

export function tempDir(prefix = 'koppelbord-fuzz-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface Board {
  id: string;
  token: string;
}

export async function newBoard(server: ChildServer, title: string): Promise<Board> {
  const board = await createBoard(server.url, title);
  return { id: board.id, token: tokenOf(board.links.edit) };
}

/** Starts the server as a child process; it is killed if this process exits first (a crashed run leaves no server behind). */
export async function startServer(dataDir: string, env: Readonly<Record<string, string>>): Promise<ChildServer> {
  const server = await startChildServer(dataDir, { ...env });
  const killOnExit = () => server.process.kill('SIGKILL');
  process.once('exit', killOnExit);
  void server.exited.then(() => process.off('exit', killOnExit));
  return server;
}

/** Stops a child server with SIGTERM (SIGKILL after `timeoutMs`). */
export async function stopServer(server: ChildServer, timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) {
    return { code: server.process.exitCode, signal: server.process.signalCode, killed: false };
  }
  server.process.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const result = await Promise.race([server.exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    server.process.kill('SIGKILL');
    const exited = await server.exited;
    return { ...exited, killed: true };
  }
  return { ...result, killed: false };
}

/** Seeded client ids for the honest clients: distinct, non-zero, below the marker range. */
export function honestClientIds(seed: number, count: number, label = 'honest'): number[] {
  const rng = Prng.forLabel(seed, label);
  const ids: number[] = [];
  while (ids.length < count) {
    const id = rng.int(1, markerIdBase - 1);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two (or more) honest writers on a board, synced and seeing each other's presence. */
export async function openHonestWriters(options: {
  server: ChildServer;
  board: Board;
  clientIds: readonly number[];
  limits: HonestLimits;
  timeoutMs?: number;
}): Promise<HonestWriter[]> {
  const writers: HonestWriter[] = [];
  const peers = () => writers;
  for (const [index, clientId] of options.clientIds.entries()) {
    writers.push(new HonestWriter({ index, wsUrl: options.server.wsUrl, boardId: options.board.id, token: options.board.token, clientId, limits: options.limits, peers }));
  }
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (!writers.every((writer) => writer.synced && writers.every((peer) => writer.client.provider.awareness.getStates().has(peer.awarenessId)))) {
    if (Date.now() > deadline) {
      for (const writer of writers) writer.destroy();
      throw new Error('the honest clients did not sync and see each other in time');
    }
    await sleep(20);
  }
  for (const writer of writers) writer.watch();
  return writers;
}

export const honestKeys = (writers: readonly HonestWriter[]): HonestKeys[] => writers.map((writer) => ({ mapName: writer.mapName, keys: writer.keys }));

export interface KeysOnServer {
  ok: boolean;
  waitedMs: number;
  keys: KeyCheck[];
  /** Why the last fetch failed, if it did. */
  error?: string;
}

/** Polls a fresh raw sync until the server holds every honest key (or the deadline passes). */
export async function waitForKeysOnServer(server: ChildServer, board: Board, honest: readonly HonestKeys[], timeoutMs: number): Promise<KeysOnServer> {
  const started = Date.now();
  let last: KeysOnServer = { ok: false, waitedMs: 0, keys: [] };
  while (Date.now() - started <= timeoutMs) {
    const fetched = await fetchState(server.wsUrl, board.id, board.token, Math.max(1000, Math.min(10_000, timeoutMs)));
    if (fetched.ok) {
      const check = checkState(fetched.update, honest);
      check.doc.destroy();
      last = { ok: check.keys.every((keys) => keys.missing === 0 && keys.wrong === 0), waitedMs: Date.now() - started, keys: check.keys, error: check.error };
      if (last.ok) return last;
    } else {
      last = { ...last, waitedMs: Date.now() - started, error: fetched.error };
    }
    await sleep(250);
  }
  return last;
}

export interface StockCheck {
  synced: boolean;
  errors: string[];
  pendingStructs: string | null;
  pendingDs: string | null;
  keys: KeyCheck[];
  closes: { code: number; reason: string }[];
}

/** A fresh stock WebsocketProvider joins, syncs, and must hold every honest key. */
export async function checkWithStockClient(server: ChildServer, board: Board, honest: readonly HonestKeys[], timeoutMs = 10_000): Promise<StockCheck> {
  const client = connectGuardedClient(server.wsUrl, board.id, board.token);
  try {
    const deadline = Date.now() + timeoutMs;
    while (!client.provider.synced && Date.now() < deadline) await sleep(20);
    // Give a late step 2 / update a moment to apply.
    await sleep(100);
    return {
      synced: client.provider.synced,
      errors: client.errors.slice(0, 5).map((error) => `${error.handler}: ${error.message} @ ${stackHead(error.stack, 4)}`),
      ...describePending(client.doc),
      keys: checkKeys(client.doc, honest),
      closes: client.closes.map(({ code, reason }) => ({ code, reason })),
    };
  } finally {
    client.destroy();
  }
}

export interface StoredCheck {
  fetched: boolean;
  fetchError?: string;
  closeCode?: number;
  check?: Omit<StateCheck, 'doc'>;
}

/** Fetches the stored state with a raw socket and applies it in a try/catch. `inspect` sees the doc before it is destroyed. */
export async function checkStoredState(server: ChildServer, board: Board, honest: readonly HonestKeys[], inspect?: (doc: StateCheck['doc']) => void): Promise<StoredCheck> {
  const fetched = await fetchState(server.wsUrl, board.id, board.token, 10_000);
  if (!fetched.ok) return { fetched: false, fetchError: fetched.error, closeCode: fetched.closeCode };
  const { doc, ...check } = checkState(fetched.update, honest);
  try {
    inspect?.(doc);
  } catch (error) {
    check.error = `${check.error ?? ''} inspect: ${describeError(error)}`.trim();
  }
  doc.destroy();
  return { fetched: true, check };
}
