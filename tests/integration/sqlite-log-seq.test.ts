/**
 * The SQLite store's log seqs (store contract: per board gapless, from 1, in commit order)
 * now that a commit writes only its log rows and the head is kept in memory
 * (apps/server/src/storage/sqlite-heads.ts): across reopening, compaction that deletes every
 * row, a failed batch, and a deleted board.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore, type PendingWrite } from '@koppelbord/server';
import { tempDataDir } from '../helpers/server.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dir: string): SqliteStore {
  const store = SqliteStore.open(dir, { durability: 'process-crash' });
  stores.push(store);
  return store;
}

const update = (value: number): Uint8Array => {
  const doc = new Y.Doc();
  doc.getMap('m').set('v', value);
  return Y.encodeStateAsUpdate(doc);
};

async function createBoard(store: SqliteStore, id: string): Promise<void> {
  await store.createBoard({ id, title: id, municipality: null, neighbourhood: null, language: 'nl', createdAt: new Date() }, update(0));
}

const write = (boardId: string, value: number): PendingWrite => ({ boardId, data: update(value) });
const seqsOf = async (store: SqliteStore, boardId: string) => (await store.readUpdatesAfter(boardId, 0)).updates.map((row) => row.seq);

describe('the SQLite log seqs', () => {
  it('are gapless per board within and across batches, and a reopened store goes on from the rows', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    let store = open(dir);
    await createBoard(store, 'a');
    await createBoard(store, 'b');
    expect(store.appendUpdates([write('a', 1)])).toEqual([2]);
    expect(store.appendUpdates([write('a', 2), write('b', 1), write('a', 3)])).toEqual([3, 2, 4]);
    expect(store.appendUpdates([write('b', 2)])).toEqual([3]);
    expect(await store.headSequences(['a', 'b', 'gone'])).toEqual(new Map([['a', 4], ['b', 3]]));

    // As after kill -9: nothing but the rows says how far the log went.
    await store.close();
    store = open(dir);
    expect((await store.loadDocument('a')).headSeq).toBe(4);
    expect(store.appendUpdates([write('a', 4)])).toEqual([5]);
    expect(await seqsOf(store, 'a')).toEqual([1, 2, 3, 4, 5]);
  });

  it('never hand out a seq again once compaction deleted every row', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    let store = open(dir);
    await createBoard(store, 'a');
    store.appendUpdates([write('a', 1), write('a', 2)]);
    await store.compact('a', { state: update(2), stateVector: new Uint8Array([0]) }, [1, 2, 3]);
    expect(await seqsOf(store, 'a')).toEqual([]);

    await store.close();
    store = open(dir);
    const read = await store.readUpdatesAfter('a', 0);
    expect(read.headSeq).toBe(3);
    // Rows 1..3 are gone: the reader gets the compacted state.
    expect(read.snapshot).not.toBeNull();
    expect(store.appendUpdates([write('a', 3)])).toEqual([4]);
  });

  it('leave no gap after a batch that failed, and give 0 to an update of a deleted board', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = open(dir);
    await createBoard(store, 'a');
    await createBoard(store, 'b');
    // The second row cannot be bound: the whole batch rolls back, the first row's seq too.
    expect(() => store.appendUpdates([write('a', 1), { boardId: 'a', data: { not: 'bytes' } as unknown as Uint8Array }])).toThrow();
    expect(() => store.appendUpdates([{ boardId: 'a', data: { not: 'bytes' } as unknown as Uint8Array }])).toThrow();
    expect(store.appendUpdates([write('a', 1)])).toEqual([2]);

    await store.deleteBoard('b', { boardId: 'b', action: 'board.delete', actor: { role: 'owner', name: null }, detail: {}, at: new Date() });
    expect(store.appendUpdates([write('b', 1)])).toEqual([0]);
    expect(store.appendUpdates([write('a', 2), write('b', 2)])).toEqual([3, 0]);
    expect(await seqsOf(store, 'a')).toEqual([1, 2, 3]);
  });
});
