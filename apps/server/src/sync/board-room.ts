import * as Y from 'yjs';
import { canEdit, CloseCode, type Role } from '@koppelbord/contract';
import type { Logger } from '../log.ts';
import type { RejectReason, RevertReason } from '../metrics/index.ts';
import type { PendingWrite, StoredDocument, StoredSnapshot } from '../storage/index.ts';
import type { SyncConnection } from './connection.ts';
import { PendingUpdates, type PendingLimits } from './pending-updates.ts';
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
import { RecordGuard, type RecordGuardOptions } from './record-guard.ts';
import { RemotePresence } from './remote-presence.ts';
import { commentRule } from './comment-guard.ts';
import { scaffoldRule } from './scaffold-guard.ts';
import { presenterPolicy } from '../facilitation/presenter.ts';
import { timerRule } from '../facilitation/timer-rule.ts';
import { votingRules } from '../voting/voting-guard.ts';
import { AwarenessRefused, RoomAwareness, type AwarenessLimits } from './room-awareness.ts';
import type { TrafficCounters } from './traffic.ts';
import { InvalidUpdate, prepareUpdate, type UpdateCheckLimits } from './update-check.ts';

export interface RoomLimits {
  maxDocumentBytes: number;
  updates: UpdateCheckLimits;
  pending: PendingLimits;
  awareness: AwarenessLimits;
}

/** What a room needs from the server around it. */
export interface RoomContext {
  /** Ask for a flush at the end of this event-loop turn. */
  schedule(room: BoardRoom): void;
  rejected(reason: RejectReason): void;
  reverted(reason: RevertReason, count: number): void;
  /**
   * A write was refused: records put back (`count` of them), or a viewer's update dropped (once
   * per connection). For the audit log; `role` is the writer's when the transaction was applied,
   * null when its author had left (an update that waited for its dependencies). `author` is its
   * connection then, if it is still open (the audit log names the invite it came in with).
   */
  refusedWrite(boardId: string, role: Role | null, reason: RevertReason | 'viewer_write', count: number, author?: SyncConnection | null): void;
  /** Scaffolding was locked or unlocked (`count` records in one transaction): the audit log. */
  lockChanged(boardId: string, role: Role | null, locked: boolean, count: number, author: SyncConnection | null): void;
  pendingDropped(count: number): void;
  /** Stored state was applied to the room's Y.Doc (at load, or when a cold board is first needed). */
  parsed(): void;
  /** The whole doc was encoded for a client that holds nothing (kept until the doc next changes). */
  encodedFullState(): void;
  traffic: TrafficCounters;
  log: Logger;
  /** The board schema records are validated with. */
  schema: RecordGuardOptions['schema'];
  limits: RoomLimits;
  /**
   * Several instances (cluster fan-out): told of each commit with its seqs and the batch merged
   * into one update (null when merging failed: peers read the store), and of each turn's
   * presence changes of this instance's clients.
   */
  cluster?: {
    committed(room: BoardRoom, seqs: readonly number[], update: Uint8Array | null): void;
    awarenessChanged(room: BoardRoom, update: Uint8Array): void;
  } | undefined;
}

interface UnstoredUpdate {
  update: Uint8Array;
  origin: SyncConnection | null;
}

/** Origin of the transaction that applies stored state: it is durable already, so not logged. */
const hydration = Symbol('hydration');
/** Origin of a change the server makes itself (a revert): logged and broadcast like a client's. */
const serverChange = Symbol('server-change');
/**
 * Origin of updates another instance committed (cluster fan-out): checked there and durable
 * already, so neither checked nor stored again here; only sent on to this instance's clients.
 */
const remoteCommit = Symbol('remote-commit');

/** What a session (from the first participant joining to the last leaving) did. */
export interface RoomSession {
  /** Whether any change was committed during the session. */
  changed: boolean;
  /** The awareness states (JSON text) participants published during the session, each with the role of its connection. */
  awareness: SessionPresence[];
}

export interface SessionPresence {
  state: string;
  /** The role the server gave the connection (a state's own `role` field is the client's say). */
  role: Role;
}

/** Presence states kept per session, at most (a session with more participants keeps the first). */
const maxSessionStates = 500;

/** The state vector of a Y.Doc with no content. */
const isEmptyStateVector = (stateVector: Uint8Array) => stateVector.length === 1 && stateVector[0] === 0;

