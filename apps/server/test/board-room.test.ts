import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '@koppelbord/contract';
import * as Y from 'yjs';
import { awarenessUpdate } from '../../../tests/fuzz/awareness.ts';
import { BoardRoom } from '../src/sync/board-room.ts';
import { encodeAwareness, encodeSyncStep1 } from '../src/sync/protocol.ts';
import { attachedClient, ClientDoc, roomContext, shapesAfter, storedUpdate, testClient } from './sync-fakes.ts';

const emptyStateVector = Y.encodeStateVector(new Y.Doc());

/** A room on an empty board whose flush requests are counted, never carried out: the test commits by hand. */
function newRoom() {
  let scheduled = 0;
  const room = new BoardRoom('board-1', { snapshot: null, updates: [], headSeq: 0 }, roomContext(() => scheduled++));
  return { room, scheduled: () => scheduled };
}

/** Stores what the room holds, as the commit pipeline would: takes the batch and confirms it with seqs. */
function commit(room: BoardRoom, firstSeq = 1): number {
  const batch = room.takeBatch();
  room.markCommitted(batch.map((_, index) => firstSeq + index));
  return batch.length;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('BoardRoom', () => {
  it('greets a joiner with its state vector', () => {
    const { room } = newRoom();
    const { connection, socket } = testClient('editor');
    room.attach(connection);
    expect(socket.takeSent()).toEqual([{ kind: 'sync-step1', stateVector: emptyStateVector }]);
    expect(room.connectionCount).toBe(1);
  });

  it('keeps an update from the peers until it is committed, then sends it to all but its author', () => {
    const { room, scheduled } = newRoom();
    const author = attachedClient(room, 'editor');
    const peer = attachedClient(room, 'viewer');
    const client = new ClientDoc();

    room.receive(author.connection, client.set('a', 1));
    expect(room.dirty).toBe(true);
    expect(room.unstoredCount).toBe(1);
    expect(scheduled()).toBeGreaterThan(0);
    expect(peer.socket.sent).toHaveLength(0);

    const batch = room.takeBatch();
    expect(batch).toHaveLength(1);
    expect(batch[0]!.boardId).toBe('board-1');
    expect(peer.socket.sent).toHaveLength(0);

    room.markCommitted([7]);
    expect(room.dirty).toBe(false);
    expect(room.loggedRows).toBe(1);
    const received = peer.socket.takeSent();
    expect(received.map((message) => message.kind)).toEqual(['sync-update']);
    expect(shapesAfter(received)).toEqual({ a: 1 });
    // The batch's only author already has it.
    expect(author.socket.sent).toHaveLength(0);
  });

  it('sends what several peers wrote in one batch as one merged message to everyone', () => {
    const { room } = newRoom();
    const alice = attachedClient(room, 'editor');
    const bob = attachedClient(room, 'editor');
    const viewer = attachedClient(room, 'viewer');
    room.receive(alice.connection, new ClientDoc().set('a', 1));
    room.receive(bob.connection, new ClientDoc().set('b', 2));
    expect(commit(room)).toBe(2);
    for (const { socket } of [alice, bob, viewer]) {
      const received = socket.takeSent();
      expect(received).toHaveLength(1);
      expect(shapesAfter(received)).toEqual({ a: 1, b: 2 });
    }
  });

  it('answers a state request that arrives while updates are unstored only after they are committed', () => {
    const { room } = newRoom();
    const author = attachedClient(room, 'editor');
    const joiner = attachedClient(room, 'viewer');
    room.receive(author.connection, new ClientDoc().set('a', 1));

    room.receive(joiner.connection, encodeSyncStep1(emptyStateVector));
    expect(joiner.socket.sent).toHaveLength(0);

    commit(room);
    const received = joiner.socket.takeSent();
    expect(received.map((message) => message.kind)).toEqual(['sync-update', 'sync-step2']);
    expect(shapesAfter(received.slice(1))).toEqual({ a: 1 });
  });

  it('answers a state request at once while nothing is unstored', () => {
    const room = new BoardRoom('board-1', { snapshot: null, updates: [{ seq: 1, data: storedUpdate('stored', 1) }], headSeq: 1 }, roomContext());
    const joiner = attachedClient(room, 'viewer');
    room.receive(joiner.connection, encodeSyncStep1(emptyStateVector));
    const received = joiner.socket.takeSent();
    expect(received.map((message) => message.kind)).toEqual(['sync-step2']);
    expect(shapesAfter(received)).toEqual({ stored: 1 });
  });

  it('drops a viewer’s edits and tells it once', () => {
    const { room } = newRoom();
    const viewer = attachedClient(room, 'viewer');
    const client = new ClientDoc();
    room.receive(viewer.connection, client.set('a', 1));
    room.receive(viewer.connection, client.set('b', 2));
    expect(room.dirty).toBe(false);
    expect(viewer.socket.takeSent()).toEqual([{ kind: 'permission-denied' }]);
    expect(viewer.socket.closedWith).toBeUndefined();
  });

  describe('while the store is down', () => {
    it('sends its editors away with 1013, keeps its viewers, and refuses new editors', () => {
      const { room } = newRoom();
      const editor = attachedClient(room, 'editor');
      const owner = attachedClient(room, 'owner');
      const viewer = attachedClient(room, 'viewer');
      room.receive(editor.connection, new ClientDoc().set('a', 1));
      room.takeBatch();
      room.markCommitFailed();
      expect(editor.socket.closedWith).toBeUndefined();

      room.markStoreDown();
      expect(editor.socket.closedWith).toEqual({ code: CloseCode.tryAgainLater, reason: 'storage unavailable' });
      expect(owner.socket.closedWith?.code).toBe(CloseCode.tryAgainLater);
      expect(viewer.socket.closedWith).toBeUndefined();
      // Nothing was stored, so nothing was shown.
      expect(viewer.socket.sent).toHaveLength(0);
      expect(room.unstoredCount).toBe(1);

      const newEditor = testClient('editor');
      expect(room.sendAwayIfStoreDown(newEditor.connection)).toBe(true);
      expect(newEditor.socket.closedWith?.code).toBe(CloseCode.tryAgainLater);
      expect(room.sendAwayIfStoreDown(testClient('viewer').connection)).toBe(false);
    });

    it('refuses an edit, and accepts edits again once a commit succeeds', () => {
      const { room } = newRoom();
      const viewer = attachedClient(room, 'viewer');
      const first = attachedClient(room, 'editor');
      room.receive(first.connection, new ClientDoc().set('a', 1));
      room.takeBatch();
      room.markCommitFailed();
      room.markStoreDown();

      // An editor that got in regardless (its socket opened as the store went down).
      const late = attachedClient(room, 'editor');
      room.receive(late.connection, new ClientDoc().set('late', 1));
      expect(late.socket.closedWith?.code).toBe(CloseCode.tryAgainLater);
      expect(room.unstoredCount).toBe(1);

      // The retry stores the update that was kept: the outage is over.
      commit(room);
      expect(shapesAfter(viewer.socket.takeSent())).toEqual({ a: 1 });
      const back = testClient('editor');
      expect(room.sendAwayIfStoreDown(back.connection)).toBe(false);
      room.attach(back.connection);
      room.receive(back.connection, new ClientDoc().set('b', 2));
      expect(back.socket.closedWith).toBeUndefined();
      expect(room.unstoredCount).toBe(1);
    });
  });

  describe('detach', () => {
    it('forgets a connection: no deferred reply, no broadcast, its presence removed for the others', () => {
      const { room, scheduled } = newRoom();
      const author = attachedClient(room, 'editor');
      const leaving = attachedClient(room, 'viewer');
      const staying = attachedClient(room, 'viewer');
      room.receive(leaving.connection, encodeAwareness(awarenessUpdate([{ clientId: 42, clock: 1, json: '{"user":"Leaving"}' }])));
      room.flushAwareness();
      staying.socket.takeSent();
      leaving.socket.takeSent();
      author.socket.takeSent();
      room.receive(author.connection, new ClientDoc().set('a', 1));
      room.receive(leaving.connection, encodeSyncStep1(emptyStateVector));

      const before = scheduled();
      room.detach(leaving.connection);
      room.detach(leaving.connection);
      expect(room.connectionCount).toBe(2);
      expect(scheduled()).toBeGreaterThan(before);

      room.flushAwareness();
      const removal = staying.socket.takeSent();
      expect(removal.map((message) => message.kind)).toEqual(['awareness']);
      commit(room);
      expect(leaving.socket.sent).toHaveLength(0);
      expect(shapesAfter(staying.socket.takeSent())).toEqual({ a: 1 });
    });

    it('destroy cancels an armed unload', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { room } = newRoom();
      const unload = vi.fn();
      room.scheduleUnload(1_000, unload);
      room.destroy();
      vi.advanceTimersByTime(2_000);
      expect(unload).not.toHaveBeenCalled();
      expect(room.destroyed).toBe(true);
    });

    it('re-arming the unload replaces the timer armed before', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { room } = newRoom();
      const first = vi.fn();
      const second = vi.fn();
      room.scheduleUnload(1_000, first);
      room.scheduleUnload(1_000, second);
      vi.advanceTimersByTime(1_000);
      expect(first).not.toHaveBeenCalled();
      expect(second).toHaveBeenCalledOnce();
      room.scheduleUnload(1_000, first);
      room.cancelUnload();
      vi.advanceTimersByTime(1_000);
      expect(first).not.toHaveBeenCalled();
    });
  });

  it('counts a compaction: merged rows leave the log, rows logged meanwhile stay', () => {
    const room = new BoardRoom('board-1', { snapshot: null, updates: [{ seq: 1, data: storedUpdate('a', 1) }, { seq: 2, data: storedUpdate('b', 2) }], headSeq: 2 }, roomContext());
    expect(room.needsCompaction).toBe(true);
    const { snapshot, mergedSeqs } = room.compactionInput();
    expect(mergedSeqs).toEqual([1, 2]);
    const editor = attachedClient(room, 'editor');
    room.receive(editor.connection, new ClientDoc().set('c', 3));
    commit(room, 3);

    room.markCompacted(snapshot.state.byteLength, mergedSeqs);
    expect(room.loggedRows).toBe(1);
    expect(room.needsCompaction).toBe(true);
    expect(room.compactionInput().mergedSeqs).toEqual([3]);
  });
});
