import { configFromEnv } from './config.ts';
import { createLogger } from './log.ts';
import { createIdleGc } from './memory/index.ts';
import { startServer } from './server.ts';

/** `node src/main.ts`: start from the environment; SIGTERM/SIGINT stop gracefully. */
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 14)) {
  // better-sqlite3 13 needs Node-API 10; on an older Node it crashes with a segfault.
  console.error(`Koppelbord needs Node.js 22.14 or newer; this is ${process.version}.`);
  process.exit(1);
}
const config = configFromEnv();
const log = createLogger(config.logLevel);
// A process-wide memory policy, so it lives with the process: not in servers embedded in tests.
const idleGc = config.idleGc ? createIdleGc(log) : undefined;
const server = await startServer(config, { log, onIdle: idleGc && (() => idleGc(() => server.sync.idle)) }).catch((error: unknown) => {
  log.fatal({ err: error }, 'could not start');
  process.exit(1);
});

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

