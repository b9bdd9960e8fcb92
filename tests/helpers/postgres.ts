/**
 * PostgreSQL for tests: a throwaway cluster on 127.0.0.1 (started by the vitest globalSetup in
 * postgres-global-setup.ts when none is given), and a new empty database per test store.
 *
 * Which server: `KOPPELBORD_TEST_PG_URL` (an admin URL, e.g. a CI service) when set; else the
 * one answering on `KOPPELBORD_TEST_PG_PORT`; else the setup starts its own on a free port and
 * sets `KOPPELBORD_TEST_PG_URL` for the test workers (they inherit the environment). Without
 * the PostgreSQL binaries the tests that need it fail with `howToGetPostgres`, never skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const howToGetPostgres =
  'PostgreSQL is needed for this test: install its server binaries (Debian/Ubuntu: apt-get install -y postgresql; .ci/run does it), ' +
  'or point KOPPELBORD_TEST_PG_URL at a server whose user may create databases (postgres://user:password@127.0.0.1:5432/postgres)';

/** Set by the global setup when it could not provide PostgreSQL: the reason, thrown by `freshDatabaseUrl`. */
const unavailableKey = 'KOPPELBORD_TEST_PG_UNAVAILABLE';
const urlKey = 'KOPPELBORD_TEST_PG_URL';

/** The admin URL of the test server, or an error saying how to get one. */
function adminUrl(): string {
  const unavailable = process.env[unavailableKey];
  if (unavailable) throw new Error(unavailable);
  const url = process.env[urlKey];
  if (url) return url;
  throw new Error(`${howToGetPostgres} (no test PostgreSQL was started: is tests/helpers/postgres-global-setup.ts this project's globalSetup?)`);
}

async function withAdmin<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test PostgreSQL; its URL. Drop it with `dropDatabase`. */
export async function freshDatabaseUrl(): Promise<string> {
  const admin = adminUrl();
  const name = `koppelbord_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(admin, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops the database of `url` (made by `freshDatabaseUrl`). It first waits (up to a few
 * seconds) for the connections already being closed to go: `pool.end()` resolves before its
 * sockets have closed, and a connection terminated by FORCE in that window emits an error on
 * a client nobody listens to any more — an unhandled error that fails the whole run. FORCE
 * then only closes what a test really left open.
 */
export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^koppelbord_test_[0-9a-f]+$/.test(name)) throw new Error(`not a test database: ${name}`);
  await withAdmin(adminUrl(), async (client) => {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** Whether a PostgreSQL server answers at `url`. */
export async function answers(url: string): Promise<boolean> {
  try {
    await withAdmin(url, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** The directory with initdb and pg_ctl: PG_BIN, PATH, or Debian's /usr/lib/postgresql/<version>/bin (newest). */
export function findPostgresBin(): string | null {
  const candidates = [process.env.PG_BIN];
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) candidates.push(path.dirname(onPath));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => path.join(debian, version, 'bin')));
  }
  return candidates.find((dir): dir is string => !!dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) ?? null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  /** Admin URL (user `postgres`, trust authentication on loopback). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a throwaway cluster: initdb into a directory under the temp dir, listening on
 * 127.0.0.1 only, as user `postgres` when running as root (PostgreSQL refuses root). Durable
 * commits stay on (fsync), so commit latencies measured against it are real ones.
 */
export async function startTestPostgres(port?: number): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`${howToGetPostgres} (no initdb found under PG_BIN, PATH or /usr/lib/postgresql/*/bin)`);
  const listenPort = port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'koppelbord-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : path.join(bin, tool);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    execFileSync(command, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  if (asRoot) chownSync(dir, postgresUid(), postgresGid());
  try {
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const options = `-h 127.0.0.1 -p ${listenPort} -k ${dir} -c max_connections=300 -c shared_buffers=32MB`;
    run('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', options, 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`could not start the test PostgreSQL from ${bin}: ${stderr || String(error)}`, { cause: error });
  }
  return {
    url: `postgres://postgres@127.0.0.1:${listenPort}/postgres`,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const idOf = (flag: '-u' | '-g') => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
const postgresUid = () => idOf('-u');
const postgresGid = () => idOf('-g');

/**
 * What the global setup runs: use the server the environment names, or start one. Never
 * throws for a missing PostgreSQL: the reason goes to the workers, so only the tests that
 * need it fail (with the reason), and the rest of the run goes on.
 */
export async function provideTestPostgres(): Promise<() => Promise<void>> {
  const given = process.env[urlKey];
  if (given) {
    if (!(await answers(given))) process.env[unavailableKey] = `${howToGetPostgres} (nothing answers at KOPPELBORD_TEST_PG_URL)`;
    return async () => {};
  }
  const fixedPort = process.env.KOPPELBORD_TEST_PG_PORT ? Number(process.env.KOPPELBORD_TEST_PG_PORT) : undefined;
  if (fixedPort !== undefined) {
    const url = `postgres://postgres@127.0.0.1:${fixedPort}/postgres`;
    if (await answers(url)) {
      process.env[urlKey] = url;
      return async () => {};
    }
  }
  try {
    const server = await startTestPostgres(fixedPort);
    process.env[urlKey] = server.url;
    return async () => {
      delete process.env.KOPPELBORD_TEST_PG_URL;
      await server.stop();
    };
  } catch (error) {
    process.env[unavailableKey] = (error as Error).message;
    return async () => {};
  }
}
