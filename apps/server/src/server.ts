import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import type { WebSocket } from 'ws';
import type { UpgradeWebSocket } from 'hono/ws';
import { Hono } from 'hono';
import { AccessService, AuditFollower } from './access/index.ts';
import { RedisBus, type AccessChange } from './cluster/index.ts';
import { decodeSecret, importSigningKeys, loadAuthSecret, TokenService } from './auth/index.ts';
import type { ServerConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { lowLevelErrors, type LowLevelErrors } from './http/low-level-errors.ts';
import { createLogger, type Logger } from './log.ts';
import { createMetrics } from './metrics/index.ts';
import { PgStore, redactUrl, SqliteStore, type Store } from './storage/index.ts';
import { PackageProcess } from './packaging/index.ts';
import { ArchiveDirWriter, PackageJobs, SnapshotAnalyzer, SnapshotService } from './snapshots/index.ts';
import { ClusterFanout, SyncService } from './sync/index.ts';

export interface RunningServer {
  /** The bound port (useful with `port: 0`). */
  port: number;
  /** `http://host:port` of the listening socket. */
  url: string;
  tokens: TokenService;
  /** Invites and who is on a board: revocation, expiry, role changes, the owner's board actions. */
  access: AccessService;
  sync: SyncService;
  snapshots: SnapshotService;
  packages: PackageJobs;
  /** Several instances (REDIS_URL): the fan-out, its Redis bus and the audit follower; null for one instance. */
  cluster: ClusterParts | null;
  /**
   * The last resort for an exception that escaped every handler (main.ts installs it as the
   * process's `uncaughtException` listener): counted in `koppelbord_uncaught_exceptions_total`
   * and logged. Nothing a client sends should ever get here.
   */
  recordUncaught(error: unknown): void;
  /** Graceful stop: flush, compact within the deadline, close clients with 1012, close the store. */
  close(deadlineMs?: number): Promise<void>;
}

export interface ClusterParts {
  fanout: ClusterFanout;
  bus: RedisBus;
  follower: AuditFollower;
}

export interface StartOptions {
  log?: Logger;
  /** A store to use instead of the SQLite store in `config.dataDir`. */
  store?: Store;
  /** Called when the last loaded board has been unloaded (main.ts: the idle GC). */
  onIdle?: (() => void) | undefined;
}

/** PostgreSQL when `DATABASE_URL` is set (what several instances share), else SQLite in `DATA_DIR`. */
async function openStore(config: ServerConfig, log: Logger): Promise<Store> {
  const { url, poolSize, connectTimeoutMs, queryTimeoutMs } = config.database;
  if (!url) return SqliteStore.open(config.dataDir, { durability: config.durability });
  const store = await PgStore.open(url, {
    poolSize,
    connectTimeoutMs,
    queryTimeoutMs,
    onConnectionError: (error) => log.warn({ err: error }, 'a PostgreSQL connection failed; the pool replaces it'),
  });
  log.info({ database: redactUrl(url), poolSize }, 'store: PostgreSQL');
  return store;
}

/** Starts Koppelbord on `config.host:config.port`. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  if (config.cluster.redisUrl && !config.database.url && !options.store) {
    throw new Error('REDIS_URL is set but DATABASE_URL is not: several instances cannot share a SQLite data directory. Set DATABASE_URL=postgres://… on every instance, or leave REDIS_URL unset for one instance.');
  }
  const store = options.store ?? (await openStore(config, log));
  const keys = await importSigningKeys(loadAuthSecret(config.authSecret, config.dataDir), config.previousAuthSecrets.map(decodeSecret));
  const tokens = await TokenService.create(keys, config.tokenTtlSeconds);
  const metrics = createMetrics();
  const fanout: ClusterFanout | undefined = config.cluster.redisUrl ? createFanout(config, store, metrics, log, (change): Promise<void> => access.applyRemoteChange(change)) : undefined;
  const onIdle = () => {
    store.releaseMemory();
    options.onIdle?.();
  };
  // The snapshot service (made below: it reads from the sync service) hears of commits and session ends.
  const sync = new SyncService({
    store,
    config,
    metrics,
    log,
    onIdle,
    onCommitted: (room) => snapshots.onCommitted(room),
    onSessionEnd: (room, session) => snapshots.onSessionEnd(room, session),
    onWriteRefused: (boardId, role, reason, count, author) => access.writeRefused(boardId, role, reason, count, author),
    onLockChanged: (boardId, role, locked, count, author) => access.lockChanged(boardId, role, locked, count, author),
    fanout,
  });
  const packager = new PackageProcess({
    chromiumPath: config.render.chromiumPath,
    webDistDir: config.webDistDir,
    renderTimeoutMs: config.render.timeoutMs,
    buildTimeoutMs: config.snapshots.buildTimeoutMs,
    maxRenderUploadBytes: config.snapshots.maxRenderUploadBytes,
    maxQueued: config.render.maxQueue,
    logLevel: config.logLevel,
    log,
  });
  const archiveDir = config.archive.dir ? new ArchiveDirWriter(config.archive.dir, store, log) : null;
  const analyzer = new SnapshotAnalyzer();
  const packages = new PackageJobs({ store, packager, assets: store, settings: config.archive.settings, archiveDir, log });
  const snapshots = new SnapshotService(store, sync, packages, analyzer, config.snapshots, log);
  const access: AccessService = new AccessService({
    store,
    sync,
    tokens,
    settings: config.invites,
    log,
    settled: () => snapshots.idle(),
    announce: fanout && ((change) => fanout.announce(change)),
    remoteParticipant: fanout && ((boardId, clientId) => sync.hasRemoteClient(boardId, clientId)),
  });
  let cluster: ClusterParts | null = null;
  if (fanout) {
    // The guarantee behind Redis for access changes: every instance follows the audit log.
    const follower = new AuditFollower(store, {
      intervalMs: config.cluster.repairIntervalMs,
      apply: (change) => access.applyRemoteChange(change),
      applied: () => metrics.clusterAccessChanges.inc({ via: 'poll' }),
      log,
    });
    await follower.start();
    fanout.start();
    cluster = { fanout, bus: fanout.bus, follower };
  }
  // Every token verified from here on (HTTP calls, upgrades) is checked against its invite.
  tokens.useGrantCheck(access.check);
  await packages.resume();

  // The app is created after the websocket helper, which needs it to route upgrades.
  const root = new Hono();
  const nodeWs = createNodeWebSocket({ app: root });
  // @hono/node-ws builds its WebSocketServer without options (ws then allows 100 MiB frames).
  // ws reads maxPayload from these options at each upgrade; larger frames close with 1009.
  nodeWs.wss.options.maxPayload = config.limits.maxMessageBytes;
  const upgradeWebSocket = nodeWs.upgradeWebSocket as UpgradeWebSocket<WebSocket>;
  root.route('/', createApp({ config, store, assets: store, tokens, access, sync, snapshots, packages, analyzer, metrics, log, upgradeWebSocket }));

  const errors = await lowLevelErrors();
  const server = createServer(getRequestListener(root.fetch, { hostname: config.host, errorHandler: errors.response }));
  answerParserErrors(server, errors, log);
  // @hono/node-ws listens for upgrades on an emitter of ours, which passes on only upgrades
  // it can handle (see routeUpgrades).
  const upgrades = new EventEmitter();
  nodeWs.injectWebSocket(upgrades as Server);
  routeUpgrades(server, upgrades, errors, () => sync.draining, log);
  await listen(server, config, log);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ port: address.port, host: config.host, dataDir: config.dataDir }, 'koppelbord listening');

  let closing: Promise<void> | undefined;
  const close = (deadlineMs?: number) =>
    (closing ??= (async () => {
      // Stop accepting: no new HTTP connections, and upgrades get 503 while draining.
      server.close();
      cluster?.follower.stop();
      await sync.shutdown(deadlineMs);
      await cluster?.fanout.stop();
      await snapshots.idle();
      await packages.idle();
      archiveDir?.close();
      await Promise.all([packager.close(), analyzer.close()]);
      nodeWs.wss.close();
      await store.close();
      server.closeAllConnections?.();
      log.info('koppelbord stopped');
    })());

  const recordUncaught = (error: unknown) => {
    metrics.uncaughtExceptions.inc();
    log.fatal({ err: error }, 'uncaught exception');
  };

  return { port: address.port, url, tokens, access, sync, snapshots, packages, cluster, recordUncaught, close };
}

/** The fan-out of a cluster instance: its Redis bus (metrics counted) on the shared store. */
function createFanout(config: ServerConfig, store: Store, metrics: ReturnType<typeof createMetrics>, log: Logger, accessChanged: (change: AccessChange) => Promise<void>): ClusterFanout {
  const { cluster } = config;
  const bus = new RedisBus(
    { url: cluster.redisUrl!, instanceId: cluster.instanceId, instanceHeartbeatMs: cluster.instanceHeartbeatMs, instanceTtlMs: cluster.instanceTtlMs },
    log,
    { publishFailures: () => metrics.clusterPublishFailures.inc(), malformed: () => metrics.clusterMalformed.inc() },
  );
  log.info({ instanceId: cluster.instanceId, repairIntervalMs: cluster.repairIntervalMs }, 'cluster fan-out over Redis enabled');
  return new ClusterFanout(bus, store, metrics, log, {
    instanceId: cluster.instanceId,
    repairIntervalMs: cluster.repairIntervalMs,
    inlineUpdateMaxBytes: cluster.inlineUpdateMaxBytes,
    instanceHeartbeatMs: cluster.instanceHeartbeatMs,
    accessChanged: (change) => void accessChanged(change).catch((error: unknown) => log.error({ err: error, boardId: change.boardId, action: change.action }, 'applying an access change from another instance failed')),
  });
}

/** Requests Node's parser refuses (unknown methods, heads over 16 KiB) get a JSON error too. */
function answerParserErrors(server: Server, errors: LowLevelErrors, log: Logger): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    log.debug({ code: error.code }, 'unreadable request');
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    socket.end(
      error.code === 'HPE_HEADER_OVERFLOW'
        ? errors.raw(431, 'headers_too_large', 'The request headers are too large')
        : errors.raw(400, 'bad_request', 'The request could not be read'),
    );
  });
}

