/** What the orchestrator (run.ts) and its server and client processes say to each other. */
import type { HistogramData } from './stats.ts';

export type ServerKind = 'ours' | 'reference' | 'hocuspocus';

export const serverLabels: Record<ServerKind, string> = {
  ours: 'Koppelbord',
  reference: '@y/websocket-server 0.1.1 (in memory)',
  hocuspocus: '@hocuspocus/server 4.7.0 (in memory, default configuration)',
};

/** The two servers every scenario is compared with, in the order they run after ours. */
export const referenceKinds = ['reference', 'hocuspocus'] as const satisfies readonly ServerKind[];
export type ReferenceKind = (typeof referenceKinds)[number];

/**
 * Which stock client a server speaks to: y-websocket's WebsocketProvider (ours and
 * @y/websocket-server) or Hocuspocus' own provider (its protocol prefixes every message with
 * the document name).
 */
export type ClientProtocol = 'y-websocket' | 'hocuspocus';

export const clientProtocolOf = (kind: ServerKind): ClientProtocol => (kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket');

// ---- server process (server-process.ts) ----

export interface ServerReady {
  pid: number;
  port: number;
}

export interface ServerUsage {
  /** process.cpuUsage() of the server process, user + system, µs since it started. */
  cpuUs: number;
  rssBytes: number;
  /** Highest RSS the server's own sampler saw since it started (sampled every 50 ms). */
  peakRssBytes: number;
  /** The kernel's peak RSS (VmHWM), when /proc is available. */
  hwmBytes: number | null;
  /** Documents held in memory (ours: loaded rooms; reference: its `docs` map). */
  loadedDocs: number;
  /** Longest event-loop delay since the previous usage() call, ms. */
  loopDelayMaxMs: number;
  /** Garbage collections of the main thread's heap since it started: full (mark-compact) and young (scavenge), with their pause time (null where it cannot be seen: the instances of a cluster). */
  gc: { majorCount: number; majorMs: number; minorCount: number; minorMs: number } | null;
}

export type ServerCommands = {
  usage: { args: null; result: ServerUsage };
  /** Whether the document of `room` is in memory. */
  hasDoc: { args: { room: string }; result: boolean };
};

// ---- client worker (client-worker.ts) ----

/** One stock client: its board/room, token (ours only) and a name unique in the run. */
export interface ClientSpec {
  room: string;
  token: string | null;
  name: string;
}

export interface OpenArgs {
  /** Provider serverUrl: `ws://host:port/sync` for ours, `ws://host:port` for the references. */
  serverUrl: string;
  protocol: ClientProtocol;
  clients: ClientSpec[];
  /** Epoch ms at which every worker creates its providers, so "at once" means at once. */
  startAt: number;
  timeoutMs: number;
}

export interface OpenResult {
  /** Per synced client: ms from `startAt` until its provider emitted `sync` (true). */
  syncMs: number[];
  /** Clients not synced within the timeout. */
  failed: number;
}

export interface WriteArgs {
  /** Epoch ms at which writing starts in every worker. */
  startAt: number;
  durationMs: number;
  /** Updates per second per client. */
  ratePerSecond: number;
  /** Updates sent during the first `warmupMs` count as delivered or lost but not in the latency figures (JIT warm-up). */
  warmupMs: number;
}

export interface WriteResult {
  /** Updates sent per room. */
  sentByRoom: Record<string, number>;
}

export interface CollectResult {
  /** Latency of every (update, receiver) pair observed after the warm-up, ms. */
  latency: HistogramData;
  /** The same for the pairs whose writer was connected to another server instance (empty with one server). */
  crossLatency: HistogramData;
  /** Every (update, receiver) pair observed, warm-up included. */
  delivered: number;
  /** Close codes the server sent to clients of this worker (a 1013 means a slow consumer was dropped). */
  serverCloses: Record<string, number>;
  /** CPU of this worker (user + system) since the write phase started, µs. */
  cpuUs: number;
}

export interface SeedArgs {
  serverUrl: string;
  protocol: ClientProtocol;
  room: string;
  token: string | null;
  records: number;
  /** Records per Yjs transaction (= per update sent). */
  perTransaction: number;
  timeoutMs: number;
}

export interface SeedResult {
  /** Size of the whole document as one Yjs update. */
  docBytes: number;
  /** Mean JSON size of one record. */
  recordBytes: number;
}

export interface JoinArgs {
  serverUrl: string;
  protocol: ClientProtocol;
  room: string;
  token: string | null;
  records: number;
  timeoutMs: number;
}

export interface JoinResult {
  /** From creating the provider until synced and all records visible. */
  ms: number;
  /** From creating the provider until it reports synced. */
  syncMs: number;
}

export interface FirstEditResult {
  /** From one client's change until the other client of the just-joined board sees it. */
  ms: number;
}

export type WorkerCommands = {
  open: { args: OpenArgs; result: OpenResult };
  write: { args: WriteArgs; result: WriteResult };
  progress: { args: null; result: { delivered: number } };
  collect: { args: null; result: CollectResult };
  closeAll: { args: null; result: null };
  seed: { args: SeedArgs; result: SeedResult };
  join: { args: JoinArgs; result: JoinResult };
  firstEdit: { args: JoinArgs; result: FirstEditResult };
};
