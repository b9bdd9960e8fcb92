import { configFromEnv } from './config.ts';
import { createLogger } from './log.ts';
import { startServer } from './server.ts';

/** `node src/main.ts`: start from the environment; SIGTERM/SIGINT stop gracefully. */
const config = configFromEnv();
const log = createLogger(config.logLevel);
const server = await startServer(config, { log }).catch((error: unknown) => {
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
process.on('uncaughtException', (error) => {
  // Nothing a client sends should get here; if something does, log it and keep serving
  // other boards rather than dropping every connection.
  log.fatal({ err: error }, 'uncaught exception');
});
process.on('unhandledRejection', (error) => log.error({ err: error }, 'unhandled rejection'));
