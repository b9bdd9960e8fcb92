import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { waitFor } from './wait.ts';

/** A test's own redis-server on a loopback port, without persistence. */
export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: what a crash or a network cut looks like to the instances). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

const binary = process.env.REDIS_SERVER_PATH ?? 'redis-server';

const howToGetIt =
  `redis-server was not found (tried "${binary}"). The cluster tests need a real Redis: ` +
  'install it (Debian/Ubuntu: apt-get install -y redis-server; .ci/run does this), or set REDIS_SERVER_PATH to the binary.';

/** A loopback port nobody listens on now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether a PING on the port is answered with PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** Starts a redis-server of its own on an ephemeral 127.0.0.1 port; fails saying how to get one when there is none. */
export async function startRedis(): Promise<RedisServer> {
  if (spawnSync(binary, ['--version'], { stdio: 'ignore' }).error) throw new Error(howToGetIt);
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async () => {
    if (child) return;
    const started = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: 'ignore' });
    child = started;
    let exited = false;
    started.once('exit', () => {
      exited = true;
      if (child === started) child = null;
    });
    await waitFor(async () => {
      if (exited) throw new Error(`redis-server on port ${port} exited at start`);
      return answersPing(port);
    }, `redis-server on port ${port} to answer`, 10_000, 20);
  };

  const stop = async () => {
    const running = child;
    if (!running) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
    child = null;
  };

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop };
}
