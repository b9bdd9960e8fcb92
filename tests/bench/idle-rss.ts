/**
 * `pnpm bench:idle`: the server's resident memory at idle right after start, as production
 * runs it (the bundle of apps/server/build.ts), beside the same server from its TypeScript
 * sources and `@y/websocket-server` started by its own bin: each started fresh, 3 s after its
 * port answers, three rounds in turn. stdout: JSON; stderr: a markdown table.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildServer, productionMallocEnv, productionNodeFlags, serverDist } from '../../apps/server/build.ts';
import { tempDataDir } from '../helpers/server.ts';
import { median } from './stats.ts';

const root = path.resolve(import.meta.dirname, '../..');
const rounds = 3;
const settleMs = 3_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function answers(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) return;
    await sleep(50);
  }
  throw new Error(`nothing answered on port ${port}`);
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** Starts `args`, waits until its port answers and `settleMs` more, reads its RSS, stops it. */
async function idleRss(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
  try {
    await answers(port, Date.now() + 20_000);
    await sleep(settleMs);
    return rssMiB(child.pid!);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

await buildServer();
const ours = { LOG_LEVEL: 'warn', ...productionMallocEnv };
// Its bin (the package exports no path to it): tests/ depends on it.
const reference = path.join(root, 'tests/node_modules/@y/websocket-server/src/server.js');
const servers = {
  'Koppelbord, bundle (pnpm start)': (dataDir: string) => idleRss([...productionNodeFlags, path.join(serverDist, 'main.js')], { ...ours, DATA_DIR: dataDir }),
  'Koppelbord, TypeScript sources': (dataDir: string) => idleRss(['--experimental-strip-types', 'apps/server/src/main.ts'], { ...ours, DATA_DIR: dataDir }),
  '@y/websocket-server (its bin)': () => idleRss([reference], {}),
};
const figures: Record<string, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, start] of Object.entries(servers)) {
    const dataDir = tempDataDir();
    try {
      (figures[name] ??= []).push(await start(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
const referenceMiB = median(figures['@y/websocket-server (its bin)']!);
const rows = Object.entries(figures).map(([name, values]) => ({ name, medianMiB: Number(median(values).toFixed(1)), runs: values.map((value) => Number(value.toFixed(1))) }));
process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), node: process.version, settleMs, rows }, null, 2)}\n`);
process.stderr.write(`\n| server, idle ${settleMs / 1000} s after start | RSS, median of ${rounds} (MiB) | − reference (MiB) |\n|---|--:|--:|\n`);
for (const row of rows) process.stderr.write(`| ${row.name} | ${row.medianMiB} | ${(row.medianMiB - referenceMiB).toFixed(1)} |\n`);
