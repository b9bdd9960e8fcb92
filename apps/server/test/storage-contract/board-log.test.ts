/**
 * The board half of the store contract (BoardStore in storage/types.ts), run unchanged
 * against every backend: per-board seqs, the log, compaction, the reads the cluster repairs
 * with.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PendingWrite } from '../../src/storage/index.ts';
import { backends, boardOf, freshStore, mapOf, range, update } from './backends.ts';

describe.each(backends)('$name store: boards and their update log', (backend) => {
  it('stores board metadata with its seeded document as seq 1, in one transaction', async () => {
    const { store } = await freshStore(backend);
    const createdAt = new Date('2026-11-28T10:00:00.000Z');
    const seed = update('seeded', 1);
    await store.createBoard(boardOf('b1', { title: 'Wijk Zuid', municipality: 'Leiden', createdAt, language: 'en' }), seed);
    expect(await store.getBoard('b1')).toEqual({ id: 'b1', title: 'Wijk Zuid', municipality: 'Leiden', neighbourhood: null, createdAt, language: 'en' });
    const loaded = await store.loadDocument('b1');
    expect(loaded.updates.map((row) => [row.seq, [...row.data]])).toEqual([[1, [...seed]]]);
    expect(loaded.headSeq).toBe(1);
    expect(await store.getBoard('nope')).toBeUndefined();
    // A duplicate id fails whole: no second log row either.
    await expect(store.createBoard(boardOf('b1', { title: 'dup' }), update('x', 2))).rejects.toThrow();
    expect((await store.loadDocument('b1')).updates).toHaveLength(1);
    expect((await store.listBoards()).map((board) => board.id)).toEqual(['b1']);
  });

  it('appends a batch for several boards in one call: per board gapless seqs in input order', async () => {
    const { store } = await freshStore(backend);
    await store.createBoard(boardOf('a'), update('seed', 0));
    await store.createBoard(boardOf('b'), update('seed', 0));
    const seqs = await store.appendUpdates([
      { boardId: 'b', data: update('y', 2) },
      { boardId: 'a', data: update('x', 1) },
      // No such board (deleted meanwhile): not stored, seq 0.
      { boardId: 'gone', data: update('w', 4) },
      { boardId: 'a', data: update('z', 3) },
    ]);
    expect(seqs).toEqual([2, 2, 0, 3]);
    expect(await store.appendUpdates([])).toEqual([]);
    const a = await store.loadDocument('a');
    expect(a).toMatchObject({ snapshot: null, headSeq: 3 });
    expect(a.updates.map((row) => row.seq)).toEqual([1, 2, 3]);
    expect(mapOf(a.updates.map((row) => row.data))).toEqual({ seed: 0, x: 1, z: 3 });
    expect(await store.loadDocument('gone')).toEqual({ snapshot: null, updates: [], headSeq: 0 });
    expect(await store.headSequences(['a', 'b', 'gone'])).toEqual(new Map([['a', 3], ['b', 2]]));
    expect(await store.headSequences([])).toEqual(new Map());
  });

  it('compaction deletes exactly the merged seqs; a row written after the read survives, and reopening sees the same', async () => {
    const { store, location } = await freshStore(backend);
    await store.createBoard(boardOf('a'), update('seed', 0));
    await store.appendUpdates([
      { boardId: 'a', data: update('x', 1) },
      { boardId: 'a', data: update('y', 2) },
    ]);
    const loaded = await store.loadDocument('a');
    // A row lands between reading and compacting (another writer, or this one's next turn).
    const [late] = await store.appendUpdates([{ boardId: 'a', data: update('late', 3) }]);
    const merged = Y.mergeUpdates(loaded.updates.map((row) => row.data));
    await store.compact('a', { state: merged, stateVector: Y.encodeStateVectorFromUpdate(merged) }, loaded.updates.map((row) => row.seq));

    const after = await store.loadDocument('a');
    expect(after.snapshot?.servable).toBe(true);
    expect([...after.snapshot!.stateVector]).toEqual([...Y.encodeStateVectorFromUpdate(merged)]);
    expect(after.updates.map((row) => row.seq)).toEqual([late]);
    expect(after.headSeq).toBe(4);
    expect(mapOf([after.snapshot!.state, ...after.updates.map((row) => row.data)])).toEqual({ seed: 0, x: 1, y: 2, late: 3 });
    await store.close();

    const reopened = await backend.open(location);
    const again = await reopened.loadDocument('a');
    expect(again.updates.map((row) => row.seq)).toEqual([late]);
    expect(again.headSeq).toBe(4);
    // Seqs go on from the head, never reusing a compacted one.
    expect(await reopened.appendUpdates([{ boardId: 'a', data: update('next', 4) }])).toEqual([5]);
  });

  it('readUpdatesAfter: the rows after a seq; the snapshot only when part of that range was compacted away', async () => {
    const { store } = await freshStore(backend);
    await store.createBoard(boardOf('a'), update('s', 0));
    await store.appendUpdates(range(1, 5).map((value) => ({ boardId: 'a', data: update(`k${value}`, value) })));
    // Log 1..6, nothing compacted.
    const all = await store.readUpdatesAfter('a', 0);
    expect(all.headSeq).toBe(6);
    expect(all.updates.map((row) => row.seq)).toEqual(range(1, 6));
    expect(all.snapshot).toBeNull();
    expect((await store.readUpdatesAfter('a', 4)).updates.map((row) => row.seq)).toEqual([5, 6]);
    expect(await store.readUpdatesAfter('a', 6)).toEqual({ headSeq: 6, updates: [], snapshot: null });

    // Compact 1..4: a reader at 2 misses 3 and 4 from the log, and gets the snapshot.
    const loaded = await store.loadDocument('a');
    const first = loaded.updates.slice(0, 4);
    const state = Y.mergeUpdates(first.map((row) => row.data));
    await store.compact('a', { state, stateVector: Y.encodeStateVectorFromUpdate(state) }, first.map((row) => row.seq));
    const behind = await store.readUpdatesAfter('a', 2);
    expect(behind.headSeq).toBe(6);
    expect(behind.updates.map((row) => row.seq)).toEqual([5, 6]);
    expect(behind.snapshot).not.toBeNull();
    // Snapshot plus rows bring a doc that had everything up to 2 to the head.
    expect(mapOf([...loaded.updates.slice(0, 2).map((row) => row.data), behind.snapshot!.state, ...behind.updates.map((row) => row.data)])).toEqual(
      mapOf(loaded.updates.map((row) => row.data)),
    );
    // A reader at 4 or later misses nothing: no snapshot.
    expect((await store.readUpdatesAfter('a', 4)).snapshot).toBeNull();
    // A gap in the middle (not a prefix) is seen too.
    await store.compact('a', { state, stateVector: Y.encodeStateVectorFromUpdate(state) }, [5]);
    expect((await store.readUpdatesAfter('a', 4)).snapshot).not.toBeNull();
    expect((await store.readUpdatesAfter('a', 5)).snapshot).toBeNull();
    expect(await store.readUpdatesAfter('nope', 0)).toEqual({ headSeq: 0, updates: [], snapshot: null });
  });

  it('seqs stay gapless and in commit order with several stores appending to one board at once', async () => {
    const location = await backend.location();
    const stores = await backend.peers(location, 3);
    await stores[0]!.createBoard(boardOf('hot'), update('seed', 0));
    await stores[0]!.createBoard(boardOf('side'), update('seed', 0));
    const rounds = 40;
    const returned: number[][] = [];
    // Each store writes its batches one after the other, all three at once; each batch has
    // two rows of the hot board and sometimes one of another board.
    await Promise.all(
      stores.map(async (store, writer) => {
        for (let round = 0; round < rounds; round++) {
          const batch: PendingWrite[] = [
            { boardId: 'hot', data: update(`w${writer}r${round}a`, round) },
            { boardId: 'hot', data: update(`w${writer}r${round}b`, round) },
          ];
          if (round % 3 === writer) batch.push({ boardId: 'side', data: update(`w${writer}r${round}`, round) });
          const seqs = await store.appendUpdates(batch);
          returned.push(seqs.slice(0, 2));
          // Within a batch, one board's rows are consecutive and in input order.
          expect(seqs[1]).toBe(seqs[0]! + 1);
        }
      }),
    );
    const hot = await stores[0]!.loadDocument('hot');
    const expected = range(1, 1 + rounds * 3 * 2);
    expect(hot.headSeq).toBe(expected.length);
    expect(hot.updates.map((row) => row.seq)).toEqual(expected);
    expect(returned.flat().sort((x, y) => x - y)).toEqual(range(2, expected.length));
    // Every write is there, and the replay holds all of them.
    expect(Object.keys(mapOf(hot.updates.map((row) => row.data)))).toHaveLength(expected.length);
    const side = await stores[1]!.loadDocument('side');
    expect(side.updates.map((row) => row.seq)).toEqual(range(1, side.headSeq));
  });

  it('compaction removes exactly the merged seqs while other stores keep appending', async () => {
    const location = await backend.location();
    const [compactor, ...writers] = await backend.peers(location, 3);
    await compactor!.createBoard(boardOf('a'), update('seed', 0));
    let writing = true;
    const written: string[] = [];
    const writes = writers.map(async (store, writer) => {
      for (let round = 0; writing && round < 200; round++) {
        const key = `w${writer}r${round}`;
        await store!.appendUpdates([{ boardId: 'a', data: update(key, round) }]);
        written.push(key);
      }
    });
    // Compact a few times while the writers go on: each time what was read so far.
    for (let pass = 0; pass < 5; pass++) {
      const loaded = await compactor!.loadDocument('a');
      const parts = [...(loaded.snapshot ? [loaded.snapshot.state] : []), ...loaded.updates.map((row) => row.data)];
      const state = Y.mergeUpdates(parts);
      await compactor!.compact('a', { state, stateVector: Y.encodeStateVectorFromUpdate(state) }, loaded.updates.map((row) => row.seq));
    }
    writing = false;
    await Promise.all(writes);
    const after = await compactor!.loadDocument('a');
    const keys = Object.keys(mapOf([...(after.snapshot ? [after.snapshot.state] : []), ...after.updates.map((row) => row.data)]));
    expect(keys.sort()).toEqual(['seed', ...written].sort());
    // The rows left are exactly the tail after the last compaction: contiguous up to the head.
    const seqs = after.updates.map((row) => row.seq);
    expect(seqs).toEqual(range(after.headSeq - seqs.length + 1, after.headSeq));
    expect(after.headSeq).toBe(1 + written.length);
  });

  it('keeps updates of every size byte for byte', async () => {
    const { store } = await freshStore(backend);
    await store.createBoard(boardOf('a'), new Uint8Array([0, 0]));
    const big = new Y.Doc();
    big.getMap('m').set('blob', 'x'.repeat(2_000_000));
    const bigUpdate = Y.encodeStateAsUpdate(big);
    await store.appendUpdates([{ boardId: 'a', data: bigUpdate }, { boardId: 'a', data: update('small', 1) }]);
    store.releaseMemory();
    const loaded = await store.loadDocument('a');
    expect(Buffer.from(loaded.updates[1]!.data).equals(Buffer.from(bigUpdate))).toBe(true);
    expect(mapOf(loaded.updates.map((row) => row.data))).toMatchObject({ small: 1 });
  });
});

