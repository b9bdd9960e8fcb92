/**
 * A client process: runs many stock clients (y-websocket's WebsocketProvider, or Hocuspocus'
 * own provider for @hocuspocus/server; each with its Y.Doc, exactly as a browser would, with
 * `ws` as the WebSocket) on the orchestrator's commands. Clients live in
 * several of these processes because one process becomes the bottleneck long before the server.
 *
 * Fan-out measure: each writer sets a unique key `<client>#<seq>` in the Y.Map "bench" to its
 * wall-clock send time; each other client on the board observes the key and records
 * now − send time. Unique keys make every (update, receiver) pair observable exactly once, even
 * when a server merges several updates into one message. The key starts with the writer's
 * server port (`<port>|<client>#<seq>`), so with clients spread over several server
 * instances the pairs whose writer was on another instance are also kept apart (`crossLatency`).
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { serveParent } from './ipc.ts';
import type {
  ClientProtocol,
  ClientSpec,
  CollectResult,
  FirstEditResult,
  JoinArgs,
  JoinResult,
  OpenArgs,
  OpenResult,
  SeedArgs,
  SeedResult,
  WorkerCommands,
  WriteArgs,
  WriteResult,
} from './protocol.ts';
import { writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { shapeRecord } from './records.ts';
import { Histogram } from './stats.ts';

// Every stock provider adds a process 'exit' listener; hundreds per process are expected here.
process.setMaxListeners(0);

/** Wall clock with sub-millisecond resolution; all processes of the run read the same clock. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
const cpuNowUs = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** Counters shared by all clients of this process. */
const observed = {
  latency: new Histogram(),
  /** The pairs whose writer was connected to another server than the receiver. */
  crossLatency: new Histogram(),
  delivered: 0,
  /** Updates sent before this (epoch ms) are warm-up: counted, but not in the latency figures. */
  measureFrom: 0,
  serverCloses: {} as Record<string, number>,
  cpuStartUs: cpuNowUs(),
};

/** What a bench client needs of its provider, whichever protocol it speaks. */
interface SyncProvider {
  /** Calls `listener` whenever the provider reports the first sync with the server done. */
  onSynced(listener: () => void): () => void;
  /** Calls `listener` with the close code of every close that came from the server or the network. */
  onServerClose(listener: (code: number) => void): void;
  destroy(): void;
}

function yWebsocketProvider(serverUrl: string, spec: ClientSpec, doc: Y.Doc): SyncProvider {
  const provider = new WebsocketProvider(serverUrl, spec.room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: spec.token === null ? {} : { token: spec.token },
    disableBc: true,
  });
  return {
    onSynced(listener) {
      const onSync = (synced: boolean) => {
        if (synced) listener();
      };
      provider.on('sync', onSync);
      return () => provider.off('sync', onSync);
    },
    onServerClose(listener) {
      // `null` is our own close (destroy); anything else came from the server or the network.
      provider.on('connection-close', (event) => {
        if (event) listener(event.code);
      });
    },
    destroy: () => provider.destroy(),
  };
}

/** Hocuspocus' provider with its defaults, on its own socket (one connection per simulated user, as in a browser tab). */
function hocuspocusProvider(serverUrl: string, spec: ClientSpec, doc: Y.Doc): SyncProvider {
  const socket = new HocuspocusProviderWebsocket({ url: serverUrl, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: spec.room, document: doc });
  // A provider given its socket does not attach by itself.
  provider.attach();
  let destroyed = false;
  return {
    onSynced(listener) {
      const onSynced = ({ state }: { state: boolean }) => {
        if (state) listener();
      };
      provider.on('synced', onSynced);
      return () => provider.off('synced', onSynced);
    },
    onServerClose(listener) {
      provider.on('close', ({ event }: { event: { code: number } }) => {
        if (!destroyed) listener(event.code);
      });
    },
    destroy() {
      destroyed = true;
      provider.destroy();
      socket.destroy();
    },
  };
}

const providers: Record<ClientProtocol, (serverUrl: string, spec: ClientSpec, doc: Y.Doc) => SyncProvider> = {
  'y-websocket': yWebsocketProvider,
  hocuspocus: hocuspocusProvider,
};

class BenchClient {
  readonly spec: ClientSpec;
  /** The port of the server this client is connected to (all servers of a run are on 127.0.0.1): the prefix of the keys it writes. */
  readonly origin: string;
  readonly doc = new Y.Doc();
  readonly provider: SyncProvider;
  readonly createdAt = now();
  syncedAt: number | undefined;
  sent = 0;
  #writer: NodeJS.Timeout | undefined;

