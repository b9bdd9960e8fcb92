/** What the orchestrator (run.ts) and its server and client processes say to each other. */
import type { HistogramData } from './stats.ts';

export type ServerKind = 'ours' | 'reference';

export const serverLabels: Record<ServerKind, string> = {
  ours: 'Koppelbord',
  reference: '@y/websocket-server 0.1.1 (in memory)',
};

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
}

export type ServerCommands = {
  usage: { args: null; result: ServerUsage };
  /** Whether the document of `room` is in memory. */
  hasDoc: { args: { room: string }; result: boolean };
};

// ---- client worker (client-worker.ts) ----

/** One stock y-websocket client: its board/room, token (ours only) and a name unique in the run. */
export interface ClientSpec {
  room: string;
  token: string | null;
  name: string;
}

export interface OpenArgs {
  /** Provider serverUrl: `ws://host:port/sync` for ours, `ws://host:port` for the reference. */
  serverUrl: string;
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
  room: string;
  token: string | null;
  records: number;
  timeoutMs: number;
}

export interface JoinResult {
  /** From `new WebsocketProvider` until synced and all records visible. */
  ms: number;
  /** From `new WebsocketProvider` until the `sync` event. */
  syncMs: number;
}

export type WorkerCommands = {
  open: { args: OpenArgs; result: OpenResult };
  write: { args: WriteArgs; result: WriteResult };
  progress: { args: null; result: { delivered: number } };
  collect: { args: null; result: CollectResult };
  closeAll: { args: null; result: null };
  seed: { args: SeedArgs; result: SeedResult };
  join: { args: JoinArgs; result: JoinResult };
};
