import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CreateBoardResponse } from '@koppelbord/contract';
import { createLogger, defaultConfig, startServer, type ConfigOverrides, type RunningServer, type StartOptions } from '@koppelbord/server';
import { dropDatabase, freshDatabaseUrl } from './postgres.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  wsUrl: string;
  createBoard(title?: string): Promise<CreateBoardResponse>;
  /** Stops the server; removes its data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'koppelbord-test-'));
}

/**
 * `KOPPELBORD_TEST_STORE=postgres`: test servers store in PostgreSQL instead of SQLite, one
 * fresh database per data dir (a restart on the same data dir finds its boards), dropped
 * with it. The suite then checks the server on PostgreSQL; tests that open the SQLite file
 * themselves are SQLite-only.
 */
const onPostgres = process.env.KOPPELBORD_TEST_STORE === 'postgres';
const databases = new Map<string, string>();

async function databaseFor(dataDir: string): Promise<string> {
  let url = databases.get(dataDir);
  if (!url) {
    url = await freshDatabaseUrl();
    databases.set(dataDir, url);
  }
  return url;
}

/** The real server, in this process, on an ephemeral loopback port. */
export async function startTestServer(overrides: ConfigOverrides = {}, options: StartOptions = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDataDir();
  const database = onPostgres && !overrides.database?.url && !options.store ? { url: await databaseFor(dataDir) } : {};
  // No board images unless a test asks (`render`): a Chromium per test server would slow every suite.
  const config = defaultConfig({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    ...overrides,
    render: { chromiumPath: null, timeoutMs: 30_000, maxQueue: 8, ...overrides.render },
    database: { ...overrides.database, ...database },
    dataDir,
  });
  const server = await startServer(config, { log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), ...options });
  return {
    ...server,
    dataDir,
    wsUrl: `ws://127.0.0.1:${server.port}/sync`,
    createBoard: (title = 'Testbord') => createBoard(server.url, title),
    async stop({ keepData = false } = {}) {
      await server.close(2_000);
      if (keepData) return;
      rmSync(dataDir, { recursive: true, force: true });
      const url = databases.get(dataDir);
      databases.delete(dataDir);
      if (url) await dropDatabase(url);
    },
  };
}

export async function createBoard(baseUrl: string, title = 'Testbord'): Promise<CreateBoardResponse> {
  const response = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`creating a board failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreateBoardResponse;
}

/** The token inside a share link's fragment. */
export function tokenOf(link: string): string {
  const token = new URL(link).hash.match(/token=([^&]+)/)?.[1];
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}
