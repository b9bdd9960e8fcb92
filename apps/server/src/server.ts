import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import type { WebSocket } from 'ws';
import type { UpgradeWebSocket } from 'hono/ws';
import { Hono } from 'hono';
import { loadAuthSecret, TokenService } from './auth/index.ts';
import type { ServerConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { createLogger, type Logger } from './log.ts';
import { createMetrics } from './metrics/index.ts';
import { SqliteStore, type BoardStore } from './storage/index.ts';
import { SyncService } from './sync/index.ts';

export interface RunningServer {
  /** The bound port (useful with `port: 0`). */
  port: number;
  /** `http://host:port` of the listening socket. */
  url: string;
  tokens: TokenService;
  sync: SyncService;
  /**
   * The last resort for an exception that escaped every handler (main.ts installs it as the
   * process's `uncaughtException` listener): counted in `koppelbord_uncaught_exceptions_total`
   * and logged. Nothing a client sends should ever get here.
   */
  recordUncaught(error: unknown): void;
  /** Graceful stop: flush, compact within the deadline, close clients with 1012, close the store. */
  close(deadlineMs?: number): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** A store to use instead of the SQLite store in `config.dataDir`. */
  store?: BoardStore;
}

/** Starts Koppelbord on `config.host:config.port`. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const store = options.store ?? SqliteStore.open(config.dataDir, { durability: config.durability });
  const tokens = await TokenService.create(loadAuthSecret(config.authSecret, config.dataDir), config.tokenTtlSeconds);
  const metrics = createMetrics();
  const sync = new SyncService({ store, config, metrics, log });

  // The app is created after the websocket helper, which needs it to route upgrades.
  const root = new Hono();
  const nodeWs = createNodeWebSocket({ app: root });
  // @hono/node-ws builds its WebSocketServer without options (ws then allows 100 MiB frames).
  // ws reads maxPayload from these options at each upgrade; larger frames close with 1009.
  nodeWs.wss.options.maxPayload = config.limits.maxMessageBytes;
  const upgradeWebSocket = nodeWs.upgradeWebSocket as UpgradeWebSocket<WebSocket>;
  root.route('/', createApp({ config, store, tokens, sync, metrics, log, upgradeWebSocket }));

  const server = await listen(root, config);
  guardUpgrades(server, log);
  nodeWs.injectWebSocket(server);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ port: address.port, host: config.host, dataDir: config.dataDir }, 'koppelbord listening');

  let closing: Promise<void> | undefined;
  const close = (deadlineMs?: number) =>
    (closing ??= (async () => {
      // Stop accepting: no new HTTP connections, and upgrades get 503 while draining.
      server.close();
      await sync.shutdown(deadlineMs);
      nodeWs.wss.close();
      await store.close();
      server.closeAllConnections?.();
      log.info('koppelbord stopped');
    })());

  const recordUncaught = (error: unknown) => {
    metrics.uncaughtExceptions.inc();
    log.fatal({ err: error }, 'uncaught exception');
  };

  return { port: address.port, url, tokens, sync, recordUncaught, close };
}

/**
 * Runs before @hono/node-ws's own upgrade listener, which awaits the app with no error
 * listener on the socket (a client resetting mid-upgrade would be an uncaught 'error') and
 * parses the request target without a guard (`GET http://[ …` would be an unhandled
 * rejection). Such a request gets a 400 here and reaches the app as a harmless 404 path.
 */
function guardUpgrades(server: import('node:http').Server, log: Logger): void {
  server.prependListener('upgrade', (request: import('node:http').IncomingMessage, socket: import('node:stream').Duplex) => {
    socket.on('error', (error) => {
      log.debug({ err: error }, 'upgrade socket error');
      socket.destroy();
    });
    try {
      new URL(request.url ?? '/', 'http://localhost');
    } catch {
      const body = JSON.stringify({ error: { code: 'invalid_url', message: 'The request target is not a valid URL' } });
      socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      request.url = '/sync/invalid-request-target';
    }
  });
}

function listen(app: Hono, config: ServerConfig): Promise<ServerType & import('node:http').Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(server as never));
    server.once('error', reject);
  });
}
