import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { configFromEnv } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { startServer, type RunningServer } from './server.ts';

/** `node src/main.ts`: start from the environment; SIGTERM/SIGINT stop gracefully. */
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 14)) {
  // better-sqlite3 13 needs Node-API 10; on an older Node it crashes with a segfault.
  console.error(`Koppelbord needs Node.js 22.14 or newer; this is ${process.version}.`);
  process.exit(1);
}
const config = configFromEnv();
const log = createLogger(config.logLevel);
const server = await startServer(config, { log }).catch((error: unknown) => {
  log.fatal({ err: error }, 'could not start');
  process.exit(1);
});

giveMemoryBackWhenIdle(server, log);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  server
    .close()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// The last resort. Every connection's handling catches its own errors; if something still
// gets here, count and log it and keep serving the other boards rather than dropping every
// connection. The fuzz tests fail when the counter moves.
process.on('uncaughtException', (error) => server.recordUncaught(error));
process.on('unhandledRejection', (error) => server.recordUncaught(error));

/**
 * Once the last board is unloaded, one memory-reducing full GC gives back what the busy
 * spell grew. V8 collects when allocation fills a space, and an idle server allocates next
 * to nothing: without this the young generation (grown to two 64 MiB semi-spaces under
 * churn), the old-space garbage and V8's pooled pages stayed resident for as long as the
 * server stayed idle (`pnpm soak`: 260 MiB above start-up after 72 waves, unchanged after
 * 60 s idle; V8's memory reducer never stepped in). With it the idle server is back below
 * its start-up RSS. Only when nothing is loaded, so nobody waits for the pause (~60 ms),
 * and once per idle spell, which comes at most once per UNLOAD_GRACE_MS. The price is paid
 * by the next busy spell, in which V8 grows its heap again and re-optimizes (in the soak
 * ~0.4 s of CPU per idle spell). The `gc` of a fresh context is V8's own; the flag is
 * switched off again at once, so no later context gets it.
 */
function giveMemoryBackWhenIdle(server: RunningServer, log: Logger): void {
  let gc: NodeJS.GCFunction | undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as NodeJS.GCFunction;
  } catch (error) {
    log.warn({ err: error }, 'no idle GC: could not reach V8\'s gc');
    return;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
  const collect = gc;
  const { registry } = server.sync;
  let timer: NodeJS.Timeout | undefined;
  registry.onIdle = () => {
    clearTimeout(timer);
    // A moment later, so the unload's own promise chain has let go of the board.
    timer = setTimeout(() => {
      if (registry.size > 0 || server.sync.connectionCount > 0 || server.sync.draining) return;
      const started = performance.now();
      const rssBefore = process.memoryUsage.rss();
      collect({ type: 'major', execution: 'async', flavor: 'last-resort' })
        .then(() => {
          const mib = (bytes: number) => Math.round(bytes / 104857.6) / 10;
          log.info({ ms: Math.round(performance.now() - started), rssBeforeMiB: mib(rssBefore), rssAfterMiB: mib(process.memoryUsage.rss()) }, 'idle: heap collected');
        })
        .catch((error: unknown) => log.warn({ err: error }, 'idle GC failed'));
    }, 500);
    timer.unref();
  };
}
