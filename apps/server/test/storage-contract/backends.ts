/**
 * The store backends the contract suite runs against, unchanged: SQLite in a temp dir and
 * PostgreSQL in a fresh database on the test server (tests/helpers/postgres.ts; without
 * PostgreSQL those tests fail saying how to get it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach } from 'vitest';
import * as Y from 'yjs';
import { dropDatabase, freshDatabaseUrl } from '../../../../tests/helpers/postgres.ts';
import { PgStore, SqliteStore, type BoardRecord, type Store } from '../../src/storage/index.ts';
import { pgSteps, sqliteSteps } from '../../src/storage/migrations/index.ts';

export interface Backend {
  name: string;
  /** A new, empty store location; `open` opens a store on it. */
  location(): Promise<string>;
  open(location: string): Promise<Store>;
  /**
   * `count` stores writing one database at once, as instances do. PostgreSQL: that many
   * stores (each its own pool); SQLite: one process owns the file, so the same store.
   */
  peers(location: string, count: number): Promise<Store[]>;
  /** The schema version this server writes. */
  latestSchemaVersion: number;
  /** Marks the (closed) store at `location` as written by a server of schema `version`. */
  setSchemaVersion(location: string, version: number): Promise<void>;
  /** The schema version recorded at `location`. */
  schemaVersion(location: string): Promise<number>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Closed (and its location removed) after the test. */
function track<T extends Store>(store: T): T {
  cleanups.push(() => store.close());
  return store;
}

const sqlite: Backend = {
  name: 'SQLite',
  async location() {
    const dir = mkdtempSync(path.join(tmpdir(), 'koppelbord-contract-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  },
  async open(dir) {
    return track(SqliteStore.open(dir, { durability: 'process-crash' }));
  },
  async peers(dir, count) {
    const store = await this.open(dir);
    return Array.from({ length: count }, () => store);
  },
  latestSchemaVersion: sqliteSteps.length,
  async setSchemaVersion(dir, version) {
    const db = new Database(path.join(dir, 'koppelbord.sqlite'));
    db.pragma(`user_version = ${version}`);
    db.close();
  },
  async schemaVersion(dir) {
    const db = new Database(path.join(dir, 'koppelbord.sqlite'), { readonly: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    db.close();
    return version;
  },
};

const postgres: Backend = {
  name: 'PostgreSQL',
  async location() {
    const url = await freshDatabaseUrl();
    cleanups.push(() => dropDatabase(url));
    return url;
  },
  async open(url) {
    return track(await PgStore.open(url, { poolSize: 4 }));
  },
  async peers(url, count) {
    const stores: Store[] = [];
    // One after the other: the first migrates, the others find the schema in place.
    for (let index = 0; index < count; index++) stores.push(await this.open(url));
    return stores;
  },
  latestSchemaVersion: pgSteps.length,
  async setSchemaVersion(url, version) {
    await withClient(url, (client) => client.query('UPDATE schema_version SET version = $1', [version]));
  },
  async schemaVersion(url) {
    return withClient(url, async (client) => (await client.query<{ version: number }>('SELECT version FROM schema_version')).rows[0]!.version);
  },
};

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export const backends: readonly Backend[] = [sqlite, postgres];

/** A store on a new location, for tests that need one. */
export async function freshStore(backend: Backend): Promise<{ store: Store; location: string }> {
  const location = await backend.location();
  return { store: await backend.open(location), location };
}

export const boardOf = (id: string, overrides: Partial<BoardRecord> = {}): BoardRecord => ({
  id,
  title: 'Wijk Oost',
  municipality: null,
  neighbourhood: null,
  language: 'nl',
  createdAt: new Date('2026-03-01T10:00:00.000Z'),
  ...overrides,
});

/** A Yjs update setting `key` to `value` in map `m`. */
export function update(key: string, value: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

/** The map `m` of a doc made from a snapshot and log rows. */
export function mapOf(parts: readonly Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const part of parts) Y.applyUpdate(doc, part);
  return doc.getMap('m').toJSON();
}

/** An int range [from, to]. */
export const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);

/** A built package's ZIP as the package process leaves it: a file of its own, which the store takes over. */
export function zipFileOf(bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kb-zip-')), 'package.zip');
  writeFileSync(file, bytes);
  return file;
}
