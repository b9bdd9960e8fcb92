import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parseEnv } from './env.ts';
import { archiveSettingsFromEnv, type ArchiveSettings } from './archive/index.ts';
import { findChromium } from './render/index.ts';

const MiB = 1024 * 1024;

/**
 * Everything an operator can set. Every limit is named here so it can be tuned and tested;
 * the environment variables are in the README's configuration table.
 */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Base URL used in share links; when unset the request's own origin is used. */
  publicUrl: string | undefined;
  /** HMAC secret for tokens; when unset one is generated once and kept in `dataDir`. */
  authSecret: string | undefined;
  /**
   * Keys that still verify tokens but sign none (`AUTH_SECRETS_PREVIOUS`): the way to rotate
   * `AUTH_SECRET` without ending every link at once. Removing one ends the tokens it signed.
   */
  previousAuthSecrets: string[];
  /** Lifetime of tokens without an invite (tests; links of the version before invites had it). */
  tokenTtlSeconds: number;
  invites: {
    /** Expiry of a new invite when the owner gives none (`INVITE_TTL_DAYS`). */
    defaultTtlDays: number;
    /** Whether viewer links may have no expiry at all. */
    allowUnexpiringViewLinks: boolean;
  };
  /** Who may create (and import) boards. */
  boardCreation: {
    enabled: boolean;
    /** When set, `POST /api/boards` and imports need `Authorization: Bearer <it>`. */
    token: string | null;
  };
  logLevel: string;
  /** Directory of the built web client, served at `/`. */
  webDistDir: string;
  /** Passed to tldraw in the served page; needed in production on a real https host. */
  tldrawLicenseKey: string | undefined;
  /** `power-loss` fsyncs every group commit; `process-crash` (default) survives kill -9. SQLite only: PostgreSQL commits durably by its own settings. */
  durability: 'process-crash' | 'power-loss';
  /** PostgreSQL instead of the embedded SQLite store in `dataDir`: what several instances share. */
  database: {
    /** `DATABASE_URL` (postgres://…); null: SQLite. May hold a password: never logged unmasked. */
    url: string | null;
    /** Most connections one instance opens to it. */
    poolSize: number;
    /** A connection attempt that takes longer fails (the write is retried, then editors get 1013). */
    connectTimeoutMs: number;
    /** A query that takes longer fails and its connection is dropped: a database that hangs cannot stall commits for good. */
    queryTimeoutMs: number;
  };
  /** One memory-reducing GC when the last board has unloaded (main.ts; memory/idle-gc.ts). */
  idleGc: boolean;
  limits: {
    /** Largest websocket frame accepted; larger frames close the connection with 1009. */
    maxMessageBytes: number;
    /** Largest stored document (snapshot + log); an update that would pass it closes with 1009. */
    maxDocumentBytes: number;
    /** A reader whose unsent backlog passes this is closed with 1013; it resyncs on reconnect. */
    maxBufferedBytes: number;
    /** Largest HTTP request body. */
    maxBodyBytes: number;
    /** Largest image uploaded to a board (and largest image inside an imported .tldr); larger → 413. */
    maxAssetBytes: number;
    /** Largest .tldr import request (`POST /api/boards/import`); larger → 413. */
    maxImportBytes: number;
    /** Largest awareness (presence) state of one client, as JSON; a larger one closes its sender (1008). */
    maxAwarenessBytes: number;
    /** Deepest nesting of arrays/objects in an awareness state. */
    maxAwarenessDepth: number;
    /** Awareness client ids one connection may introduce (a stock client has one). */
    maxAwarenessClients: number;
    /** Deepest nesting of a value inside the document (a record field, an item of a shared type). */
    maxValueDepth: number;
    /** Root names (top-level shared types) one document may have. */
    maxRootTypes: number;
    /** Bytes of updates with missing dependencies a board keeps aside, waiting for those dependencies. */
    maxPendingBytes: number;
    /** How long such an update waits before it is dropped (its author resends it on reconnect). */
    pendingTimeoutMs: number;
  };
  /** Token buckets; a rate of 0 switches that limit off. */
  rateLimits: {
    /** Messages one connection may send at once … */
    messageBurst: number;
    /** … and per second after that; past it the connection is closed with 1008. */
    messageRate: number;
    /** Bytes one connection may send at once … */
    byteBurst: number;
    /** … and per second after that; past it the connection is closed with 1008. */
    byteRate: number;
    /** Websocket upgrades one IP may make at once … */
    upgradeBurstPerIp: number;
    /** … and per minute after that; past it the socket is accepted and closed with 1008. */
    upgradeRatePerIp: number;
    /** Boards one IP may create at once … */
    boardCreateBurstPerIp: number;
    /** … and per hour after that; past it `POST /api/boards` answers 429. */
    boardCreateRatePerIp: number;
  };
  http: {
    /**
     * Peers whose `X-Forwarded-For` is believed (reverse proxies, load balancers), as IP
     * addresses or CIDR ranges. Empty: the socket's peer address is the client's.
     */
    trustedProxies: readonly string[];
    /** Origins allowed to call the API from another site (CORS); empty: none. */
    corsOrigins: readonly string[];
  };
  sync: {
    /** Send an empty awareness message after this much outbound silence (stock client gives up at 30 s). */
    keepaliveMs: number;
    /** Websocket ping interval; a socket that missed the previous pong is terminated. */
    pingIntervalMs: number;
    /** How long a board with nobody connected stays loaded. */
    unloadGraceMs: number;
    /** Compact a board's update log once it holds this many rows … */
    compactRows: number;
    /** … or this many bytes. */
    compactBytes: number;
    /** Store write retries (with backoff) before editors are closed with 1013. */
    storeRetries: number;
    /** Time the shutdown may spend compacting before it closes clients and exits. */
    shutdownDeadlineMs: number;
  };
  snapshots: {
    /** Take an archived snapshot when the last participant leaves a session that changed the board. */
    autoSnapshot: boolean;
    /** While a board is changed, keep a light version at most this often. */
    versionIntervalMs: number;
    /** A snapshot whose package would exceed this (state + images, estimated before building) is refused with 413. */
    maxPackageBytes: number;
    /** Longest a package build may take in its worker before it is stopped. */
    buildTimeoutMs: number;
    /** Largest upload of board images rendered by the owner's browser (`PUT …/render`). */
    maxRenderUploadBytes: number;
  };
  archive: {
    /** Every package is also written here (zip + pakbon) for a document management system; unset: not written. */
    dir: string | null;
    /** Bearer token of the operator's archive page (`/archief`, `GET /api/archive`); unset: no operator access. */
    operatorToken: string | null;
    /** What the municipality must choose for its MDTO metadata (ARCHIVE_* variables, checked by archive/settings.ts); unset values default to "Nader te bepalen" or are left out. */
    settings: ArchiveSettings;
  };
  /** Several instances on one database (REDIS_URL); see NOTES-cluster.md for the guarantees. */
  cluster: {
    /** Redis for cross-instance fan-out; null: one instance, no fan-out. Never logged (it may hold a password). */
    redisUrl: string | null;
    /** This instance's name in Redis (its liveness key, its messages' origin). */
    instanceId: string;
    /** Every open board's head seq is compared with the store this often: the bound on a lost message. */
    repairIntervalMs: number;
    /** A committed update up to this size travels in the Redis message; a larger one only as its seq range. */
    inlineUpdateMaxBytes: number;
    /** How often the instance renews its liveness key and checks its peers'. */
    instanceHeartbeatMs: number;
    /** A liveness key not renewed for this long expires: the others drop that instance's cursors. */
    instanceTtlMs: number;
  };
  render: {
    /** Headless Chromium for the board images; null: none (the owner's browser renders them). */
    chromiumPath: string | null;
    /** Longest one board render may take (browser start included) before it fails and its browser is replaced. */
    timeoutMs: number;
    /** Renders that may wait while one runs; more fail at once (the package stays incomplete). */
    maxQueue: number;
  };
}