  constructor(serverUrl: string, protocol: ClientProtocol, spec: ClientSpec, measureFanOut: boolean) {
    this.spec = spec;
    this.origin = new URL(serverUrl).port;
    this.provider = providers[protocol](serverUrl, spec, this.doc);
    this.provider.onSynced(() => {
      if (this.syncedAt === undefined) this.syncedAt = now();
    });
    this.provider.onServerClose((code) => {
      observed.serverCloses[code] = (observed.serverCloses[code] ?? 0) + 1;
    });
    if (measureFanOut) {
      const updates = this.doc.getMap<number>('bench');
      updates.observe((event) => {
        if (event.transaction.local) return;
        const at = now();
        for (const key of event.keysChanged) {
          const sentAt = updates.get(key);
          if (typeof sentAt !== 'number') continue;
          observed.delivered++;
          if (sentAt < observed.measureFrom) continue;
          observed.latency.record(at - sentAt);
          if (!key.startsWith(`${this.origin}|`)) observed.crossLatency.record(at - sentAt);
        }
      });
    }
  }

  /** Writes at `ratePerSecond` from a random phase (so clients do not write in lockstep) until `endAt`. */
  write(ratePerSecond: number, endAt: number): Promise<void> {
    const period = 1000 / ratePerSecond;
    const updates = this.doc.getMap<number>('bench');
    return new Promise((resolve) => {
      const tick = () => {
        if (now() >= endAt) {
          this.stopWriting();
          resolve();
          return;
        }
        this.sent++;
        updates.set(`${this.origin}|${this.spec.name}#${this.sent}`, now());
      };
      this.#writer = setTimeout(() => {
        tick();
        if (now() < endAt) this.#writer = setInterval(tick, period);
      }, Math.random() * period);
      // Bound: even if this process is starved, writing stops (and resolves) by itself.
      setTimeout(() => {
        this.stopWriting();
        resolve();
      }, endAt - now() + period);
    });
  }

  stopWriting(): void {
    clearTimeout(this.#writer);
    clearInterval(this.#writer);
  }

  destroy(): void {
    this.stopWriting();
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** Resolves when `client` has synced, or after `timeoutMs` (then `syncedAt` stays undefined). */
function whenSynced(client: BenchClient, timeoutMs: number): Promise<void> {
  if (client.syncedAt !== undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const stopListening = client.provider.onSynced(done);
    function done() {
      clearTimeout(timer);
      stopListening();
      resolve();
    }
  });
}

/** Resolves once the Y.Map `name` of `doc` holds at least `size` entries (false on timeout). */
function whenMapSize(doc: Y.Doc, name: string, size: number, timeoutMs: number): Promise<boolean> {
  const map = doc.getMap(name);
  if (map.size >= size) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onChange = () => {
      if (map.size >= size) finish(true);
    };
    function finish(ok: boolean) {
      clearTimeout(timer);
      map.unobserve(onChange);
      resolve(ok);
    }
    map.observe(onChange);
  });
}

let clients: BenchClient[] = [];

async function open({ serverUrl, protocol, clients: specs, startAt, timeoutMs }: OpenArgs): Promise<OpenResult> {
  await sleep(startAt - Date.now());
  const opened = specs.map((spec) => new BenchClient(serverUrl, protocol, spec, true));
  clients.push(...opened);
  const deadline = now() + timeoutMs;
  await Promise.all(opened.map((client) => whenSynced(client, deadline - now())));
  const synced = opened.filter((client) => client.syncedAt !== undefined);
  return { syncMs: synced.map((client) => client.syncedAt! - startAt), failed: opened.length - synced.length };
}

async function write({ startAt, durationMs, ratePerSecond, warmupMs }: WriteArgs): Promise<WriteResult> {
  observed.measureFrom = startAt + warmupMs;
  await sleep(startAt - Date.now());
  observed.cpuStartUs = cpuNowUs();
  const endAt = now() + durationMs;
  await Promise.all(clients.map((client) => client.write(ratePerSecond, endAt)));
  const sentByRoom: Record<string, number> = {};
  for (const client of clients) sentByRoom[client.spec.room] = (sentByRoom[client.spec.room] ?? 0) + client.sent;
  return { sentByRoom };
}

function collect(): CollectResult {
  return {
    latency: observed.latency.toData(),
    crossLatency: observed.crossLatency.toData(),
    delivered: observed.delivered,
    serverCloses: { ...observed.serverCloses },
    cpuUs: cpuNowUs() - observed.cpuStartUs,
  };
}

