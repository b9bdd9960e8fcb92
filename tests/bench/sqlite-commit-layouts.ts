/**
 * `node --experimental-strip-types tests/bench/sqlite-commit-layouts.ts`: what one SQLite
 * commit of one small update (~40 bytes: a card moved) is made of, layout by layout, from the
 * commit before 4 December to the store's now (sqlite-store.ts, sqlite-heads.ts). better-sqlite3
 * with the store's pragmas, on a fresh file each time:
 *
 * - "in a row": commits one after the other;
 * - "sparse": ~0.3 ms of allocating work between commits, as between the turns of a session
 *   (caches cold again);
 * - WAL frames per commit: a second pass with automatic checkpoints off, so the WAL only
 *   grows (with them on, a checkpoint every 1,000 frames copies pages back and fsyncs).
 *
 * Each layout is measured twice in turn and the second round is reported. stdout: JSON;
 * stderr: a markdown table.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { insertUpdateSql, openLayout, raisingBoardRow, rowidLog, withoutRowidLog } from './sqlite-layouts.ts';

const commits = 5_000;
const sparseCommits = 1_500;
const warmup = 300;
const data = Buffer.alloc(40, 7);
const walFrameBytes = 4096 + 24;

interface Layout {
  name: string;
  log: string;
  /** Prepares the commit of the update with seq `seq` (the layouts that count in memory use it). */
  prepare(db: Database.Database): (seq: number) => void;
}

function countingInMemory(db: Database.Database): (seq: number) => void {
  const insert = db.prepare(insertUpdateSql);
  const commit = db.transaction((seq: number) => insert.run('board', seq, data, Date.now()));
  return (seq) => commit(seq);
}

function previous(db: Database.Database): (seq: number) => void {
  const commit = raisingBoardRow(db);
  const writes = [{ boardId: 'board', data }];
  return () => commit(writes);
}

const layouts: Layout[] = [
  { name: 'before 4 December: board row raised (UPDATE … RETURNING), rowid log with its key index, BEGIN/COMMIT', log: rowidLog, prepare: previous },
  { name: 'board row raised, log WITHOUT ROWID', log: withoutRowidLog, prepare: previous },
  { name: 'head seq in memory, rowid log', log: rowidLog, prepare: countingInMemory },
  { name: 'head seq in memory, log WITHOUT ROWID', log: withoutRowidLog, prepare: countingInMemory },
  {
    name: 'now: head seq in memory, log WITHOUT ROWID, one update as a single INSERT',
    log: withoutRowidLog,
    prepare(db) {
      const insert = db.prepare(insertUpdateSql);
      return (seq) => insert.run('board', seq, data, Date.now());
    },
  },
];

/** Allocating work for about `ms`, as the server does between two commits. */
function otherWork(ms: number): void {
  const end = performance.now() + ms;
  const junk: number[][] = [];
  for (let index = 0; performance.now() < end; index++) {
    junk.push(new Array<number>(64).fill(index));
    if (junk.length > 2_000) junk.length = 0;
  }
}

function run(layout: Layout, options: { sparse: boolean; checkpoints: boolean }): { usPerCommit: number; walFramesPerCommit: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'koppelbord-commit-layouts-'));
  const db = openLayout(path.join(dir, 'bench.sqlite'), layout.log, { checkpoints: options.checkpoints });
  try {
    db.prepare("INSERT INTO boards (id, title, head_seq) VALUES ('board', 'Bench', 0), ('other', 'Other', 0)").run();
    const commit = layout.prepare(db);
    for (let seq = 1; seq <= warmup; seq++) commit(seq);
    const walBefore = statSync(path.join(dir, 'bench.sqlite-wal')).size;
    const count = options.sparse ? sparseCommits : commits;
    let spentMs = 0;
    for (let seq = warmup + 1; seq <= warmup + count; seq++) {
      if (options.sparse) otherWork(0.3);
      const started = performance.now();
      commit(seq);
      spentMs += performance.now() - started;
    }
    const walGrowth = statSync(path.join(dir, 'bench.sqlite-wal')).size - walBefore;
    return { usPerCommit: Math.round((spentMs / count) * 10_000) / 10, walFramesPerCommit: Math.round((walGrowth / walFrameBytes / count) * 100) / 100 };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = layouts.map((layout) => ({ layout: layout.name, inARowUs: 0, sparseUs: 0, inARowWithoutCheckpointsUs: 0, walFramesPerCommit: 0 }));
for (let round = 0; round < 2; round++) {
  for (const [index, layout] of layouts.entries()) {
    const inARow = run(layout, { sparse: false, checkpoints: true });
    const sparse = run(layout, { sparse: true, checkpoints: true });
    const withoutCheckpoints = run(layout, { sparse: false, checkpoints: false });
    Object.assign(results[index]!, { inARowUs: inARow.usPerCommit, sparseUs: sparse.usPerCommit, inARowWithoutCheckpointsUs: withoutCheckpoints.usPerCommit, walFramesPerCommit: withoutCheckpoints.walFramesPerCommit });
  }
}

process.stdout.write(`${JSON.stringify({ benchmark: 'one SQLite commit of one small update, by layout', node: process.version, cpus: os.cpus().length, commits, sparseCommits, results }, null, 2)}\n`);
process.stderr.write('\n| layout | µs per commit, in a row / sparse | … without checkpoints | WAL frames per commit |\n|---|--:|--:|--:|\n');
for (const row of results) process.stderr.write(`| ${row.layout} | ${row.inARowUs} / ${row.sparseUs} | ${row.inARowWithoutCheckpointsUs} | ${row.walFramesPerCommit} |\n`);