/**
 * One loaded board: its Y.Doc and awareness, the connections on it, and the updates that
 * are applied but not yet durable. Nothing leaves the room before it is durable: updates
 * wait in `#unstored` until the commit pipeline has stored them, and a state-vector request
 * that arrives meanwhile is answered only after that commit.
 *
 * Nothing a client sends reaches the doc unchecked: each update is checked before it is
 * applied (update-check.ts), what it leaves waiting for missing dependencies is kept apart
 * (pending-updates.ts), and invalid records it writes, and changes to locked scaffolding by
 * anyone but the owner, comments written under someone else's participant id, any client's
 * write of the facilitation timer or of voting rounds (the server's alone), and votes under
 * another participant's id are put back in the same commit (record-guard.ts,
 * scaffold-guard.ts, comment-guard.ts, facilitation/timer-rule.ts, voting/voting-guard.ts).
 * Awareness is held per owner and within limits, with the facilitation field only from an
 * owner's connection and a presence only under its sender's own user id (room-awareness.ts,
 * facilitation/presenter.ts).
 */
export class BoardRoom {
  readonly boardId: string;
  readonly #doc: Y.Doc;
  readonly #awareness: RoomAwareness<SyncConnection>;
  /** Presence of the board's participants on other instances (cluster). */
  readonly #remotePresence = new RemotePresence();
  readonly #pendingUpdates: PendingUpdates<SyncConnection>;
  readonly #guard: RecordGuard;
  readonly #connections = new Set<SyncConnection>();
  /**
   * Set when the commit pipeline gives up retrying the store, cleared by the next commit that
   * succeeds. Meanwhile editors are sent away (1013) and none are let in, because accepting
   * edits that cannot be stored would only grow what a crash loses; viewers stay.
   */
  #storeDown = false;
  /** Armed by the registry while nobody is connected: unloads the room when it fires. */
  #unloadTimer: NodeJS.Timeout | undefined;
  #destroyed = false;
  /** Set by every commit, reset when a session starts (see RoomSession). */
  #sessionChanged = false;
  /** Last awareness states of the session's participants who already left. */
  #sessionAwareness = new Map<string, SessionPresence>();
  /** Resolved by the first commit after which nothing applied is waiting to be stored. */
  #durableWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  readonly #context: RoomContext;
  #unstored: UnstoredUpdate[] = [];
  #unstoredBytes = 0;
  /** Size of the batch handed to the store and not yet confirmed. */
  #inFlight = 0;
  /** Clients whose sync step 1 waits for pending updates to become durable. */
  #deferredSyncReplies: { connection: SyncConnection; stateVector: Uint8Array; join: boolean }[] = [];
  /**
   * Connections whose changes under a client id another participant held were left out, by
   * that id: once the id is free they are asked to send what the server lacks (a client that
   * reconnected while its old, dead connection still held its id gets its edits in that way).
   */
  readonly #waitingForId = new Map<number, Set<SyncConnection>>();
  /**
   * A board loaded from a compacted snapshot keeps it unapplied until something needs the
   * Y.Doc — an edit, a returning client's diff, a server read: joining clients get the stored
   * bytes as they are, and a session that only looks (or joins and leaves) never parses the
   * board, so its unload costs nothing either. The price is the parse on the first edit.
   */
  #cold: StoredSnapshot | null = null;
  /**
   * The answer to a client that holds nothing (a first visit) once the doc is loaded: the whole
   * board, encoded once per version of the doc rather than once per join (1.7 MB and ~40 ms for
   * 2,000 shapes, on the joining page's critical path); dropped at the doc's next change.
   */
  #fullStateReply: Uint8Array | null = null;
  /** Log rows (seq → bytes) contained in the doc since the last compaction: deleted by seq when compacted. */
  #logged = new Map<number, number>();
  #loggedBytes = 0;
  #snapshotBytes = 0;
  /** False for a snapshot stored by an older version: compacted again when the board unloads. */
  #snapshotServable = true;