const intFromEnv = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/** A comma-separated list; blanks are dropped. */
const listFromEnv = (item: z.ZodType<string, string>) =>
  z
    .string()
    .default('')
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(z.array(item));

/** An IPv4/IPv6 address or CIDR range. */
const ipOrCidr = z.string().refine((value) => isIpOrCidr(value), { message: 'must be an IP address or a CIDR range (10.0.0.0/8, fd00::/8)' });

/** An origin: scheme, host and optional port, no path (`https://intranet.gemeente.nl`). */
const origin = z.url().refine((value) => new URL(value).origin === value.replace(/\/+$/, ''), { message: 'must be an origin such as https://intranet.gemeente.nl (no path)' });

/** A PostgreSQL connection URL. The message never repeats the value: it may hold a password. */
const postgresUrl = z.string().refine((value) => isPostgresUrl(value), { message: 'must be a PostgreSQL URL such as postgres://user:password@db.gemeente.nl:5432/koppelbord' });

const envSchema = z.object({
  PORT: intFromEnv(8787).pipe(z.number().max(65535)),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  AUTH_SECRETS_PREVIOUS: listFromEnv(z.string().min(32, 'every AUTH_SECRETS_PREVIOUS entry must be at least 32 characters')),
  TOKEN_TTL_DAYS: intFromEnv(180).pipe(z.number().min(1)),
  INVITE_TTL_DAYS: intFromEnv(14).pipe(z.number().min(1).max(3650)),
  ALLOW_UNEXPIRING_VIEW_LINKS: z.enum(['on', 'off']).default('off'),
  BOARD_CREATE: z.enum(['on', 'off']).default('on'),
  BOARD_CREATE_TOKEN: z.string().min(24, 'BOARD_CREATE_TOKEN must be at least 24 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST_DIR: z.string().min(1).optional(),
  TLDRAW_LICENSE_KEY: z.string().min(1).optional(),
  DURABILITY: z.enum(['process-crash', 'power-loss']).default('process-crash'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: intFromEnv(10).pipe(z.number().min(1).max(1000)),
  DATABASE_CONNECT_TIMEOUT_MS: intFromEnv(5_000).pipe(z.number().min(100)),
  DATABASE_QUERY_TIMEOUT_MS: intFromEnv(30_000).pipe(z.number().min(100)),
  IDLE_GC: z.enum(['on', 'off']).default('on'),
  MAX_MESSAGE_BYTES: intFromEnv(4 * MiB).pipe(z.number().min(1024)),
  MAX_DOCUMENT_BYTES: intFromEnv(64 * MiB).pipe(z.number().min(1024)),
  MAX_BUFFERED_BYTES: intFromEnv(16 * MiB).pipe(z.number().min(1024)),
  MAX_BODY_BYTES: intFromEnv(64 * 1024).pipe(z.number().min(1024)),
  MAX_ASSET_BYTES: intFromEnv(10 * MiB).pipe(z.number().min(1024)),
  MAX_IMPORT_BYTES: intFromEnv(20 * MiB).pipe(z.number().min(1024)),
  MAX_AWARENESS_BYTES: intFromEnv(8 * 1024).pipe(z.number().min(256)),
  MAX_AWARENESS_DEPTH: intFromEnv(16).pipe(z.number().min(2).max(1000)),
  MAX_AWARENESS_CLIENTS: intFromEnv(4).pipe(z.number().min(1)),
  MAX_VALUE_DEPTH: intFromEnv(64).pipe(z.number().min(4).max(1000)),
  MAX_ROOT_TYPES: intFromEnv(1000).pipe(z.number().min(2)),
  MAX_PENDING_BYTES: intFromEnv(4 * MiB).pipe(z.number().min(1024)),
  PENDING_TIMEOUT_MS: intFromEnv(30_000).pipe(z.number().min(10)),
  MESSAGE_BURST: intFromEnv(2_000),
  MESSAGE_RATE: intFromEnv(300),
  BYTE_BURST: intFromEnv(16 * MiB),
  BYTE_RATE: intFromEnv(2 * MiB),
  UPGRADE_BURST_PER_IP: intFromEnv(250),
  UPGRADE_RATE_PER_IP: intFromEnv(600),
  BOARD_CREATE_BURST_PER_IP: intFromEnv(30),
  BOARD_CREATE_RATE_PER_IP: intFromEnv(120),
  TRUSTED_PROXIES: listFromEnv(ipOrCidr),
  CORS_ORIGINS: listFromEnv(origin),
  KEEPALIVE_MS: intFromEnv(15_000).pipe(z.number().min(10)),
  PING_INTERVAL_MS: intFromEnv(30_000).pipe(z.number().min(10)),
  UNLOAD_GRACE_MS: intFromEnv(30_000),
  COMPACT_ROWS: intFromEnv(1000).pipe(z.number().min(1)),
  COMPACT_BYTES: intFromEnv(MiB).pipe(z.number().min(1)),
  STORE_RETRIES: intFromEnv(5),
  SHUTDOWN_DEADLINE_MS: intFromEnv(8_000),
  AUTO_SNAPSHOT: z.enum(['on', 'off']).default('on'),
  VERSION_INTERVAL_MIN: intFromEnv(10).pipe(z.number().min(1)),
  MAX_PACKAGE_BYTES: intFromEnv(200 * MiB).pipe(z.number().min(MiB)),
  PACKAGE_BUILD_TIMEOUT_MS: intFromEnv(120_000).pipe(z.number().min(1000)),
  MAX_RENDER_UPLOAD_BYTES: intFromEnv(50 * MiB).pipe(z.number().min(64 * 1024)),
  ARCHIVE_DIR: z.string().min(1).optional(),
  OPERATOR_TOKEN: z.string().min(24, 'OPERATOR_TOKEN must be at least 24 characters').optional(),
  CHROMIUM_PATH: z.string().min(1).optional(),
  RENDER: z.enum(['on', 'off']).default('on'),
  RENDER_TIMEOUT_MS: intFromEnv(120_000).pipe(z.number().min(1000)),
  RENDER_MAX_QUEUE: intFromEnv(8).pipe(z.number().min(1)),
  REDIS_URL: z
    .url()
    .refine((value) => /^rediss?:\/\//.test(value), { message: 'must be a redis:// or rediss:// URL' })
    .optional(),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'INSTANCE_ID may hold 1–64 letters, digits, dots, dashes and underscores')
    .optional(),
  REPAIR_INTERVAL_MS: intFromEnv(2_000).pipe(z.number().min(50).max(60_000)),
  INLINE_UPDATE_MAX_BYTES: intFromEnv(256 * 1024).pipe(z.number().min(0).max(64 * MiB)),
  INSTANCE_HEARTBEAT_MS: intFromEnv(2_000).pipe(z.number().min(50)),
  INSTANCE_TTL_MS: intFromEnv(6_000).pipe(z.number().min(100)),
}).refine((e) => e.INSTANCE_TTL_MS >= 2 * e.INSTANCE_HEARTBEAT_MS, {
  message: 'INSTANCE_TTL_MS must be at least twice INSTANCE_HEARTBEAT_MS (one late renewal must not expire a live instance)',
  path: ['INSTANCE_TTL_MS'],
});

const defaultWebDist = path.resolve(import.meta.dirname, '../../web/dist');

/** Reads the configuration from environment variables; throws a readable error on bad values. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const e = parseEnv(envSchema, env);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    authSecret: e.AUTH_SECRET,
    previousAuthSecrets: e.AUTH_SECRETS_PREVIOUS,
    tokenTtlSeconds: e.TOKEN_TTL_DAYS * 24 * 3600,
    invites: { defaultTtlDays: e.INVITE_TTL_DAYS, allowUnexpiringViewLinks: e.ALLOW_UNEXPIRING_VIEW_LINKS === 'on' },
    boardCreation: { enabled: e.BOARD_CREATE === 'on', token: e.BOARD_CREATE_TOKEN ?? null },
    logLevel: e.LOG_LEVEL,
    webDistDir: e.WEB_DIST_DIR ? path.resolve(e.WEB_DIST_DIR) : defaultWebDist,
    tldrawLicenseKey: e.TLDRAW_LICENSE_KEY,
    durability: e.DURABILITY,
    database: {
      url: e.DATABASE_URL ?? null,
      poolSize: e.DATABASE_POOL_SIZE,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
    },
    idleGc: e.IDLE_GC === 'on',
    limits: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
      maxBufferedBytes: e.MAX_BUFFERED_BYTES,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxAssetBytes: e.MAX_ASSET_BYTES,
      maxImportBytes: e.MAX_IMPORT_BYTES,
      maxAwarenessBytes: e.MAX_AWARENESS_BYTES,
      maxAwarenessDepth: e.MAX_AWARENESS_DEPTH,
      maxAwarenessClients: e.MAX_AWARENESS_CLIENTS,
      maxValueDepth: e.MAX_VALUE_DEPTH,
      maxRootTypes: e.MAX_ROOT_TYPES,
      maxPendingBytes: e.MAX_PENDING_BYTES,
      pendingTimeoutMs: e.PENDING_TIMEOUT_MS,
    },
    rateLimits: {
      messageBurst: e.MESSAGE_BURST,
      messageRate: e.MESSAGE_RATE,
      byteBurst: e.BYTE_BURST,
      byteRate: e.BYTE_RATE,
      upgradeBurstPerIp: e.UPGRADE_BURST_PER_IP,
      upgradeRatePerIp: e.UPGRADE_RATE_PER_IP,
      boardCreateBurstPerIp: e.BOARD_CREATE_BURST_PER_IP,
      boardCreateRatePerIp: e.BOARD_CREATE_RATE_PER_IP,
    },
    http: {
      trustedProxies: e.TRUSTED_PROXIES,
      corsOrigins: e.CORS_ORIGINS.map((value) => new URL(value).origin),
    },
    sync: {
      keepaliveMs: e.KEEPALIVE_MS,
      pingIntervalMs: e.PING_INTERVAL_MS,
      unloadGraceMs: e.UNLOAD_GRACE_MS,
      compactRows: e.COMPACT_ROWS,
      compactBytes: e.COMPACT_BYTES,
      storeRetries: e.STORE_RETRIES,
      shutdownDeadlineMs: e.SHUTDOWN_DEADLINE_MS,
    },
    snapshots: {
      autoSnapshot: e.AUTO_SNAPSHOT === 'on',
      versionIntervalMs: e.VERSION_INTERVAL_MIN * 60_000,
      maxPackageBytes: e.MAX_PACKAGE_BYTES,
      buildTimeoutMs: e.PACKAGE_BUILD_TIMEOUT_MS,
      maxRenderUploadBytes: e.MAX_RENDER_UPLOAD_BYTES,
    },
    archive: {
      dir: e.ARCHIVE_DIR ? path.resolve(e.ARCHIVE_DIR) : null,
      operatorToken: e.OPERATOR_TOKEN ?? null,
      settings: archiveSettingsFromEnv(env),
    },
    cluster: {
      redisUrl: e.REDIS_URL ?? null,
      instanceId: e.INSTANCE_ID ?? randomBytes(6).toString('hex'),
      repairIntervalMs: e.REPAIR_INTERVAL_MS,
      inlineUpdateMaxBytes: e.INLINE_UPDATE_MAX_BYTES,
      instanceHeartbeatMs: e.INSTANCE_HEARTBEAT_MS,
      instanceTtlMs: e.INSTANCE_TTL_MS,
    },
    render: {
      chromiumPath: e.RENDER === 'on' ? findChromium(e.CHROMIUM_PATH) : null,
      timeoutMs: e.RENDER_TIMEOUT_MS,
      maxQueue: e.RENDER_MAX_QUEUE,
    },
  };
}

/** A complete config for embedding (tests, benchmarks): defaults from an empty environment plus overrides. */
export function defaultConfig(overrides: ConfigOverrides = {}): ServerConfig {
  const base = configFromEnv({});
  return {
    ...base,
    ...overrides,
    limits: { ...base.limits, ...overrides.limits },
    sync: { ...base.sync, ...overrides.sync },
    rateLimits: { ...base.rateLimits, ...overrides.rateLimits },
    http: { ...base.http, ...overrides.http },
    snapshots: { ...base.snapshots, ...overrides.snapshots },
    archive: { ...base.archive, ...overrides.archive },
    render: { ...base.render, ...overrides.render },
    cluster: { ...base.cluster, ...overrides.cluster },
    invites: { ...base.invites, ...overrides.invites },
    boardCreation: { ...base.boardCreation, ...overrides.boardCreation },
    database: { ...base.database, ...overrides.database },
  };
}

export type ConfigOverrides = Partial<Omit<ServerConfig, 'limits' | 'sync' | 'rateLimits' | 'http' | 'snapshots' | 'archive' | 'render' | 'invites' | 'boardCreation' | 'cluster' | 'database'>> & {
  limits?: Partial<ServerConfig['limits']>;
  sync?: Partial<ServerConfig['sync']>;
  rateLimits?: Partial<ServerConfig['rateLimits']>;
  http?: Partial<ServerConfig['http']>;
  snapshots?: Partial<ServerConfig['snapshots']>;
  archive?: Partial<ServerConfig['archive']>;
  render?: Partial<ServerConfig['render']>;
  cluster?: Partial<ServerConfig['cluster']>;
  invites?: Partial<ServerConfig['invites']>;
  boardCreation?: Partial<ServerConfig['boardCreation']>;
  database?: Partial<ServerConfig['database']>;
};

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isIpOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}
