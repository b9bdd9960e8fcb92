import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '@koppelbord/contract';
import { createMetrics } from '../src/metrics/index.ts';
import type { BoardStore, PendingWrite } from '../src/storage/index.ts';
import { BoardRoom } from '../src/sync/board-room.ts';
import { CommitPipeline } from '../src/sync/commit-pipeline.ts';
import { waitFor } from '../../../tests/helpers/wait.ts';
import { attachedClient, ClientDoc, nextTurn, roomContext, shapesAfter, silentLog, testClient } from './sync-fakes.ts';

/**
 * The part of a store the pipeline uses, in memory: it records each batch and hands out seqs
 * in order. Its writes can be made to fail (a full disk) or to answer asynchronously, each
 * when the test releases it (a networked store).
 */
class MemoryStore implements BoardStore {
  readonly batches: PendingWrite[][] = [];
  attempts = 0;
  failing = false;
  asynchronous = false;
  readonly #waiting: (() => void)[] = [];
  #nextId = 1;

  appendUpdates(batch: readonly PendingWrite[]): number[] | Promise<number[]> {
    this.attempts++;
    if (!this.asynchronous) return this.#write(batch);
    return new Promise((resolve, reject) => {
      this.#waiting.push(() => {
        try {
          resolve(this.#write(batch));
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  /** Lets the oldest waiting write finish. */
  release(): void {
    this.#waiting.shift()?.();
  }

  get waitingWrites(): number {
    return this.#waiting.length;
  }

  #write(batch: readonly PendingWrite[]): number[] {
    if (this.failing) throw new Error('SQLITE_FULL: database or disk is full');
    this.batches.push([...batch]);
    return batch.map(() => this.#nextId++);
  }

  createBoard = () => Promise.reject(new Error('not used by the pipeline'));
  getBoard = () => Promise.reject(new Error('not used by the pipeline'));
  loadDocument = () => Promise.reject(new Error('not used by the pipeline'));
  compact = () => Promise.reject(new Error('not used by the pipeline'));
  readUpdatesAfter = () => Promise.reject(new Error('not used by the pipeline'));
  headSequences = () => Promise.reject(new Error('not used by the pipeline'));
  releaseMemory = () => {};
  close = () => Promise.resolve();
}

const pipelines: CommitPipeline[] = [];
afterEach(() => {
  for (const pipeline of pipelines.splice(0)) pipeline.stop();
  vi.useRealTimers();
});

function setup(storeRetries = 1) {
  const store = new MemoryStore();
  const metrics = createMetrics();
  const committed: string[] = [];
  const pipeline = new CommitPipeline(store, metrics, silentLog, { storeRetries, onCommitted: (room) => committed.push(room.boardId) });
  pipelines.push(pipeline);
  const newRoom = (boardId: string) => new BoardRoom(boardId, { snapshot: null, updates: [], headSeq: 0 }, roomContext((room) => pipeline.schedule(room)));
  const commitFailures = async () => (await metrics.commitFailures.get()).values[0]?.value ?? 0;
  return { store, pipeline, committed, newRoom, commitFailures };
}

describe('CommitPipeline', () => {
  it('writes what every room applied in one turn as one batch, then broadcasts it', async () => {
    const { store, pipeline, committed, newRoom } = setup();
    const first = newRoom('board-1');
    const second = newRoom('board-2');
    const alice = attachedClient(first, 'editor');
    const bob = attachedClient(first, 'editor');
    const carol = attachedClient(second, 'editor');
    const firstViewer = attachedClient(first, 'viewer');
    const secondViewer = attachedClient(second, 'viewer');

    first.receive(alice.connection, new ClientDoc().set('a', 1));
    first.receive(bob.connection, new ClientDoc().set('b', 2));
    second.receive(carol.connection, new ClientDoc().set('c', 3));
    expect(pipeline.unpersisted).toBe(3);
    expect(store.attempts).toBe(0);

    await nextTurn();
    expect(store.batches.map((batch) => batch.map((write) => write.boardId))).toEqual([['board-1', 'board-1', 'board-2']]);
    expect(pipeline.unpersisted).toBe(0);
    expect(committed).toEqual(['board-1', 'board-2']);
    expect(shapesAfter(firstViewer.socket.takeSent())).toEqual({ a: 1, b: 2 });
    expect(shapesAfter(secondViewer.socket.takeSent())).toEqual({ c: 3 });

    second.receive(carol.connection, new ClientDoc().set('d', 4));
    await nextTurn();
    expect(store.batches).toHaveLength(2);
    expect(store.batches[1]!.map((write) => write.boardId)).toEqual(['board-2']);
  });

  it('retries a failing write, then reports the store down to the rooms; the next successful retry stores and broadcasts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, pipeline, newRoom, commitFailures } = setup(1);
    const room = newRoom('board-1');
    const editor = attachedClient(room, 'editor');
    const viewer = attachedClient(room, 'viewer');
    store.failing = true;

    room.receive(editor.connection, new ClientDoc().set('a', 1));
    await nextTurn();
    expect(store.attempts).toBe(1);
    // One failure is within the retries: the editor stays, and nobody sees the update.
    expect(editor.socket.closedWith).toBeUndefined();
    expect(viewer.socket.sent).toHaveLength(0);
    expect(pipeline.unpersisted).toBe(1);

    vi.advanceTimersByTime(50);
    await nextTurn();
    expect(store.attempts).toBe(2);
    expect(await commitFailures()).toBe(2);
    expect(editor.socket.closedWith?.code).toBe(CloseCode.tryAgainLater);
    expect(viewer.socket.closedWith).toBeUndefined();
    expect(viewer.socket.sent).toHaveLength(0);
    expect(room.sendAwayIfStoreDown(testClient('editor').connection)).toBe(true);

    store.failing = false;
    vi.advanceTimersByTime(100);
    await nextTurn();
    expect(store.batches).toHaveLength(1);
    expect(pipeline.unpersisted).toBe(0);
    expect(shapesAfter(viewer.socket.takeSent())).toEqual({ a: 1 });
    expect(room.sendAwayIfStoreDown(testClient('editor').connection)).toBe(false);
  });

  it('keeps batches in order: what arrives while a write is in flight goes in the next one, broadcast after it', async () => {
    const { store, newRoom } = setup();
    store.asynchronous = true;
    const room = newRoom('board-1');
    const editor = attachedClient(room, 'editor');
    const viewer = attachedClient(room, 'viewer');
    const client = new ClientDoc();

    room.receive(editor.connection, client.set('a', 1));
    await nextTurn();
    room.receive(editor.connection, client.set('b', 2));
    await nextTurn();
    // One write at a time.
    expect(store.waitingWrites).toBe(1);

    store.release();
    await nextTurn();
    const first = viewer.socket.takeSent();
    expect(shapesAfter(first)).toEqual({ a: 1 });
    await waitFor(() => store.waitingWrites === 1, 'the second write to start');

    store.release();
    await waitFor(() => !room.dirty, 'the second write to finish');
    expect(store.batches).toHaveLength(2);
    const second = viewer.socket.takeSent();
    expect(second).toHaveLength(1);
    expect(shapesAfter([...first, ...second])).toEqual({ a: 1, b: 2 });
    expect(room.compactionInput().mergedSeqs).toEqual([1, 2]);
  });

  it('drain stores what is pending, and says so when the store still fails at the deadline', async () => {
    const { store, pipeline, newRoom } = setup(100);
    const room = newRoom('board-1');
    const editor = attachedClient(room, 'editor');
    const viewer = attachedClient(room, 'viewer');
    store.failing = true;
    room.receive(editor.connection, new ClientDoc().set('a', 1));

    expect(await pipeline.drain(Date.now() + 100)).toBe(false);
    expect(pipeline.unpersisted).toBe(1);

    store.failing = false;
    expect(await pipeline.drain(Date.now() + 1_000)).toBe(true);
    expect(pipeline.unpersisted).toBe(0);
    expect(shapesAfter(viewer.socket.takeSent())).toEqual({ a: 1 });
  });
});
