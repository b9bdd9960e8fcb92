import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../src/storage/sqlite-store.ts';
import { sqliteSteps } from '../src/storage/migrations/index.ts';
import { zipFileOf } from './storage-contract/backends.ts';
import { ArchiveDirWriter } from '../src/snapshots/archive-dir.ts';
import { createLogger } from '../src/log.ts';
import { waitFor } from '../../../tests/helpers/wait.ts';

const storeModule = path.resolve(import.meta.dirname, '../src/storage/sqlite-store.ts');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openStore(): { store: SqliteStore; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'koppelbord-store-'));
  dirs.push(dir);
  return { store: SqliteStore.open(dir, { durability: 'process-crash' }), dir };
}

const boardOf = (id: string) => ({ id, title: 'Bord', municipality: null, neighbourhood: null, createdAt: new Date('2026-11-28T10:00:00.000Z'), language: 'nl' as const });

function update(key: string, value: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

describe('SqliteStore schema versions', () => {
  /** The database a server of schema `version` made: the released steps up to it. */
  const schemaAt = (version: number) => `${sqliteSteps
    .slice(0, version)
    .map((step) => step.sql)
    .join('\n')}
    PRAGMA user_version = ${version};`;
  const schema1 = schemaAt(1);

  function databaseAt(setup: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'koppelbord-store-'));
    dirs.push(dir);
    const db = new Database(path.join(dir, 'koppelbord.sqlite'));
    db.exec(setup);
    db.close();
    return dir;
  }

  it('upgrades schema 1: its snapshots load as not servable until compacted again', async () => {
    const state = update('x', 1);
    const dir = databaseAt(`${schema1}
      INSERT INTO doc_snapshots VALUES ('a', x'${Buffer.from(state).toString('hex')}', x'00', 0);`);
    const store = SqliteStore.open(dir, { durability: 'process-crash' });
    const loaded = await store.loadDocument('a');
    expect(loaded.snapshot?.servable).toBe(false);
    await store.compact('a', { state, stateVector: Y.encodeStateVectorFromUpdate(state) }, []);
    expect((await store.loadDocument('a')).snapshot?.servable).toBe(true);
    await store.close();
    const db = new Database(path.join(dir, 'koppelbord.sqlite'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteSteps.length);
    db.close();
  });

  it('upgrades schema 2 to 3: boards keep their rows and read as Dutch; snapshots can be stored', async () => {
    const dir = databaseAt(`${schemaAt(2)}
      INSERT INTO boards VALUES ('b', 'Oud bord', 'Leiden', NULL, '2026-01-01T00:00:00.000Z');`);
    const store = SqliteStore.open(dir, { durability: 'process-crash' });
    expect(await store.getBoard('b')).toMatchObject({ title: 'Oud bord', municipality: 'Leiden', language: 'nl' });
    await store.insertSnapshot(snapshotOf('b', 's1'));
    expect((await store.listSnapshots('b')).map((entry) => entry.id)).toEqual(['s1']);
    await store.close();
  });

  it('upgrades a schema 3 database: boards and audit rows stay, invites can be stored', async () => {
    const dir = databaseAt('');
    // The database a schema 3 server left behind: the released steps up to 3, one board, one audit row.
    const raw = new Database(path.join(dir, 'koppelbord.sqlite'));
    raw.exec(`${schemaAt(3)}
      INSERT INTO boards VALUES ('b', 'Wijk Oost', NULL, NULL, '2026-03-01T10:00:00.000Z', 'nl');
      INSERT INTO doc_updates VALUES (7, 'b', x'0000', 0);
      INSERT INTO audit_log VALUES (1, 'b', 0, 'owner', NULL, 'snapshot.delete', '{"snapshotId":"s"}');
`);
    raw.close();

    const store = SqliteStore.open(dir, { durability: 'process-crash' });
    const check = new Database(path.join(dir, 'koppelbord.sqlite'), { readonly: true, fileMustExist: true });
    await store.close();
    expect(check.pragma('user_version', { simple: true })).toBe(sqliteSteps.length);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'invites'").get()).toBeTruthy();
    check.close();

    const reopened = SqliteStore.open(dir, { durability: 'process-crash' });
    expect((await reopened.getBoard('b'))?.title).toBe('Wijk Oost');
    expect(await reopened.listAudit('b')).toHaveLength(1);
    expect((await reopened.loadDocument('b')).updates.map((row) => row.seq)).toEqual([1]);
    await reopened.createInvites([{ id: 'i1', boardId: 'b', role: 'editor', label: 'l', createdAt: new Date(), expiresAt: null, revokedAt: null, uses: 0, lastUsedAt: null }]);
    expect((await reopened.getInvite('i1'))?.role).toBe('editor');
    await reopened.close();
  });

  it('upgrades schema 4: log rows get per-board seqs in row order, a compacted board counts its snapshot as seq 1', async () => {
    const snapshotState = update('old', 0);
    const rows = [
      ['a', update('a1', 1)],
      ['b', update('b1', 1)],
      ['a', update('a2', 2)],
      ['a', update('a3', 3)],
      ['b', update('b2', 2)],
    ] as const;
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    const dir = databaseAt(`${schemaAt(4)}
      INSERT INTO boards VALUES ('a', 'A', NULL, NULL, '2026-01-01T00:00:00.000Z', 'nl');
      INSERT INTO boards VALUES ('b', 'B', NULL, NULL, '2026-01-01T00:00:00.000Z', 'nl');
      INSERT INTO boards VALUES ('empty', 'E', NULL, NULL, '2026-01-01T00:00:00.000Z', 'nl');
      INSERT INTO doc_snapshots VALUES ('b', x'${hex(snapshotState)}', x'${hex(Y.encodeStateVectorFromUpdate(snapshotState))}', 0, 1);
      ${rows.map(([board, data], index) => `INSERT INTO doc_updates VALUES (${10 + index * 3}, '${board}', x'${hex(data)}', 0);`).join('\n')}`);
    const store = SqliteStore.open(dir, { durability: 'process-crash' });
    const a = await store.loadDocument('a');
    expect(a.updates.map((row) => [row.seq, [...row.data]])).toEqual([1, 2, 3].map((seq) => [seq, [...rows.filter(([board]) => board === 'a')[seq - 1]![1]]]));
    expect(a.headSeq).toBe(3);
    const b = await store.loadDocument('b');
    expect(b.updates.map((row) => row.seq)).toEqual([2, 3]);
    expect(b.headSeq).toBe(3);
    // Everything after seq 0 of b includes what only its snapshot holds.
    expect((await store.readUpdatesAfter('b', 0)).snapshot?.state).toEqual(Buffer.from(snapshotState));
    expect((await store.readUpdatesAfter('b', 1)).snapshot).toBeNull();
    expect(await store.headSequences(['a', 'b', 'empty', 'nope'])).toEqual(new Map([['a', 3], ['b', 3], ['empty', 0]]));
    expect(await store.appendUpdates([{ boardId: 'a', data: update('a4', 4) }, { boardId: 'empty', data: update('e', 1) }])).toEqual([4, 1]);
    await store.close();
    const db = new Database(path.join(dir, 'koppelbord.sqlite'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteSteps.length);
    db.close();
  });

  it('refuses a database of a newer schema with a clear message', () => {
    const dir = databaseAt('PRAGMA user_version = 99;');
    expect(() => SqliteStore.open(dir, { durability: 'process-crash' })).toThrow(`koppelbord.sqlite is at schema version 99, newer than this server understands (${sqliteSteps.length})`);
  });
});

function snapshotOf(boardId: string, id: string) {
  return {
    id,
    boardId,
    kind: 'snapshot' as const,
    label: `Label ${id}`,
    createdAt: new Date(),
    actor: { role: 'owner' as const, name: 'Anna' },
    board: { title: 'Bord', municipality: null, neighbourhood: null, language: 'nl' as const },
    includeNames: false,
    participants: [],
    state: update('s', 1),
    invalidRecords: 0,
    changes: { opportunitiesAdded: [], opportunitiesRemoved: [], opportunitiesChanged: [], domainsAdded: [], organisationsAdded: [], consultationChanged: [] },
  };
}

describe('SqliteStore on its own disk', () => {
  it('keeps an archive package as a file beside the database, gone with the snapshot', async () => {
    const { store, dir } = openStore();
    const sid = '6f1c2a3e-0000-4000-8000-000000000001';
    await store.insertSnapshot(snapshotOf('b', sid));
    await store.insertPackage({ snapshotId: sid, name: 'p', zipFile: zipFileOf(new Uint8Array([1, 2, 3])), sha256: 'aa', pakbon: '<pakbon/>', thumbnail: null, pdf: 'PDF', builtAt: new Date() }, true);
    expect(existsSync(path.join(dir, 'packages', `${sid}.zip`))).toBe(true);
    expect(Array.from((await store.getPackage(sid))!.zip)).toEqual([1, 2, 3]);
    const audit = { boardId: 'b', at: new Date(), actor: { role: 'owner' as const, name: 'Anna' }, action: 'snapshot.delete' as const, detail: { snapshotId: sid } };
    expect(await store.deleteSnapshot('b', sid, audit)).toBe(true);
    expect(existsSync(path.join(dir, 'packages', `${sid}.zip`))).toBe(false);
    await store.close();
  });

  it('ARCHIVE_DIR: the copy comes from the built file; a failed one is retried from the stored package', async () => {
    const { store, dir } = openStore();
    const sid = '6f1c2a3e-0000-4000-8000-000000000002';
    await store.insertSnapshot(snapshotOf('b', sid));
    const bytes = new Uint8Array(100_000).map((_, index) => index % 253);
    // The archive share is not there yet: a file stands where its folder should be.
    const share = path.join(dir, 'share');
    writeFileSync(share, 'not a folder');
    const writer = new ArchiveDirWriter(share, store, createLogger('silent'));
    try {
      const pkg = { snapshotId: sid, name: 'pakket', zipFile: zipFileOf(bytes), sha256: 'aa', pakbon: '<pakbon/>', thumbnail: null, pdf: 'PDF' as const, builtAt: new Date() };
      await writer.write(pkg, { file: pkg.zipFile });
      await store.insertPackage(pkg, true);
      expect(await store.pendingExports()).toEqual([sid]);
      rmSync(share);
      await waitFor(async () => (await store.pendingExports()).length === 0, 'the retried copy to land', 10_000);
      expect(Buffer.from(readFileSync(path.join(share, 'pakket.zip'))).equals(Buffer.from(bytes))).toBe(true);
      expect(readFileSync(path.join(share, 'pakket.pakbon.xml'), 'utf8')).toBe('<pakbon/>');
    } finally {
      writer.close();
      await store.close();
    }
  });

  it('gives its cache back without losing anything, and is harmless once closed', async () => {
    const { store } = openStore();
    await store.createBoard(boardOf('a'), update('seed', 0));
    const big = new Y.Doc();
    big.getMap('m').set('blob', 'x'.repeat(3_000_000));
    await store.appendUpdates([{ boardId: 'a', data: Y.encodeStateAsUpdate(big) }]);
    const before = await store.loadDocument('a');
    store.releaseMemory();
    const after = await store.loadDocument('a');
    expect(after.updates.map((row) => Buffer.from(row.data).equals(Buffer.from(before.updates[1]!.data)))).toEqual([false, true]);
    await store.close();
    expect(() => store.releaseMemory()).not.toThrow();
  });
});

describe('native addon under garbage collection', () => {
  it('survives the full collections that finalise its statements (better-sqlite3 12 aborts on Node 24)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'koppelbord-store-'));
    dirs.push(dir);
    // In its own process, so an abort fails this test instead of killing the test worker.
    // Grow the heap until V8 runs full (mark-compact) collections, as a busy server does.
    const script = `
      import { PerformanceObserver } from 'node:perf_hooks';
      import { SqliteStore } from ${JSON.stringify(storeModule)};
      const store = SqliteStore.open(${JSON.stringify(dir)}, { durability: 'process-crash' });
      let majorGcs = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.detail?.kind === 4) majorGcs++; }).observe({ entryTypes: ['gc'] });
      let retained = [];
      for (let round = 0; round < 400 && majorGcs < 3; round++) {
        for (let i = 0; i < 20000; i++) retained.push({ i, s: 'x'.repeat(50) });
        if (retained.length > 1000000) retained = [];
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await store.appendUpdates([{ boardId: 'a', data: Uint8Array.of(0, 0) }]);
      console.log('survived ' + majorGcs);
    `;
    const result = spawnSync(process.execPath, ['--experimental-strip-types', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^survived [1-9]/);
    // A child Node process doing full collections: seconds on a busy 2-core machine.
  }, 60_000);
});