  constructor(boardId: string, stored: StoredDocument, context: RoomContext) {
    this.boardId = boardId;
    this.#context = context;
    this.#doc = new Y.Doc({ gc: true });
    this.#awareness = new RoomAwareness(context.limits.awareness, presenterPolicy);
    this.#pendingUpdates = new PendingUpdates(context.limits.pending);
    this.#guard = new RecordGuard(this.#doc, {
      schema: context.schema,
      trusted: (origin) => origin === hydration || origin === remoteCommit,
      // Read at the time of each transaction: a connection's role can change while it is open.
      rules: [
        scaffoldRule((origin) => origin === serverChange || this.#connectionOf(origin)?.role === 'owner', (origin, locked) => this.#noteLockChange(origin, locked)),
        timerRule((origin) => origin === serverChange),
        // A comment's author is the writing connection's participant (derived from its key).
        commentRule((origin) => origin === serverChange, (origin) => this.#connectionOf(origin)?.participantId ?? null),
        // Voting rounds are the server's to write; legacy votes each participant's own (voting/voting-guard.ts).
        ...votingRules((origin) => origin === serverChange, (origin) => this.#connectionOf(origin)?.participantId ?? null),
      ],
      onRevert: (reason, ids, problem, origin) => {
        context.reverted(reason, ids.length);
        const author = this.#connectionOf(origin) ?? null;
        context.refusedWrite(boardId, author?.role ?? null, reason, ids.length, author);
        context.log.warn({ boardId, reason, records: ids.slice(0, 5), count: ids.length, problem: problem.slice(0, 200) }, 'put back records that fail validation');
      },
    });
    if (stored.snapshot?.servable && stored.updates.length === 0) {
      this.#cold = stored.snapshot;
    } else {
      const parts = stored.updates.map((u) => u.data);
      if (stored.snapshot) parts.unshift(stored.snapshot.state);
      this.#load(parts);
    }
    this.#snapshotBytes = stored.snapshot?.state.byteLength ?? 0;
    this.#snapshotServable = stored.snapshot?.servable ?? true;
    for (const row of stored.updates) this.#addLogged(row.seq, row.data.byteLength);
    this.#doc.on('update', this.#onDocUpdate);
  }

  /**
   * Applies stored state: merged into one update (never row by row), unless that fails —
   * then part by part, skipping what cannot be applied. Anything left waiting for missing
   * dependencies (stored by an older version) is dropped, never served.
   */
  #load(parts: Uint8Array[]): void {
    if (parts.length === 0) return;
    this.#context.parsed();
    try {
      Y.applyUpdate(this.#doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), hydration);
    } catch (error) {
      this.#context.log.error({ err: error, boardId: this.boardId }, 'stored board does not apply as a whole; loading it part by part');
      for (const part of parts) {
        try {
          Y.applyUpdate(this.#doc, part, hydration);
        } catch (partError) {
          this.#context.log.error({ err: partError, boardId: this.boardId, bytes: part.byteLength }, 'skipped a stored update that does not apply');
        }
      }
    }
    this.#dropStoredPending();
  }

  #dropStoredPending(): void {
    const { store } = this.#doc;
    if (!store.pendingStructs && !store.pendingDs) return;
    this.#context.log.warn({ boardId: this.boardId }, 'stored board held updates with missing dependencies; they are left out');
    store.pendingStructs = null;
    store.pendingDs = null;
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

  /** Whether unloading should compact: log rows to merge, or a stored snapshot to write again. */
  get needsCompaction(): boolean {
    return this.#logged.size > 0 || !this.#snapshotServable;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  get unstoredCount(): number {
    return this.#unstored.length;
  }

  /** Dirty: holds updates that are not durable yet. Such a room may not be unloaded. */
  get dirty(): boolean {
    return this.#unstored.length > 0;
  }

  attach(connection: SyncConnection): void {
    if (this.#connections.size === 0) {
      this.#sessionChanged = false;
      this.#sessionAwareness = new Map();
    }
    this.#connections.add(connection);
    connection.send(encodeSyncStep1(this.#cold ? this.#cold.stateVector : Y.encodeStateVector(this.#doc)));
    if (this.#awareness.size > 0) connection.send(encodeAwareness(this.#awareness.encodeAll()));
    const remote = this.#remotePresence.encodeAll();
    if (remote) connection.send(encodeAwareness(remote));
  }

  detach(connection: SyncConnection): void {
    if (!this.#connections.delete(connection)) return;
    for (const state of this.#awareness.statesOf(connection)) {
      if (this.#sessionAwareness.size < maxSessionStates) this.#sessionAwareness.set(`${connection.role}:${state}`, { state, role: connection.role });
    }
    this.#deferredSyncReplies = this.#deferredSyncReplies.filter((reply) => reply.connection !== connection);
    this.#awareness.release(connection, Date.now());
    if (this.#awareness.hasChanges) this.#context.schedule(this);
    this.#pendingUpdates.orphan(connection);
    for (const [clientId, waiting] of this.#waitingForId) {
      waiting.delete(connection);
      if (waiting.size === 0) this.#waitingForId.delete(clientId);
    }
  }

  /** The open connection that announced presence id `clientId` (the participant list's id), if any. */
  connectionOf(clientId: number): SyncConnection | undefined {
    const owner = this.#awareness.ownerOf(clientId);
    return owner !== null && this.#connections.has(owner) ? owner : undefined;
  }

  /** Its open connections (a copy: closing them while iterating is safe). */
  openConnections(): SyncConnection[] {
    return [...this.#connections];
  }

  /** Lock changes of the transaction being checked, reported together once it is done. */
  #lockChanges: { author: SyncConnection | null; locked: boolean; count: number } | null = null;

  #noteLockChange(origin: unknown, locked: boolean): void {
    if (this.#lockChanges) {
      this.#lockChanges.count++;
      return;
    }
    this.#lockChanges = { author: this.#connectionOf(origin), locked, count: 1 };
    queueMicrotask(() => {
      const changes = this.#lockChanges!;
      this.#lockChanges = null;
      this.#context.lockChanged(this.boardId, changes.author?.role ?? null, changes.locked, changes.count, changes.author);
    });
  }

  /** The session so far: whether it changed the board, and who took part (also those still connected). */
  session(): RoomSession {
    const awareness = new Map(this.#sessionAwareness);
    for (const connection of this.#connections) {
      for (const state of this.#awareness.statesOf(connection)) awareness.set(`${connection.role}:${state}`, { state, role: connection.role });
    }
    return { changed: this.#sessionChanged, awareness: [...awareness.values()] };
  }

  /** Resolves once nothing applied so far waits to be stored (at once when clean). */
  whenDurable(): Promise<void> {
    if (!this.dirty) return Promise.resolve();
    return new Promise((resolve, reject) => this.#durableWaiters.push({ resolve, reject }));
  }

  /**
   * A change the server makes itself (a revert): applied as one transaction, then stored and
   * broadcast like a client's update, so connected and returning clients converge on it.
   */
  changeAsServer(change: (doc: Y.Doc) => void): void {
    this.#hydrate();
    this.#doc.transact(() => change(this.#doc), serverChange);
  }

  /** Reads the doc as it is now (applied, durable or not), without changing it. */
  read<T>(reader: (doc: Y.Doc) => T): T {
    this.#hydrate();
    return reader(this.#doc);
  }

  /** Periodic upkeep: expire stale presence and updates that waited too long for their dependencies. */
  maintain(now: number): void {
    this.#awareness.expire(now);
    this.#sendRemotePresence(this.#remotePresence.expire(now));
    if (this.#awareness.hasChanges) this.#context.schedule(this);
    const dropped = this.#pendingUpdates.expire(now);
    if (dropped > 0) this.#context.pendingDropped(dropped);
  }

  /**
   * Handles one binary frame from a client. Protocol errors close that connection only;
   * every message is charged to the sender's rate limits (SyncConnection.spend).
   */
  receive(connection: SyncConnection, data: Uint8Array): void {
    let message;
    try {
      message = decodeMessage(data);
    } catch (error) {
      this.#refuse(connection, 'malformed', CloseCode.policy, error instanceof MalformedMessage ? error.message : 'malformed message');
      return;
    }
    const now = Date.now();
    switch (message.kind) {
      case 'sync-step1': {
        const join = connection.takeJoin();
        if (!this.#charge(connection, 1, data.byteLength, now)) return;
        if (this.dirty) this.#deferredSyncReplies.push({ connection, stateVector: message.stateVector, join });
        else this.#answerSyncStep1(connection, message.stateVector, join);
        return;
      }
      case 'sync-step2':
      case 'sync-update':
        if (!this.#charge(connection, 1, data.byteLength, now)) return;
        this.#applyClientUpdate(connection, message.update, now);
        return;
      case 'awareness':
        this.#applyAwareness(connection, message.update, now);
        return;
      case 'query-awareness': {
        const reply = encodeAwareness(this.#awareness.encodeAll());
        const remote = this.#remotePresence.encodeAll();
        const remoteReply = remote ? encodeAwareness(remote) : null;
        if (!this.#charge(connection, 1, data.byteLength + reply.byteLength + (remoteReply?.byteLength ?? 0), now)) return;
        connection.send(reply);
        if (remoteReply) connection.send(remoteReply);
        return;
      }
    }
  }

  /** Spends from the sender's rate limits; closes it (1008) when they are exhausted. */
  #charge(connection: SyncConnection, messages: number, bytes: number, now: number): boolean {
    if (connection.spend(messages, bytes, now)) return true;
    this.#refuse(connection, 'rate_limited', CloseCode.policy, 'rate limit exceeded');
    return false;
  }

  /**
   * Stock clients echo every awareness state they receive back to the server; such entries
   * change nothing and cost the sender nothing. What does change presence is charged.
   */
  #applyAwareness(connection: SyncConnection, update: Uint8Array, now: number): void {
    let applied;
    try {
      applied = this.#awareness.apply(connection, update, now, (clientId) => this.#remotePresence.has(clientId));
    } catch (error) {
      if (!(error instanceof AwarenessRefused)) throw error;
      this.#refuse(connection, 'awareness_invalid', error.code, error.message);
      return;
    }
    if (applied.notOwned > 0) this.#context.rejected('awareness_not_owner');
    if (applied.restricted > 0) this.#context.rejected('awareness_restricted');
    if (applied.stale.length > 0) connection.send(encodeAwareness(this.#awareness.encode(applied.stale)));
    if (applied.changed === 0) return;
    if (!this.#charge(connection, 1, update.byteLength, now)) return;
    this.#context.schedule(this);
  }

  /** Answers a state request with the diff; what a join (the connection's first request) sends is free. */
  #answerSyncStep1(connection: SyncConnection, stateVector: Uint8Array, join: boolean): void {
    if (this.#cold && isEmptyStateVector(stateVector)) {
      if (!join && !this.#charge(connection, 0, this.#cold.state.byteLength, Date.now())) return;
      connection.send(encodeSyncStep2(this.#cold.state));
      return;
    }
    this.#hydrate();
    if (isEmptyStateVector(stateVector)) {
      const reply = this.#fullStateReply ?? this.#encodeFullStateReply();
      if (join || this.#charge(connection, 0, reply.byteLength, Date.now())) connection.send(reply);
      return;
    }
    let diff: Uint8Array;
    try {
      diff = Y.encodeStateAsUpdate(this.#doc, stateVector);
    } catch {
      this.#refuse(connection, 'malformed', CloseCode.policy, 'malformed state vector');
      return;
    }
    if (join || this.#charge(connection, 0, diff.byteLength, Date.now())) connection.send(encodeSyncStep2(diff));
  }

  #encodeFullStateReply(): Uint8Array {
    this.#fullStateReply = encodeSyncStep2(Y.encodeStateAsUpdate(this.#doc));
    this.#context.encodedFullState();
    return this.#fullStateReply;
  }

  #applyClientUpdate(connection: SyncConnection, update: Uint8Array, now: number): void {
    if (!canEdit(connection.role)) {
      // The stock client re-sends a viewer's local edits on every reconnect: count, tell once, drop.
      if (isEmptyUpdate(update)) return;
      this.#context.rejected('viewer_write');
      if (connection.takeReadOnlyNotice()) {
        connection.send(encodePermissionDenied('read-only: this link cannot edit the board'));
        this.#context.refusedWrite(this.boardId, connection.role, 'viewer_write', 1, connection);
      }
      return;
    }
    if (this.sendAwayIfStoreDown(connection)) return;
    // A fresh client's answer to the server's state request: nothing to apply, no reason to parse a cold board.
    if (isEmptyUpdate(update)) return;
    if (this.storedBytes + this.#unstoredBytes + update.byteLength > this.#context.limits.maxDocumentBytes) {
      this.#refuse(connection, 'document_too_big', CloseCode.tooBig, 'document size limit reached');
      return;
    }
    this.#context.traffic.updatesIn++;
    this.#hydrate();
    try {
      this.#apply(update, connection, 'v1');
    } catch (error) {
      if (!(error instanceof InvalidUpdate)) throw error;
      this.#refuse(connection, 'invalid_update', CloseCode.policy, `invalid update: ${error.message}`);
      return;
    }
    this.#afterApply(connection, now);
  }

  /**
   * Checks, trims and applies an update from `author` (null: an update kept waiting whose
   * author left). Throws InvalidUpdate when it must be refused; then nothing of it is applied.
   */
  #apply(update: Uint8Array, author: SyncConnection | null, format: 'v1' | 'v2'): void {
    const prepared = prepareUpdate(this.#doc, update, this.#context.limits.updates, { format, foreign: (client) => this.#isForeign(client, author) });
    if (author) for (const clientId of prepared.dropped) this.#waitFor(clientId, author);
    try {
      if (format === 'v1') Y.applyUpdate(this.#doc, prepared.update, author);
      else Y.applyUpdateV2(this.#doc, prepared.update, author);
    } catch (error) {
      // The checks exist so that this never happens; if it does, it is a bug to fix.
      this.#context.log.error({ err: error, boardId: this.boardId }, 'an update that passed the checks failed to apply');
      this.#pendingUpdates.takeFrom(this.#doc, author, Date.now());
      throw new InvalidUpdate('the update could not be applied');
    }
  }

  /** Whether `clientId` is someone else's: the server's own, or announced by another open connection. */
  #isForeign(clientId: number, author: SyncConnection | null): boolean {
    if (clientId === this.#doc.clientID) return true;
    const owner = this.#awareness.ownerOf(clientId);
    return owner !== null && owner !== author && !owner.closed;
  }

  #waitFor(clientId: number, connection: SyncConnection): void {
    let waiting = this.#waitingForId.get(clientId);
    if (!waiting) this.#waitingForId.set(clientId, (waiting = new Set()));
    waiting.add(connection);
  }

  /** Asks the connections that waited for a now free client id to send what the server lacks. */
  #askWaitingForReleasedIds(): void {
    for (const clientId of this.#awareness.takeReleased()) {
      const waiting = this.#waitingForId.get(clientId);
      if (!waiting) continue;
      this.#waitingForId.delete(clientId);
      for (const connection of waiting) if (!connection.closed) this.#askForMissing(connection);
    }
  }

  /**
   * Moves what the last update left waiting for missing dependencies out of the doc, asks its
   * author (once) for them (a stock client answers a sync step 1 with everything the server
   * lacks), keeps them within their limits, and retries what may now be complete.
   */
  #afterApply(author: SyncConnection | null, now: number): void {
    if (this.#pendingUpdates.takeFrom(this.#doc, author, now) && author && !author.closed && author.takeAskForMissing()) this.#askForMissing(author);
    for (let over = this.#pendingUpdates.overLimitAuthor(); over !== undefined; over = this.#pendingUpdates.overLimitAuthor()) {
      this.#pendingUpdates.drop(over);
      if (over) this.#refuse(over, 'pending_overflow', CloseCode.policy, 'too many updates waiting for changes the server does not have');
    }
    this.#retryPending();
  }

  #retryPending(): void {
    // Each round applies what became complete; that may complete more (bounded: the doc's
    // state only grows, and an entry that is still incomplete waits for it to grow again).
    for (let ready = this.#pendingUpdates.takeReady(this.#doc); ready.length > 0; ready = this.#pendingUpdates.takeReady(this.#doc)) {
      const askAgain = new Set<SyncConnection>();
      for (const entry of ready) {
        const author = entry.author && !entry.author.closed ? entry.author : null;
        if (entry.kind === 'ask-again') {
          if (author) askAgain.add(author);
          continue;
        }
        try {
          this.#apply(entry.update, author, 'v2');
        } catch (error) {
          this.#context.log.warn({ err: error, boardId: this.boardId }, 'dropped a waiting update that no longer applies');
          continue;
        }
        this.#pendingUpdates.takeFrom(this.#doc, entry.author, entry.since);
      }
      for (const connection of askAgain) this.#askForMissing(connection);
    }
  }

  /** A sync step 1: a stock client answers with everything the server lacks. */
  #askForMissing(connection: SyncConnection): void {
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.#doc)));
  }

  #refuse(connection: SyncConnection, reason: RejectReason, code: CloseCode, message: string): void {
    this.#context.rejected(reason);
    this.#context.log.warn({ boardId: this.boardId, reason, code }, `closing connection: ${message}`);
    connection.close(code, message);
  }

  /** Applies a cold snapshot to the doc (once); every path that reads the doc calls this first. */
  #hydrate(): void {
    if (!this.#cold || this.#destroyed) return;
    const { state } = this.#cold;
    this.#cold = null;
    this.#load([state]);
  }

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.#fullStateReply = null;
    if (origin === hydration) return;
    if (origin === remoteCommit) {
      // Committed already (by another instance): to this instance's clients, never stored again.
      const message = encodeUpdate(update);
      for (const connection of this.#connections) connection.send(message);
      return;
    }
    this.#unstored.push({ update, origin: this.#connectionOf(origin) });
    this.#unstoredBytes += update.byteLength;
    this.#context.schedule(this);
  };

  /** The transaction origin as the connection whose update it applies; null for the server's own. */
  #connectionOf(origin: unknown): SyncConnection | null {
    return this.#connections.has(origin as SyncConnection) ? (origin as SyncConnection) : null;
  }

  /** The updates to write now; remembered until `markCommitted` or `markCommitFailed`. */
  takeBatch(): PendingWrite[] {
    this.#inFlight = this.#unstored.length;
    return this.#unstored.map((entry) => ({ boardId: this.boardId, data: entry.update }));
  }

  /** The batch from `takeBatch` was not stored: its updates stay unstored, to go in the next batch. */
  markCommitFailed(): void {
    this.#inFlight = 0;
  }

  /** The store failed past its retries: editors are sent away until a commit succeeds (see `#storeDown`). */
  markStoreDown(): void {
    if (this.#storeDown) return;
    this.#storeDown = true;
    for (const connection of this.#connections) this.sendAwayIfStoreDown(connection);
  }

  /** Closes `connection` (1013) if it could edit while the store is down; true when it did. */
  sendAwayIfStoreDown(connection: SyncConnection): boolean {
    if (!this.#storeDown || !canEdit(connection.role)) return false;
    connection.close(CloseCode.tryAgainLater, 'storage unavailable');
    return true;
  }

  /**
   * The batch is durable: now, and only now, peers may see it. All of this turn's updates
   * go out as one merged message, encoded once. A peer that was the batch's only author gets
   * nothing back; when several peers wrote in one turn each gets the one merged message
   * (Yjs ignores the part it already has), which is cheaper than one encoding per author.
   * A commit that succeeds also ends a store outage for this room (`#storeDown`).
   */
  markCommitted(seqs: readonly number[]): void {
    const batch = this.#unstored.splice(0, this.#inFlight);
    this.#inFlight = 0;
    let batchBytes = 0;
    const authors = new Set<SyncConnection | null>();
    for (const [index, entry] of batch.entries()) {
      batchBytes += entry.update.byteLength;
      authors.add(entry.origin);
      this.#addLogged(seqs[index]!, entry.update.byteLength);
    }
    this.#unstoredBytes -= batchBytes;
    this.#storeDown = false;
    if (batch.length > 0) this.#sessionChanged = true;

    if (batch.length > 0) {
      const soleAuthor = authors.size === 1 ? authors.values().next().value : undefined;
      const { messages, merged } = this.#broadcastMessages(batch);
      for (const message of messages) {
        for (const connection of this.#connections) {
          if (connection !== soleAuthor) connection.send(message);
        }
      }
      // seq 0: the board was deleted meanwhile, nothing was stored.
      const stored = seqs.filter((seq) => seq > 0);
      if (stored.length > 0) this.#context.cluster?.committed(this, stored, merged);
    }
    if (!this.dirty && this.#deferredSyncReplies.length > 0) {
      const replies = this.#deferredSyncReplies;
      this.#deferredSyncReplies = [];
      for (const reply of replies) this.#answerSyncStep1(reply.connection, reply.stateVector, reply.join);
    }
    if (!this.dirty && this.#durableWaiters.length > 0) {
      const waiters = this.#durableWaiters;
      this.#durableWaiters = [];
      for (const waiter of waiters) waiter.resolve();
    }
  }

  /** The batch as one merged update message (encoded once for every peer), or one per update should merging fail (`merged` null then). */
  #broadcastMessages(batch: readonly UnstoredUpdate[]): { messages: Buffer[]; merged: Uint8Array | null } {
    if (batch.length === 1) return { messages: [encodeUpdate(batch[0]!.update)], merged: batch[0]!.update };
    try {
      const merged = Y.mergeUpdates(batch.map((entry) => entry.update));
      return { messages: [encodeUpdate(merged)], merged };
    } catch (error) {
      this.#context.log.error({ err: error, boardId: this.boardId, updates: batch.length }, 'merging a batch failed; sending its updates one by one');
      return { messages: batch.map((entry) => encodeUpdate(entry.update)), merged: null };
    }
  }

  // ── Cluster fan-out: what other instances committed, and their clients' presence ──────

  /**
   * Applies updates another instance committed (in seq order, see seq-feed.ts) and sends them
   * to this instance's clients; they are durable already, so they are not stored again. `seqs`
   * are the log rows they hold, for compaction.
   */
  applyCommitted(parts: Uint8Array[], seqs: readonly { seq: number; bytes: number }[]): void {
    if (this.#destroyed || parts.length === 0) return;
    this.#hydrate();
    try {
      Y.applyUpdate(this.#doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), remoteCommit);
    } catch (error) {
      // Another instance's commit passed its checks; one that fails here is a bug to fix.
      this.#context.log.error({ err: error, boardId: this.boardId }, 'a committed update from another instance failed to apply');
      return;
    }
    // Not a change of this instance's session: the end-of-session snapshot is the writing instance's.
    for (const { seq, bytes } of seqs) if (!this.#logged.has(seq)) this.#addLogged(seq, bytes);
    // Updates waiting for their dependencies may have got them now.
    this.#retryPending();
  }

  /** Another instance's clients changed their presence: relayed to this instance's clients. Throws on a malformed update. */
  applyRemoteAwareness(instanceId: string, update: Uint8Array): void {
    const changed = this.#remotePresence.apply(instanceId, update, Date.now(), (clientId) => this.#awareness.ownerOf(clientId) !== null);
    this.#sendRemotePresence(changed);
  }

  /** An instance died (its liveness key expired): its clients' presence goes. */
  dropRemoteInstance(instanceId: string): void {
    this.#sendRemotePresence(this.#remotePresence.dropInstance(instanceId));
  }

  remoteInstances(): Set<string> {
    return this.#remotePresence.instances();
  }

  /** Whether the presence id is on this board through another instance. */
  hasRemoteClient(clientId: number): boolean {
    return this.#remotePresence.has(clientId);
  }

  /** This instance's clients' presence states, or null when there are none. */
  localAwareness(): Uint8Array | null {
    return this.#awareness.size > 0 ? this.#awareness.encodeAll() : null;
  }

  #sendRemotePresence(update: Uint8Array | null): void {
    if (!update) return;
    const message = encodeAwareness(update);
    for (const connection of this.#connections) connection.send(message);
  }

  /** Sends this turn's awareness changes as one message to everyone on the board. */
  flushAwareness(): void {
    this.#askWaitingForReleasedIds();
    const changes = this.#awareness.takeChanges();
    if (!changes) return;
    const message = encodeAwareness(changes);
    for (const connection of this.#connections) connection.send(message);
    this.#context.cluster?.awarenessChanged(this, changes);
  }

  /**
   * The full state and the log rows it contains, up to `upToSeq` (cluster: the seq up to which
   * the doc holds every commit; rows above it stay in the log even when the doc has them, so
   * the snapshot never stands for a seq it might lack); only valid while the room is clean.
   */
  compactionInput(upToSeq = Number.POSITIVE_INFINITY): { snapshot: StoredSnapshot; mergedSeqs: number[] } {
    this.#hydrate();
    return {
      snapshot: { state: Y.encodeStateAsUpdate(this.#doc), stateVector: Y.encodeStateVector(this.#doc) },
      mergedSeqs: [...this.#logged.keys()].filter((seq) => seq <= upToSeq),
    };
  }

  /** The store replaced the snapshot and deleted `mergedSeqs`; rows logged meanwhile stay counted. */
  markCompacted(stateBytes: number, mergedSeqs: readonly number[]): void {
    this.#snapshotServable = true;
    for (const seq of mergedSeqs) {
      this.#loggedBytes -= this.#logged.get(seq) ?? 0;
      this.#logged.delete(seq);
    }
    this.#snapshotBytes = stateBytes;
  }

  #addLogged(seq: number, bytes: number): void {
    this.#logged.set(seq, bytes);
    this.#loggedBytes += bytes;
  }

  /** (Re)arms the unload timer: `unload` runs after `delayMs` unless cancelled or re-armed first. */
  scheduleUnload(delayMs: number, unload: () => void): void {
    this.cancelUnload();
    this.#unloadTimer = setTimeout(unload, delayMs);
    this.#unloadTimer.unref();
  }

  cancelUnload(): void {
    clearTimeout(this.#unloadTimer);
    this.#unloadTimer = undefined;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.cancelUnload();
    for (const waiter of this.#durableWaiters) waiter.reject(new Error('the board was unloaded'));
    this.#durableWaiters = [];
    this.#doc.off('update', this.#onDocUpdate);
    this.#fullStateReply = null;
    this.#guard.destroy();
    this.#doc.destroy();
  }
}
