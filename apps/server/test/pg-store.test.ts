/**
 * What only the PostgreSQL store has: its schema versions (migrations/pg-steps.ts), several
 * processes on one database at start-up and at compaction, and a database URL that holds a
 * password. The contract it shares with SQLite is in storage-contract/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { dropDatabase, freshDatabaseUrl } from '../../../tests/helpers/postgres.ts';
import { migratePg, pgSteps, type MigrationStep } from '../src/storage/migrations/index.ts';
import { PgStore } from '../src/storage/index.ts';
import { boardOf, mapOf, update } from './storage-contract/backends.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(): Promise<string> {
  const url = await freshDatabaseUrl();
  cleanups.push(() => dropDatabase(url));
  return url;
}

async function open(url: string): Promise<PgStore> {
  const store = await PgStore.open(url, { poolSize: 2 });
  cleanups.push(() => store.close());
  return store;
}

function pool(url: string): pg.Pool {
  const created = new pg.Pool({ connectionString: url, max: 2 });
  cleanups.push(() => created.end());
  return created;
}

const versionOf = async (url: string) => (await pool(url).query<{ version: number }>('SELECT version FROM schema_version')).rows[0]?.version;

describe('PostgreSQL schema versions', () => {
  it('a fresh database gets every step; opening it again changes nothing', async () => {
    const url = await database();
    const store = await open(url);
    await store.createBoard(boardOf('a'), update('seed', 0));
    expect(await versionOf(url)).toBe(pgSteps.length);
    await store.close();
    const again = await open(url);
    expect((await again.loadDocument('a')).headSeq).toBe(1);
  });

  it('upgrades an older database with the steps after its version, in one transaction, keeping its data', async () => {
    const url = await database();
    const store = await open(url);
    await store.createBoard(boardOf('a'), update('seed', 0));
    await store.close();
    const migrations = await pool(url).connect();
    cleanups.push(async () => migrations.release());
    const next: MigrationStep = { version: pgSteps.length + 1, description: 'a later column', sql: "ALTER TABLE boards ADD COLUMN colour text NOT NULL DEFAULT 'grey'" };
    const broken: MigrationStep = { version: pgSteps.length + 2, description: 'fails', sql: 'ALTER TABLE no_such_table ADD COLUMN x int' };
    // A failing step leaves the database as it was: neither step lands.
    await expect(migratePg(migrations, [...pgSteps, next, broken])).rejects.toThrow(/no_such_table/);
    expect(await versionOf(url)).toBe(pgSteps.length);
    expect((await migrations.query("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'boards' AND column_name = 'colour'")).rows[0].n).toBe(0);

    expect(await migratePg(migrations, [...pgSteps, next])).toBe(pgSteps.length);
    expect(await versionOf(url)).toBe(pgSteps.length + 1);
    expect((await migrations.query('SELECT id, colour, head_seq FROM boards')).rows).toEqual([{ id: 'a', colour: 'grey', head_seq: '1' }]);
  });

  it('refuses a database of a newer version with a message naming both versions', async () => {
    const url = await database();
    await (await open(url)).close();
    await pool(url).query('UPDATE schema_version SET version = 99');
    await expect(PgStore.open(url, { poolSize: 1 })).rejects.toThrow(`is at schema version 99, newer than this server understands (${pgSteps.length})`);
  });

  it('instances starting together on a fresh database take turns: each opens, the schema is made once', async () => {
    const url = await database();
    const stores = await Promise.all([open(url), open(url), open(url)]);
    await stores[0]!.createBoard(boardOf('a'), update('seed', 0));
    expect(await stores[2]!.headSequences(['a'])).toEqual(new Map([['a', 1]]));
    expect(await versionOf(url)).toBe(pgSteps.length);
  });

  it('never puts the password of the database URL in its error', async () => {
    const url = new URL(await database());
    url.username = 'nobody';
    url.password = 'hunter2-secret';
    const error = (await PgStore.open(url.toString(), { poolSize: 1 }).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('nobody:***@');
    expect(error.message).not.toContain('hunter2');
  });
});

describe('PostgreSQL store with several processes', () => {
  it('merges a snapshot another process wrote instead of overwriting it: nothing it compacted is lost', async () => {
    const url = await database();
    const first = await open(url);
    const second = await open(url);
    await first.createBoard(boardOf('a'), update('seed', 0));
    // Both have the board loaded; a write only the first has seen, which it compacts away.
    const stale = await second.loadDocument('a');
    const [seq] = await first.appendUpdates([{ boardId: 'a', data: update('only-first', 1) }]);
    const firstState = Y.mergeUpdates((await first.loadDocument('a')).updates.map((row) => row.data));
    await first.compact('a', { state: firstState, stateVector: Y.encodeStateVectorFromUpdate(firstState) }, [1, seq!]);
    // The second compacts what it has: the seed only.
    const staleState = Y.mergeUpdates(stale.updates.map((row) => row.data));
    await second.compact('a', { state: staleState, stateVector: Y.encodeStateVectorFromUpdate(staleState) }, [1]);
    const after = await first.loadDocument('a');
    expect(after.updates).toEqual([]);
    expect(mapOf([after.snapshot!.state])).toEqual({ seed: 0, 'only-first': 1 });
    expect([...after.snapshot!.stateVector]).toEqual([...Y.encodeStateVectorFromUpdate(after.snapshot!.state)]);
  });

  it('a write stuck behind a lock fails after the query timeout, and the store works again once it is free', async () => {
    const url = await database();
    const store = await PgStore.open(url, { poolSize: 2, queryTimeoutMs: 300 });
    cleanups.push(() => store.close());
    await store.createBoard(boardOf('a'), update('seed', 0));
    // Another process holds the board row (an open transaction that never ends, say).
    const holder = await pool(url).connect();
    await holder.query('BEGIN');
    await holder.query("SELECT 1 FROM boards WHERE id = 'a' FOR UPDATE");
    const started = Date.now();
    await expect(Promise.resolve(store.appendUpdates([{ boardId: 'a', data: update('x', 1) }]))).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeLessThan(5_000);
    await holder.query('ROLLBACK');
    holder.release();
    expect(await store.appendUpdates([{ boardId: 'a', data: update('y', 2) }])).toEqual([expect.any(Number)]);
    const loaded = await store.loadDocument('a');
    // Whatever became of the timed-out write, the log stays gapless.
    expect(loaded.updates.map((row) => row.seq)).toEqual(Array.from({ length: loaded.headSeq }, (_, index) => index + 1));
    expect(mapOf(loaded.updates.map((row) => row.data))).toMatchObject({ seed: 0, y: 2 });
  });
});
