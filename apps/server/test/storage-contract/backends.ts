/**
 * The store backends the contract suite runs against, unchanged: SQLite in a temp dir and
 * PostgreSQL in a fresh database on the test server (tests/helpers/postgres.ts; without
 * PostgreSQL those tests fail saying how to get it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import * as Y from 'yjs';
import { dropDatabase, freshDatabaseUrl } from '../../../../tests/helpers/postgres.ts';
import { PgStore, SqliteStore, type BoardRecord, type Store } from '../../src/storage/index.ts';

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
};

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
