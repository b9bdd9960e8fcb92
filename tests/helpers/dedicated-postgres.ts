/**
 * A PostgreSQL cluster of one test's own, so that test can stop it and start it again without
 * touching the shared test database other files use at the same time. It is the real server
 * (initdb + postgres from the distribution's packages) on a loopback port; without fsync unless
 * asked (`fsync: true`, the benchmark's commit latency): durability against power loss is not
 * what the tests are about.
 *
 * As root (CI, these machines) the server runs as the `postgres` user, which the Debian package
 * creates: PostgreSQL refuses to run as root.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from './wait.ts';

export interface DedicatedPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication on loopback). */
  url: string;
  port: number;
  /** A fast shutdown (SIGINT): every session is closed at once, as when the database goes away. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

const howToGetIt =
  'PostgreSQL server binaries (initdb, postgres) were not found. The scale-out tests need a real PostgreSQL: ' +
  'install it (Debian/Ubuntu: apt-get install -y postgresql; .ci/run does this), or set PG_BIN to the directory that holds initdb.';

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(root, v, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
  if (!found) throw new Error(howToGetIt);
  return found;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `command` as the postgres user when we are root, as ourselves otherwise. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export async function startDedicatedPostgres(options: { fsync?: boolean } = {}): Promise<DedicatedPostgres> {
  const bin = binDir();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'koppelbord-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dataDir, uid, gid);
  }
  const [initCommand, initArgs] = asPostgres(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const init = spawnSync(initCommand, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.error?.message ?? init.stderr}`);
  }
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async () => {
    if (child) return;
    const [command, args] = asPostgres(path.join(bin, 'postgres'), [
      '-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dataDir}`,
      ...(options.fsync ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off']), '-c', 'max_connections=100',
    ]);
    const started = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    started.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    child = started;
    let exited = false;
    started.once('exit', () => {
      exited = true;
      if (child === started) child = null;
    });
    await waitFor(
      () => {
        if (exited) throw new Error(`postgres exited at start: ${stderr}`);
        return spawnSync(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0;
      },
      `postgres on port ${port} to accept connections`,
      20_000,
      50,
    );
  };

  const stop = async () => {
    const running = child;
    if (!running) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    // To the postmaster itself (its pid file's first line), not to runuser in front of it.
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGINT');
    await exited;
    child = null;
  };

  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
