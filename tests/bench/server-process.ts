/**
 * A server process: `node server-process.ts ours|reference|hocuspocus`. Each server runs alone in its own
 * process so its CPU time (process.cpuUsage) and memory (RSS) are its own and nothing else's.
 *
 * - ours: Koppelbord via `startServer`, SQLite in a fresh temporary data directory; from the
 *   bundle production runs when BENCH_SERVER_BUNDLE names its `index.js` (bench-server.ts),
 *   else from the TypeScript sources.
 * - reference: the stock in-memory `@y/websocket-server` (`setupWSConnection` behind a `ws`
 *   server on node:http, like its bin/server.js), any room name at `ws://host:port/<room>`.
 * - hocuspocus: `@hocuspocus/server` in its default configuration (no extensions, so in
 *   memory), its own provider on the client side, any document name at `ws://host:port`.
 *
 * Env (ours only): BENCH_RENDER=on / BENCH_AUTO_SNAPSHOT=on — board images rendered in
 * headless Chromium, snapshots at the end of sessions (both off unless set); BENCH_DATA_DIR — an empty directory for the database, owned (and removed)
 * by the orchestrator so it goes away even if this process crashes; BENCH_UNLOAD_GRACE_MS —
 * how long an idle board stays loaded.
 */
import { readFileSync } from 'node:fs';
import { constants as perf, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { serveParent } from './ipc.ts';
import type { ServerCommands, ServerKind, ServerUsage } from './protocol.ts';

interface Running {
  port: number;
  loadedDocs(): number;
  hasDoc(room: string): boolean;
  stop(): Promise<void>;
}

type ServerModule = typeof import('@koppelbord/server');

async function startOurs(): Promise<Running> {
  const bundle = process.env.BENCH_SERVER_BUNDLE;
  const { createLogger, defaultConfig, startServer }: ServerModule = bundle ? await import(pathToFileURL(bundle).href) : await import('@koppelbord/server');
  const dataDir = process.env.BENCH_DATA_DIR;
  if (!dataDir) throw new Error('BENCH_DATA_DIR is not set');
  const unloadGraceMs = Number(process.env.BENCH_UNLOAD_GRACE_MS ?? 30_000);
  // Hundreds of simulated users, all from 127.0.0.1: the per-address limits would refuse
  // them (they protect a server from one address, which is not what is measured here).
  const rateLimits = { upgradeRatePerIp: 0, boardCreateRatePerIp: 0 };
  // Archiving is measured by `pnpm bench:archive`, which switches it on (BENCH_RENDER,
  // BENCH_AUTO_SNAPSHOT); the sync scenarios run without renders or end-of-session packages.
  const base = defaultConfig();
  const render = { ...base.render, chromiumPath: process.env.BENCH_RENDER === 'on' ? base.render.chromiumPath : null };
  const snapshots = { ...base.snapshots, autoSnapshot: process.env.BENCH_AUTO_SNAPSHOT === 'on' };
  const config = defaultConfig({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', sync: { unloadGraceMs }, rateLimits, render, snapshots });
  const server = await startServer(config, { log: createLogger('silent') });
  return {
    port: server.port,
    loadedDocs: () => server.sync.registry.size,
    hasDoc: (room) => [...server.sync.registry.rooms()].some((r) => r.boardId === room),
    stop: () => server.close(3_000),
  };
}

async function startReference(): Promise<Running> {
  const { docs, setupWSConnection } = await import('@y/websocket-server/utils');
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('okay');
  });
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    loadedDocs: () => docs.size,
    hasDoc: (room) => docs.has(room),
    async stop() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function startHocuspocus(): Promise<Running> {
  const { Server } = await import('@hocuspocus/server');
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
  await server.listen();
  const { documents } = server.hocuspocus;
  return {
    port: server.address.port,
    loadedDocs: () => documents.size,
    hasDoc: (room) => documents.has(room),
    stop: () => server.destroy(),
  };
}

const starters: Record<ServerKind, () => Promise<Running>> = { ours: startOurs, reference: startReference, hocuspocus: startHocuspocus };

/** The kernel's peak RSS of this process, bytes. */
function readHwm(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const kind = process.argv[2];
if (!kind || !Object.hasOwn(starters, kind)) throw new Error(`usage: server-process.ts ${Object.keys(starters).join('|')} (got ${kind})`);

// Sampled rather than only VmHWM: the sampler is what the report uses on every platform.
let peakRssBytes = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
}, 50);
sampler.unref();

const running = await starters[kind as ServerKind]();
// How long the event loop was held up at worst: tells a blocked main thread from a busy machine.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

// A full collection is a pause of the whole heap: counted apart from the young generation's.
const gc: NonNullable<ServerUsage['gc']> = { majorCount: 0, majorMs: 0, minorCount: 0, minorMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === perf.NODE_PERFORMANCE_GC_MAJOR) {
      gc.majorCount++;
      gc.majorMs += entry.duration;
    } else if (kind === perf.NODE_PERFORMANCE_GC_MINOR) {
      gc.minorCount++;
      gc.minorMs += entry.duration;
    }
  }
}).observe({ entryTypes: ['gc'] });

const usage = (): ServerUsage => {
  const cpu = process.cpuUsage();
  const rssBytes = process.memoryUsage.rss();
  peakRssBytes = Math.max(peakRssBytes, rssBytes);
  const loopDelayMaxMs = loopDelay.max / 1e6;
  loopDelay.reset();
  return { cpuUs: cpu.user + cpu.system, rssBytes, peakRssBytes, hwmBytes: readHwm(), loadedDocs: running.loadedDocs(), loopDelayMaxMs, gc: { ...gc } };
};

const parent = serveParent<ServerCommands>(
  {
    usage,
    hasDoc: ({ room }) => running.hasDoc(room),
  },
  () => running.stop(),
);
parent.ready({ pid: process.pid, port: running.port });
