/**
 * The churn: boards created over the HTTP API, then waves of stock y-websocket clients that
 * connect, sync, write, see each other's writes, and disconnect. Every key written is
 * derived from (wave, client, key), so the verification after the restart knows exactly
 * what each board must hold.
 */
import type * as Y from 'yjs';
import { connectClient, type TestClient } from '../helpers/client.ts';

export interface SoakBoard {
  id: string;
  token: string;
  /** The waves that wrote to this board. */
  waves: number[];
}

/** The map the soak writes into: outside the tldraw records, so no record validation applies. */
export const soakMapName = 'soak';

export const keyOf = (wave: number, client: number, key: number) => `w${wave}.c${client}.k${key}`;

export function valueOf(wave: number, client: number, key: number, bytes: number): string {
  const stem = `${keyOf(wave, client, key)}:`;
  return stem.length >= bytes ? stem : stem + 'x'.repeat(bytes - stem.length);
}

export async function createBoards(url: string, count: number): Promise<SoakBoard[]> {
  const boards: SoakBoard[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Soak ${i + 1}` }),
    });
    if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { id: string; ownerToken: string };
    boards.push({ id: body.id, token: body.ownerToken, waves: [] });
  }
  return boards;
}


/** Resolves when `condition()` holds, re-checked on each event of `subscribe`; rejects after the deadline. */
function until(condition: () => boolean, subscribe: (check: () => void) => () => void, what: string, timeoutMs: number): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    unsubscribe = subscribe(() => {
      if (!condition()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

const whenSynced = (client: TestClient, timeoutMs: number) =>
  until(
    () => client.provider.synced,
    (check) => {
      client.provider.on('sync', check);
      return () => client.provider.off('sync', check);
    },
    'a client to sync',
    timeoutMs,
  );

function whenHasAll(client: TestClient, keys: readonly string[], timeoutMs: number): Promise<void> {
  const map = client.doc.getMap<string>(soakMapName);
  return until(
    () => keys.every((key) => map.has(key)),
    (check) => {
      map.observe(check);
      return () => map.unobserve(check);
    },
    `a client to see all ${keys.length} keys of the wave`,
    timeoutMs,
  );
}

/** A stock client that stays on `board` until destroyed (`--hold`). */
export async function holdBoard(wsUrl: string, board: SoakBoard): Promise<TestClient> {
  const client = connectClient(wsUrl, board.id, board.token);
  try {
    await whenSynced(client, 20_000);
  } catch (error) {
    client.destroy();
    throw error;
  }
  return client;
}

export interface WaveShape {
  clients: number;
  keys: number;
  valueBytes: number;
}

export interface WaveResult {
  connections: number;
  keysWritten: number;
  /** Whether the server negotiated permessage-deflate with any client (ws reports the extension). */
  deflate: boolean;
}

/** One wave on one board: connect, sync, write (one transaction per key), wait until everyone sees everything, disconnect. */
async function boardWave(wsUrl: string, board: SoakBoard, wave: number, shape: WaveShape): Promise<WaveResult> {
  const clients = Array.from({ length: shape.clients }, () => connectClient(wsUrl, board.id, board.token));
  try {
    await Promise.all(clients.map((client) => whenSynced(client, 20_000)));
    const deflate = clients.some((client) => (client.provider.ws as unknown as { extensions?: string } | null)?.extensions?.includes('permessage-deflate') ?? false);
    const keys: string[] = [];
    for (let c = 0; c < shape.clients; c++) for (let k = 0; k < shape.keys; k++) keys.push(keyOf(wave, c, k));
    for (const [c, client] of clients.entries()) {
      const map: Y.Map<string> = client.doc.getMap(soakMapName);
      for (let k = 0; k < shape.keys; k++) map.set(keyOf(wave, c, k), valueOf(wave, c, k, shape.valueBytes));
    }
    await Promise.all(clients.map((client) => whenHasAll(client, keys, 30_000)));
    board.waves.push(wave);
    return { connections: clients.length, keysWritten: keys.length, deflate };
  } finally {
    for (const client of clients) client.destroy();
  }
}

export async function runWave(wsUrl: string, boards: readonly SoakBoard[], wave: number, shape: WaveShape): Promise<WaveResult> {
  const results = await Promise.all(boards.map((board) => boardWave(wsUrl, board, wave, shape)));
  return {
    connections: results.reduce((sum, r) => sum + r.connections, 0),
    keysWritten: results.reduce((sum, r) => sum + r.keysWritten, 0),
    deflate: results.some((r) => r.deflate),
  };
}

export interface Verification {
  boards: number;
  expected: number;
  found: number;
  missing: number;
  wrongValue: number;
  /** A few of the missing keys, for the report. */
  examples: string[];
}

/** After the restart: one fresh stock client per board, a few boards at a time; every key must be there with its value. */
export async function verifyAll(wsUrl: string, boards: readonly SoakBoard[], shape: WaveShape, parallel = 6): Promise<Verification> {
  const result: Verification = { boards: boards.length, expected: 0, found: 0, missing: 0, wrongValue: 0, examples: [] };
  const queue = [...boards];
  const worker = async () => {
    for (let board = queue.shift(); board; board = queue.shift()) {
      const client = connectClient(wsUrl, board.id, board.token);
      try {
        await whenSynced(client, 30_000);
        const map = client.doc.getMap<string>(soakMapName);
        for (const wave of board.waves) {
          for (let c = 0; c < shape.clients; c++) {
            for (let k = 0; k < shape.keys; k++) {
              result.expected++;
              const value = map.get(keyOf(wave, c, k));
              if (value === undefined) {
                result.missing++;
                if (result.examples.length < 5) result.examples.push(`${board.id}/${keyOf(wave, c, k)}`);
              } else if (value !== valueOf(wave, c, k, shape.valueBytes)) result.wrongValue++;
              else result.found++;
            }
          }
        }
      } finally {
        client.destroy();
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return result;
}
