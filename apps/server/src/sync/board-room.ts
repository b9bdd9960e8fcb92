import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { canEdit, CloseCode } from '@koppelbord/contract';
import type { Logger } from '../log.ts';
import type { RejectReason } from '../metrics/index.ts';
import type { PendingWrite, StoredDocument, StoredSnapshot } from '../storage/index.ts';
import type { SyncConnection } from './connection.ts';
import {
  decodeMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isEmptyUpdate,
  MalformedMessage,
} from './protocol.ts';
import type { TrafficCounters } from './traffic.ts';

/** What a room needs from the server around it. */
export interface RoomContext {
  /** Ask for a flush at the end of this event-loop turn. */
  schedule(room: BoardRoom): void;
  rejected(reason: RejectReason): void;
  traffic: TrafficCounters;
  log: Logger;
  maxDocumentBytes: number;
  /** Bytes of updates with missing dependencies a room may park in memory. */
  maxPendingStructBytes: number;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: SyncConnection | null;
}

/** Origin of the transaction that applies stored state: it is durable already, so not logged. */
const hydration = Symbol('hydration');

/** The state vector of a Y.Doc with no content. */
const isEmptyStateVector = (stateVector: Uint8Array) => stateVector.length === 1 && stateVector[0] === 0;

/**
 * One loaded board: its Y.Doc and awareness, the connections on it, and the updates that
 * are applied but not yet durable. Nothing leaves the room before it is durable: updates
 * wait in `#pending` until the commit pipeline has stored them, and a state-vector request
 * that arrives meanwhile is answered only after that commit.
 */
export class BoardRoom {
  readonly boardId: string;
  readonly #doc: Y.Doc;
  readonly awareness: Awareness;
  readonly connections = new Set<SyncConnection>();
  /** While the store is failing, new edits are refused and editors are sent away (1013). */
  writesBlocked = false;
  unloadTimer: NodeJS.Timeout | undefined;
  #destroyed = false;

  readonly #context: RoomContext;
  #pending: PendingUpdate[] = [];
  #pendingBytes = 0;
  /** Size of the batch handed to the store and not yet confirmed. */
  #inFlight = 0;
  /** Clients whose sync step 1 waits for pending updates to become durable. */
  #deferredSyncReplies: { connection: SyncConnection; stateVector: Uint8Array }[] = [];
  #awarenessChanged = new Set<number>();
  /**
   * A board loaded from a compacted snapshot keeps it unapplied until something needs the
   * Y.Doc: a joining client gets the stored bytes as they are, without the board being
   * parsed twice (applied here, encoded again) first. Hydrated right after the first join.
   */
  #cold: StoredSnapshot | null = null;
  /** Log rows (id → bytes) contained in the doc since the last compaction: deleted by id when compacted. */
  #logged = new Map<number, number>();
  #loggedBytes = 0;
  #snapshotBytes = 0;