async function closeAll(): Promise<null> {
  for (const client of clients) client.destroy();
  clients = [];
  // Let the close frames go out before the orchestrator moves on.
  await sleep(200);
  return null;
}

async function seed({ serverUrl, protocol, room, token, records, perTransaction, timeoutMs }: SeedArgs): Promise<SeedResult> {
  const deadline = now() + timeoutMs;
  const writer = new BenchClient(serverUrl, protocol, { room, token, name: 'seed-writer' }, false);
  let checker: BenchClient | undefined;
  try {
    await whenSynced(writer, timeoutMs);
    if (writer.syncedAt === undefined) throw new Error('seed writer did not sync');
    const map = writer.doc.getMap('records');
    let jsonBytes = 0;
    for (let start = 0; start < records; start += perTransaction) {
      writer.doc.transact(() => {
        for (let i = start; i < Math.min(records, start + perTransaction); i++) {
          const record = shapeRecord(i);
          jsonBytes += JSON.stringify(record).length;
          // Stored the way the board binding stores records: a Y.Map of fields, props and meta nested.
          writeRecordEntry(map, record.id, record);
        }
      });
    }
    // The stock protocol has no acknowledgement: a second client seeing everything proves the
    // server holds it (ours broadcasts only what is durable, so it is on disk too).
    checker = new BenchClient(serverUrl, protocol, { room, token, name: 'seed-checker' }, false);
    if (!(await whenMapSize(checker.doc, 'records', records, deadline - now()))) {
      throw new Error(`seed: a second client saw only ${checker.doc.getMap('records').size} of ${records} records`);
    }
    return { docBytes: Y.encodeStateAsUpdate(writer.doc).byteLength, recordBytes: Math.round(jsonBytes / records) };
  } finally {
    writer.destroy();
    checker?.destroy();
    await sleep(200);
  }
}

async function join({ serverUrl, protocol, room, token, records, timeoutMs }: JoinArgs): Promise<JoinResult> {
  const client = new BenchClient(serverUrl, protocol, { room, token, name: 'joiner' }, false);
  try {
    await whenSynced(client, timeoutMs);
    if (client.syncedAt === undefined) throw new Error(`join did not sync within ${timeoutMs} ms`);
    if (!(await whenMapSize(client.doc, 'records', records, timeoutMs))) {
      throw new Error(`join: synced but saw only ${client.doc.getMap('records').size} of ${records} records`);
    }
    return { ms: now() - client.createdAt, syncMs: client.syncedAt - client.createdAt };
  } finally {
    client.destroy();
    await sleep(100);
  }
}

/**
 * Two clients join the unloaded board (as `join`), then one changes a record: ms until the
 * other sees it. On ours that includes parsing the board, which a join no longer does.
 */
async function firstEdit({ serverUrl, protocol, room, token, records, timeoutMs }: JoinArgs): Promise<FirstEditResult> {
  const editor = new BenchClient(serverUrl, protocol, { room, token, name: 'first-editor' }, false);
  const watcher = new BenchClient(serverUrl, protocol, { room, token, name: 'first-watcher' }, false);
  try {
    for (const client of [editor, watcher]) {
      await whenSynced(client, timeoutMs);
      if (!(await whenMapSize(client.doc, 'records', records, timeoutMs))) throw new Error(`firstEdit: a client saw only ${client.doc.getMap('records').size} of ${records} records`);
    }
    const record = shapeRecord(0);
    const x = Math.round(Math.random() * 1e9);
    const seen = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`firstEdit: the edit did not arrive within ${timeoutMs} ms`)), timeoutMs);
      const map = watcher.doc.getMap('records');
      const check = () => {
        if ((map.get(record.id) as Y.Map<unknown> | undefined)?.get('x') !== x) return;
        clearTimeout(timer);
        map.unobserveDeep(check);
        resolve(now());
      };
      map.observeDeep(check);
    });
    const start = now();
    editor.doc.transact(() => writeRecordEntry(editor.doc.getMap('records'), record.id, { ...record, x }));
    return { ms: (await seen) - start };
  } finally {
    editor.destroy();
    watcher.destroy();
    await sleep(100);
  }
}

const parent = serveParent<WorkerCommands>(
  {
    open,
    write,
    progress: () => ({ delivered: observed.delivered }),
    collect,
    closeAll,
    seed,
    firstEdit,
    join,
  },
  async () => {
    await closeAll();
  },
);
parent.ready({ pid: process.pid });
