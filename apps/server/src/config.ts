import path from 'node:path';
import { z } from 'zod';

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
  tokenTtlSeconds: number;
  logLevel: string;
  /** Directory of the built web client, served at `/`. */
  webDistDir: string;
  /** Passed to tldraw in the served page; needed in production on a real https host. */
  tldrawLicenseKey: string | undefined;
  /** `power-loss` fsyncs every group commit; `process-crash` (default) survives kill -9. */
  durability: 'process-crash' | 'power-loss';
  limits: {
    /** Largest websocket frame accepted; larger frames close the connection with 1009. */
    maxMessageBytes: number;
    /** Largest stored document (snapshot + log); an update that would pass it closes with 1009. */
    maxDocumentBytes: number;
    /** A reader whose unsent backlog passes this is closed with 1013; it resyncs on reconnect. */
    maxBufferedBytes: number;
    /** Largest HTTP request body. */
    maxBodyBytes: number;
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
}

const intFromEnv = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const envSchema = z.object({
  PORT: intFromEnv(8787).pipe(z.number().max(65535)),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  TOKEN_TTL_DAYS: intFromEnv(180).pipe(z.number().min(1)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST_DIR: z.string().min(1).optional(),
  TLDRAW_LICENSE_KEY: z.string().min(1).optional(),
  DURABILITY: z.enum(['process-crash', 'power-loss']).default('process-crash'),
  MAX_MESSAGE_BYTES: intFromEnv(4 * MiB).pipe(z.number().min(1024)),
  MAX_DOCUMENT_BYTES: intFromEnv(64 * MiB).pipe(z.number().min(1024)),
  MAX_BUFFERED_BYTES: intFromEnv(16 * MiB).pipe(z.number().min(1024)),
  MAX_BODY_BYTES: intFromEnv(64 * 1024).pipe(z.number().min(1024)),
  KEEPALIVE_MS: intFromEnv(15_000).pipe(z.number().min(10)),
  PING_INTERVAL_MS: intFromEnv(30_000).pipe(z.number().min(10)),
  UNLOAD_GRACE_MS: intFromEnv(30_000),
  COMPACT_ROWS: intFromEnv(1000).pipe(z.number().min(1)),
  COMPACT_BYTES: intFromEnv(MiB).pipe(z.number().min(1)),
  STORE_RETRIES: intFromEnv(5),
  SHUTDOWN_DEADLINE_MS: intFromEnv(8_000),
});

const defaultWebDist = path.resolve(import.meta.dirname, '../../web/dist');

/** Reads the configuration from environment variables; throws a readable error on bad values. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    authSecret: e.AUTH_SECRET,
    tokenTtlSeconds: e.TOKEN_TTL_DAYS * 24 * 3600,
    logLevel: e.LOG_LEVEL,
    webDistDir: e.WEB_DIST_DIR ? path.resolve(e.WEB_DIST_DIR) : defaultWebDist,
    tldrawLicenseKey: e.TLDRAW_LICENSE_KEY,
    durability: e.DURABILITY,
    limits: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
      maxBufferedBytes: e.MAX_BUFFERED_BYTES,
      maxBodyBytes: e.MAX_BODY_BYTES,
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
  };
}

export type ConfigOverrides = Partial<Omit<ServerConfig, 'limits' | 'sync'>> & {
  limits?: Partial<ServerConfig['limits']>;
  sync?: Partial<ServerConfig['sync']>;
};
