import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { waitFor } from '../../../tests/helpers/wait.ts';
import { createMetrics } from '../src/metrics/index.ts';
import { SqliteStore } from '../src/storage/sqlite-store.ts';
import type { BoardRoom } from '../src/sync/board-room.ts';
import { CommitPipeline } from '../src/sync/commit-pipeline.ts';
import { encodeSyncStep1 } from '../src/sync/protocol.ts';
import { RoomRegistry, type RoomRegistryOptions } from '../src/sync/room-registry.ts';
import { attachedClient, ClientDoc, roomContext, shapesAfter, silentLog, storedUpdate, type TestClient } from './sync-fakes.ts';

const boardId = 'board-1';
const graceMs = 1_000;

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A registry on a real SQLite store in a temp dir, wired as the sync service wires it: rooms
 * commit through a pipeline that asks the registry to compact. With `commits: false` rooms
 * never flush, so what they apply stays unstored (dirty) until the test stores it.
 */
async function setup(options: Partial<RoomRegistryOptions> = {}, { commits = true } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'koppelbord-registry-'));
  const store = SqliteStore.open(dir, { durability: 'process-crash' });
  const metrics = createMetrics();
  const pipeline = new CommitPipeline(store, metrics, silentLog, { storeRetries: 0, onCommitted: (room) => registry.maybeCompact(room) });
  const context = roomContext(commits ? (room) => pipeline.schedule(room) : () => {});
  const registry: RoomRegistry = new RoomRegistry(store, context, { unloadGraceMs: graceMs, compactRows: 1_000, compactBytes: 1 << 20, ...options }, metrics, silentLog);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close(), () => pipeline.stop(), () => registry.destroyAll());
  await store.createBoard({ id: boardId, title: 'Test', municipality: null, neighbourhood: null, createdAt: new Date(), language: 'nl' }, storedUpdate('seed', 1));
  const counter = async (name: 'boardLoads' | 'boardUnloads' | 'compactions') => (await metrics[name].get()).values[0]?.value ?? 0;
  return { store, registry, counter };
}

/** Joins as the sync service does: the room is kept from unloading, then the connection attaches. */
function join(registry: RoomRegistry, room: BoardRoom, role: 'editor' | 'viewer'): TestClient {
  registry.cancelRelease(room);
  return attachedClient(room, role);
}

function leave(registry: RoomRegistry, room: BoardRoom, client: TestClient): void {
  room.detach(client.connection);
  registry.releaseIfIdle(room);
}

/** The `shapes` of a board as a joiner receives it. */
function shapesOf(room: BoardRoom): Record<string, unknown> {
  const reader = attachedClient(room, 'viewer');
  room.receive(reader.connection, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  const shapes = shapesAfter(reader.socket.takeSent());
  room.detach(reader.connection);
  return shapes;
}

describe('RoomRegistry', () => {
  it('loads a board once for concurrent joins', async () => {
    const { store, registry, counter } = await setup();
    const loads = vi.spyOn(store, 'loadDocument');
    const rooms = await Promise.all([registry.acquire(boardId), registry.acquire(boardId), registry.acquire(boardId)]);
    expect(new Set(rooms).size).toBe(1);
    expect(await registry.acquire(boardId)).toBe(rooms[0]);
    expect(loads).toHaveBeenCalledOnce();
    expect(await counter('boardLoads')).toBe(1);
    expect(registry.size).toBe(1);
    expect(shapesOf(rooms[0]!)).toEqual({ seed: 1 });
  });

  it('unloads a room nobody joined after the grace period, compacting its log first', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const onIdle = vi.fn();
    const { store, registry, counter } = await setup({ onIdle });
    const room = await registry.acquire(boardId);

    await vi.advanceTimersByTimeAsync(graceMs - 1);
    expect(registry.isLoaded(boardId)).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(registry.isLoaded(boardId)).toBe(false);
    expect(room.destroyed).toBe(true);
    expect(onIdle).toHaveBeenCalledOnce();
    expect(await counter('boardUnloads')).toBe(1);
    const stored = await store.loadDocument(boardId);
    expect(stored.updates).toEqual([]);
    expect(stored.snapshot?.servable).toBe(true);

    // Loaded again, from the snapshot: a new room with the same board.
    const again = await registry.acquire(boardId);
    expect(again).not.toBe(room);
    expect(shapesOf(again)).toEqual({ seed: 1 });
  });

  it('keeps a room while someone is connected, and unloads it a grace period after the last one left', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { registry } = await setup();
    const room = await registry.acquire(boardId);
    const viewer = join(registry, room, 'viewer');
    // A second client loads the board too but never attaches (its upgrade failed).
    expect(await registry.acquire(boardId)).toBe(room);

    await vi.advanceTimersByTimeAsync(3 * graceMs);
    expect(registry.isLoaded(boardId)).toBe(true);

    leave(registry, room, viewer);
    await vi.advanceTimersByTimeAsync(graceMs);
    expect(registry.isLoaded(boardId)).toBe(false);
  });

  it('never unloads a room holding updates that are not stored yet', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, registry } = await setup({}, { commits: false });
    const room = await registry.acquire(boardId);
    const editor = join(registry, room, 'editor');
    room.receive(editor.connection, new ClientDoc().set('a', 1));
    leave(registry, room, editor);

    await vi.advanceTimersByTimeAsync(3 * graceMs);
    expect(registry.isLoaded(boardId)).toBe(true);
    expect(room.dirty).toBe(true);

    // Stored at last: the next grace period unloads it, and nothing is lost.
    const batch = room.takeBatch();
    room.markCommitted(await store.appendUpdates(batch));
    await vi.advanceTimersByTimeAsync(graceMs);
    expect(registry.isLoaded(boardId)).toBe(false);
    expect(shapesOf(await registry.acquire(boardId))).toEqual({ seed: 1, a: 1 });
  });

  it('compacts a board once its log passes the row threshold', async () => {
    const { store, registry, counter } = await setup({ compactRows: 3 });
    const room = await registry.acquire(boardId);
    const editor = join(registry, room, 'editor');
    const client = new ClientDoc();

    room.receive(editor.connection, client.set('a', 1));
    await waitFor(() => room.loggedRows === 2, 'the first edit to be stored');
    expect(await counter('compactions')).toBe(0);

    room.receive(editor.connection, client.set('b', 2));
    await waitFor(() => room.loggedRows === 0, 'the log to be compacted');
    expect(await counter('compactions')).toBe(1);
    const stored = await store.loadDocument(boardId);
    expect(stored.updates).toEqual([]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.snapshot!.state);
    expect(doc.getMap('shapes').toJSON()).toEqual({ seed: 1, a: 1, b: 2 });
  });

  it('does not compact a room holding unstored updates: the snapshot never runs ahead of the log', async () => {
    const { store, registry, counter } = await setup({}, { commits: false });
    const room = await registry.acquire(boardId);
    const editor = join(registry, room, 'editor');
    room.receive(editor.connection, new ClientDoc().set('a', 1));

    await registry.compact(room);
    expect(await counter('compactions')).toBe(0);
    expect((await store.loadDocument(boardId)).snapshot).toBeNull();
  });

  it('compacts every loaded board at shutdown, within the deadline', async () => {
    const { store, registry } = await setup();
    const room = await registry.acquire(boardId);
    expect(await registry.compactAll(Date.now() - 1)).toBe(0);
    expect(room.needsCompaction).toBe(true);

    expect(await registry.compactAll(Date.now() + 10_000)).toBe(1);
    expect(room.needsCompaction).toBe(false);
    expect((await store.loadDocument(boardId)).updates).toEqual([]);
  });
});
