/**
 * `node --experimental-strip-types tests/bench/storage-latency.ts [commits]`: the commit
 * latency of each store — one `appendUpdates` of one small update (a card moved: ~40 bytes),
 * awaited, one after the other — as the commit pipeline pays it per event-loop turn.
 *
 * SQLite in a temp dir in both DURABILITY modes, beside the commit SQLite made before
 * 4 December (each commit raised the board row's head_seq and inserted into a rowid table
 * with a key index, in BEGIN … COMMIT: three B-tree pages per commit instead of one) as the
 * reference of the same run; PostgreSQL on KOPPELBORD_TEST_PG_URL if set,
 * else on a throwaway local cluster (tests/helpers/postgres.ts: fsync on, default
 * synchronous_commit, so each commit waits for its WAL flush). The same machine, one after
 * the other, never at once. stdout: one JSON document; stderr: progress.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { PgStore, SqliteStore, type Store } from '@koppelbord/server';
import { dropDatabase, freshDatabaseUrl, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { insertUpdateSql, openLayout, raisingBoardRow, rowidLog } from './sqlite-layouts.ts';
import { percentile } from './stats.ts';

const commits = Number(process.argv[2] ?? 2_000);
if (!Number.isInteger(commits) || commits < 100 || commits > 100_000) throw new Error('commits: an integer from 100 to 100000');
const warmup = Math.min(200, commits / 10);
const log = (message: string) => process.stderr.write(`${message}\n`);

const doc = new Y.Doc();
const shapes = doc.getMap('shapes');
/** The next small update: one shape's position, as a drag sends it. */
function nextUpdate(index: number): Uint8Array {
  const before = Y.encodeStateVector(doc);
  shapes.set('shape:card', { x: index, y: index * 2 });
  return Y.encodeStateAsUpdate(doc, before);
}

/** What is measured of a store: creating the board, then its commits. */
type Committer = Pick<Store, 'createBoard' | 'appendUpdates'>;

/** The SQLite commit before 4 December, on its own schema and the store's pragmas. */
function previousSqliteCommit(file: string): { committer: Committer; close(): void } {
  const db = openLayout(file, rowidLog);
  const insert = db.prepare(insertUpdateSql);
  return {
    committer: {
      async createBoard(board, initialUpdate) {
        db.prepare('INSERT INTO boards (id, title, head_seq) VALUES (?, ?, 1)').run(board.id, board.title);
        insert.run(board.id, 1, initialUpdate, Date.now());
      },
      appendUpdates: raisingBoardRow(db),
    },
    close: () => db.close(),
  };
}

async function measure(name: string, store: Committer): Promise<Record<string, number | string>> {
  const boardId = 'bench-board';
  await store.createBoard({ id: boardId, title: 'Bench', municipality: null, neighbourhood: null, language: 'nl', createdAt: new Date() }, Y.encodeStateAsUpdate(new Y.Doc()));
  const samples: number[] = [];
  let bytes = 0;
  for (let index = 0; index < commits + warmup; index++) {
    const data = nextUpdate(index);
    bytes += data.byteLength;
    const started = performance.now();
    await store.appendUpdates([{ boardId, data }]);
    if (index >= warmup) samples.push(performance.now() - started);
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const result = {
    store: name,
    commits: samples.length,
    updateBytes: Math.round(bytes / (commits + warmup)),
    p50Ms: round(percentile(samples, 0.5)),
    p99Ms: round(percentile(samples, 0.99)),
    maxMs: round(Math.max(...samples)),
    commitsPerSecond: Math.round(samples.length / (samples.reduce((sum, value) => sum + value, 0) / 1000)),
  };
  log(`${name}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
  return result;
}

const results: Record<string, number | string>[] = [];
{
  const dir = mkdtempSync(path.join(os.tmpdir(), 'koppelbord-bench-store-'));
  const previous = previousSqliteCommit(path.join(dir, 'previous.sqlite'));
  try {
    results.push(await measure('sqlite before 4 December (DURABILITY=process-crash; reference)', previous.committer));
  } finally {
    previous.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
for (const durability of ['process-crash', 'power-loss'] as const) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'koppelbord-bench-store-'));
  const store = SqliteStore.open(dir, { durability });
  try {
    results.push(await measure(`sqlite (DURABILITY=${durability})`, store));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

let cluster: TestPostgres | undefined;
if (!process.env.KOPPELBORD_TEST_PG_URL) {
  cluster = await startTestPostgres();
  process.env.KOPPELBORD_TEST_PG_URL = cluster.url;
}
try {
  const url = await freshDatabaseUrl();
  const store = await PgStore.open(url, { poolSize: 4 });
  try {
    results.push(await measure('postgresql (synchronous_commit=on, fsync=on, loopback TCP)', store));
  } finally {
    await store.close();
    await dropDatabase(url);
  }
} finally {
  await cluster?.stop();
}

process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'storage commit latency: one appendUpdates of one small update, awaited, sequential',
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}` },
      warmupCommitsLeftOut: warmup,
      results,
    },
    null,
    2,
  )}\n`,
);