  constructor(boardId: string, stored: StoredDocument, context: RoomContext) {
    this.boardId = boardId;
    this.#context = context;
    this.#doc = new Y.Doc({ gc: true });
    if (stored.snapshot && stored.updates.length === 0) {
      this.#cold = stored.snapshot;
    } else {
      // Load once: merge snapshot and tail, then apply a single update (never row by row).
      const parts = stored.updates.map((u) => u.data);
      if (stored.snapshot) parts.unshift(stored.snapshot.state);
      if (parts.length > 0) Y.applyUpdate(this.#doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), hydration);
    }
    this.#snapshotBytes = stored.snapshot?.state.byteLength ?? 0;
    for (const row of stored.updates) this.#addLogged(row.id, row.data.byteLength);

    this.awareness = new Awareness(this.#doc);
    // The server itself is not a participant.
    this.awareness.setLocalState(null);
    this.#doc.on('update', this.#onDocUpdate);
    this.awareness.on('update', this.#onAwarenessUpdate);
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  get storedBytes(): number {
    return this.#snapshotBytes + this.#loggedBytes;
  }

  get loggedRows(): number {
    return this.#logged.size;
  }

  get loggedBytes(): number {
    return this.#loggedBytes;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Dirty: holds updates that are not durable yet. Such a room may not be unloaded. */
  get dirty(): boolean {
    return this.#pending.length > 0;
  }

  attach(connection: SyncConnection): void {
    this.connections.add(connection);
    connection.send(encodeSyncStep1(this.#cold ? this.#cold.stateVector : Y.encodeStateVector(this.#doc)));
    if (this.awareness.getStates().size > 0) connection.send(this.#allAwareness());
  }

  /** Every known presence in one message (for joiners and query-awareness). */
  #allAwareness(): Buffer {
    return encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
  }

  detach(connection: SyncConnection): void {
    if (!this.connections.delete(connection)) return;
    this.#deferredSyncReplies = this.#deferredSyncReplies.filter((reply) => reply.connection !== connection);
    // Only ids this connection still owns: a reconnected client may have claimed them already.
    if (connection.clientIds.size > 0) removeAwarenessStates(this.awareness, [...connection.clientIds], connection);
  }

  /** Handles one binary frame from a client. Protocol errors close that connection only. */
  receive(connection: SyncConnection, data: Uint8Array): void {
    let message;
    try {
      message = decodeMessage(data);
    } catch (error) {
      this.#refuse(connection, 'malformed', CloseCode.policy, error instanceof MalformedMessage ? error.message : 'malformed message');
      return;
    }
    switch (message.kind) {
      case 'sync-step1':
        if (this.dirty) this.#deferredSyncReplies.push({ connection, stateVector: message.stateVector });
        else this.#answerSyncStep1(connection, message.stateVector);
        return;
      case 'sync-step2':
      case 'sync-update':
        this.#applyClientUpdate(connection, message.update);
        return;
      case 'awareness':
        try {
          applyAwarenessUpdate(this.awareness, message.update, connection);
        } catch {
          this.#refuse(connection, 'malformed', CloseCode.policy, 'malformed awareness update');
        }
        return;
      case 'query-awareness':
        connection.send(this.#allAwareness());
        return;
    }
  }

  #answerSyncStep1(connection: SyncConnection, stateVector: Uint8Array): void {
    if (this.#cold && isEmptyStateVector(stateVector)) {
      connection.send(encodeSyncStep2(this.#cold.state));
      setImmediate(() => this.#hydrate());
      return;
    }
    this.#hydrate();
    let diff: Uint8Array;
    try {
      diff = Y.encodeStateAsUpdate(this.#doc, stateVector);
    } catch {
      this.#refuse(connection, 'malformed', CloseCode.policy, 'malformed state vector');
      return;
    }
    connection.send(encodeSyncStep2(diff));
  }

  #applyClientUpdate(connection: SyncConnection, update: Uint8Array): void {
    if (!canEdit(connection.role)) {
      // The stock client re-sends a viewer's local edits on every reconnect: count, tell once, drop.
      if (isEmptyUpdate(update)) return;
      this.#context.rejected('viewer_write');
      if (!connection.permissionDeniedSent) {
        connection.permissionDeniedSent = true;
        connection.send(encodePermissionDenied('read-only: this link cannot edit the board'));
      }
      return;
    }
    if (this.writesBlocked) {
      connection.close(CloseCode.tryAgainLater, 'storage unavailable');
      return;
    }
    if (this.storedBytes + this.#pendingBytes + update.byteLength > this.#context.maxDocumentBytes) {
      this.#refuse(connection, 'document_too_big', CloseCode.tooBig, 'document size limit reached');
      return;
    }
    this.#context.traffic.updatesIn++;
    this.#hydrate();
    try {
      Y.applyUpdate(this.#doc, update, connection);
    } catch {
      // Whatever was integrated before the failure was emitted as a valid update and is kept.
      this.#refuse(connection, 'invalid_update', CloseCode.policy, 'invalid update');
      return;
    }
    const parked = this.#doc.store.pendingStructs;
    if (parked && parked.update.byteLength > this.#context.maxPendingStructBytes) {
      // Updates whose dependencies never arrive would otherwise grow memory without bound.
      this.#doc.store.pendingStructs = null;
      this.#refuse(connection, 'invalid_update', CloseCode.policy, 'too many updates with missing dependencies');
    }
  }

  #refuse(connection: SyncConnection, reason: RejectReason, code: number, message: string): void {
    this.#context.rejected(reason);
    this.#context.log.warn({ boardId: this.boardId, reason, code }, `closing connection: ${message}`);
    connection.close(code, message);
  }

  /** Applies a cold snapshot to the doc (once); every path that reads the doc calls this first. */
  #hydrate(): void {
    if (!this.#cold || this.#destroyed) return;
    const { state } = this.#cold;
    this.#cold = null;
    Y.applyUpdate(this.#doc, state, hydration);
  }

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === hydration) return;
    this.#pending.push({ update, origin: isConnection(origin, this) ? origin : null });
    this.#pendingBytes += update.byteLength;
    this.#context.schedule(this);
  };

  readonly #onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (isConnection(origin, this)) {
      for (const id of change.added) this.#claimClientId(origin, id);
      for (const id of change.updated) this.#claimClientId(origin, id);
      for (const id of change.removed) origin.clientIds.delete(id);
    }
    for (const id of change.added) this.#awarenessChanged.add(id);
    for (const id of change.updated) this.#awarenessChanged.add(id);
    for (const id of change.removed) this.#awarenessChanged.add(id);
    this.#context.schedule(this);
  };

  #claimClientId(owner: SyncConnection, clientId: number): void {
    if (owner.clientIds.has(clientId)) return;
    for (const other of this.connections) other.clientIds.delete(clientId);
    owner.clientIds.add(clientId);
  }

  /** The updates to write now; remembered until `committed` or `commitFailed`. */
  takeBatch(): PendingWrite[] {
    this.#inFlight = this.#pending.length;
    return this.#pending.map((entry) => ({ boardId: this.boardId, data: entry.update }));
  }

  commitFailed(): void {
    this.#inFlight = 0;
  }

  /**
   * The batch is durable: now, and only now, peers may see it. All of this turn's updates
   * go out as one merged message, encoded once. A peer that was the batch's only author gets
   * nothing back; when several peers wrote in one turn each gets the one merged message
   * (Yjs ignores the part it already has), which is cheaper than one encoding per author.
   */
  committed(rowIds: readonly number[]): void {
    const batch = this.#pending.splice(0, this.#inFlight);
    this.#inFlight = 0;
    let batchBytes = 0;
    const authors = new Set<SyncConnection | null>();
    for (const [index, entry] of batch.entries()) {
      batchBytes += entry.update.byteLength;
      authors.add(entry.origin);
      this.#addLogged(rowIds[index]!, entry.update.byteLength);
    }
    this.#pendingBytes -= batchBytes;
    this.writesBlocked = false;

    if (batch.length > 0) {
      const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((entry) => entry.update));
      const message = encodeUpdate(merged);
      const soleAuthor = authors.size === 1 ? authors.values().next().value : undefined;
      for (const connection of this.connections) {
        if (connection !== soleAuthor) connection.send(message);
      }
    }
    if (!this.dirty && this.#deferredSyncReplies.length > 0) {
      const replies = this.#deferredSyncReplies;
      this.#deferredSyncReplies = [];
      for (const reply of replies) this.#answerSyncStep1(reply.connection, reply.stateVector);
    }
  }

  /** Sends this turn's awareness changes as one message to everyone on the board. */
  flushAwareness(): void {
    if (this.#awarenessChanged.size === 0) return;
    const message = encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.#awarenessChanged]));
    this.#awarenessChanged.clear();
    for (const connection of this.connections) connection.send(message);
  }

  /** The full state and the log rows it contains; only valid while the room is clean. */
  compactionInput(): { snapshot: StoredSnapshot; mergedIds: number[] } {
    this.#hydrate();
    return {
      snapshot: { state: Y.encodeStateAsUpdate(this.#doc), stateVector: Y.encodeStateVector(this.#doc) },
      mergedIds: [...this.#logged.keys()],
    };
  }

  /** The store replaced the snapshot and deleted `mergedIds`; rows logged meanwhile stay counted. */
  compacted(stateBytes: number, mergedIds: readonly number[]): void {
    for (const id of mergedIds) {
      this.#loggedBytes -= this.#logged.get(id) ?? 0;
      this.#logged.delete(id);
    }
    this.#snapshotBytes = stateBytes;
  }

  #addLogged(id: number, bytes: number): void {
    this.#logged.set(id, bytes);
    this.#loggedBytes += bytes;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    clearTimeout(this.unloadTimer);
    this.#doc.off('update', this.#onDocUpdate);
    this.awareness.off('update', this.#onAwarenessUpdate);
    // Awareness runs a setInterval: destroy it too, or every unloaded board leaks a timer.
    this.awareness.destroy();
    this.#doc.destroy();
  }
}

function isConnection(origin: unknown, room: BoardRoom): origin is SyncConnection {
  return typeof origin === 'object' && origin !== null && room.connections.has(origin as SyncConnection);
}