/**
 * Upgrade requests: only `/sync/:boardId` ones reach @hono/node-ws, and only while the server
 * is not draining; the rest get a JSON error here. It also gives every upgrade socket an error
 * listener: @hono/node-ws awaits the app (token check, board load) without one, so a client
 * resetting the connection meanwhile would be an uncaught exception; and it never hands on a
 * request target that is not a URL (@hono/node-ws would reject a promise nobody handles).
 */
function routeUpgrades(server: Server, upgrades: EventEmitter, errors: LowLevelErrors, draining: () => boolean, log: Logger): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => {
      log.debug({ err: error }, 'upgrade socket error');
      socket.destroy();
    });
    let path: string;
    try {
      path = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      socket.end(errors.raw(400, 'invalid_url', 'The request target is not a valid URL'));
      return;
    }
    if (!path.startsWith('/sync/')) {
      socket.end(errors.raw(400, 'upgrade_not_supported', 'Only /sync/:boardId accepts websocket upgrades'));
      return;
    }
    if (draining()) {
      socket.end(errors.raw(503, 'shutting_down', 'The server is shutting down'));
      return;
    }
    upgrades.emit('upgrade', request, socket, head);
  });
}

function listen(server: Server, config: ServerConfig, log: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      server.on('error', (error) => log.error({ err: error }, 'http server error'));
      resolve();
    });
  });
}
