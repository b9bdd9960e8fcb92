import type { AccessChange, BusListener, ClusterMessage, RedisBus } from '../cluster/index.ts';
import { committedMessage } from '../cluster/index.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/index.ts';
import { SeqFeed, type LogTail, type RepairCause } from './seq-feed.ts';

/** What fan-out reads from the store: the log after a seq, and the head seqs of the open boards. */
export interface FanoutStore {
  readUpdatesAfter(boardId: string, afterSeq: number): Promise<LogTail>;
  headSequences(boardIds: readonly string[]): Promise<Map<string, number>>;
}

/** What fan-out needs of a loaded board (BoardRoom). */
export interface FanoutRoom {
  readonly boardId: string;
  readonly destroyed: boolean;
  /** Committed updates from elsewhere: into the doc and to local clients, not stored again. */
  applyCommitted(parts: Uint8Array[], seqs: readonly { seq: number; bytes: number }[]): void;
  applyRemoteAwareness(instanceId: string, update: Uint8Array): void;
  dropRemoteInstance(instanceId: string): void;
  remoteInstances(): Set<string>;
  hasRemoteClient(clientId: number): boolean;
  /** The awareness states of this instance's own clients, or null when there are none. */
  localAwareness(): Uint8Array | null;
}

export interface FanoutOptions {
  instanceId: string;
  repairIntervalMs: number;
  inlineUpdateMaxBytes: number;
  instanceHeartbeatMs: number;
  /** An access change announced by another instance. */
  accessChanged(change: AccessChange): void;
}

interface OpenBoard {
  room: FanoutRoom;
  feed: SeqFeed;
  /** When another instance was last heard on this board (it is open there: heartbeats are worth sending). */
  peerHeardAt: number;
  /** Instances whose presence this board has answered with its own (see `#onAwareness`). */
  greeted: Set<string>;
}

/** Messages that arrive between subscribing and the end of the load, kept to be replayed (bounded). */
const maxEarlyMessages = 256;
/** Longest a compaction may hold its board's lock (a dead holder's lock expires then). */
const compactionLockMs = 60_000;
/** A refused compaction lock is asked for again after this long. */
const lockRetryMs = 5_000;
/** A board is taken to be open on another instance this long after it was last heard there. */
const peerWindowMs = 30_000;

/**
 * Cross-instance fan-out of the open boards, on top of the Redis bus and the store. After each
 * commit the board's channel gets the update (or its seq range); every instance with the board
 * open applies what others committed in seq order (SeqFeed). What makes it complete whatever
 * Redis does: a catch-up from the store on every gap and every (re)subscribe, a head-seq
 * heartbeat while a board is open elsewhere, and a poll of the open boards' head seqs every
 * `repairIntervalMs` (which alone keeps instances converging while Redis is down). A board's
 * channel is subscribed before the board is loaded, so nothing committed between the load's
 * read and the subscription can be missed.
 */
export class ClusterFanout implements BusListener {
  readonly #bus: RedisBus;
  readonly #store: FanoutStore;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #options: FanoutOptions;
  readonly #open = new Map<string, OpenBoard>();
  /** Boards subscribed and loading: their messages so far. */
  readonly #early = new Map<string, ClusterMessage[]>();
  #timers: NodeJS.Timeout[] = [];
  #polling = false;
  /** When a board's compaction lock was last refused (held elsewhere, or Redis down). */
  readonly #lockRefusedAt = new Map<string, number>();

  constructor(bus: RedisBus, store: FanoutStore, metrics: Metrics, log: Logger, options: FanoutOptions) {
    this.#bus = bus;
    this.#store = store;
    this.#metrics = metrics;
    this.#log = log;
    this.#options = options;
  }

  get instanceId(): string {
    return this.#options.instanceId;
  }

  get bus(): RedisBus {
    return this.#bus;
  }

  start(): void {
    this.#metrics.clusterRedisConnected.set(0);
    this.#bus.start(this);
    this.#timers = [
      setInterval(() => void this.#pollHeads(), this.#options.repairIntervalMs),
      setInterval(() => void this.#heartbeat(), this.#options.instanceHeartbeatMs),
    ];
    for (const timer of this.#timers) timer.unref();
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    for (const board of this.#open.values()) board.feed.close();
    await this.#bus.close();
  }

  // ── The registry's load and unload ────────────────────────────────────────────────────

  /** Before the board's document is read: subscribe first, so nothing committed after the read is missed. */
  async beforeLoad(boardId: string): Promise<void> {
    if (!this.#early.has(boardId)) this.#early.set(boardId, []);
    await this.#bus.subscribeBoard(boardId);
  }

  loadFailed(boardId: string): void {
    this.#early.delete(boardId);
    this.#bus.unsubscribeBoard(boardId);
  }

  /** The board is loaded with every seq up to `headSeq`: replay what arrived meanwhile. */
  loaded(room: FanoutRoom, headSeq: number): void {
    const { boardId } = room;
    const feed = new SeqFeed(headSeq, {
      boardId,
      log: this.#log,
      apply: (parts, seqs) => {
        if (!room.destroyed) room.applyCommitted(parts, seqs);
      },
      advanced: () => this.#updateGauges(boardId, feed),
      read: (afterSeq) => this.#store.readUpdatesAfter(boardId, afterSeq),
      repaired: (cause, seconds) => this.#repaired(cause, seconds),
    });
    const board: OpenBoard = { room, feed, peerHeardAt: 0, greeted: new Set() };
    this.#open.set(boardId, board);
    const early = this.#early.get(boardId) ?? [];
    this.#early.delete(boardId);
    for (const message of early) this.#onBoardMessage(board, message);
    this.#updateGauges(boardId, feed);
  }

  unloaded(boardId: string): void {
    const board = this.#open.get(boardId);
    if (!board) return;
    board.feed.close();
    this.#open.delete(boardId);
    this.#bus.unsubscribeBoard(boardId);
    this.#lockRefusedAt.delete(boardId);
    this.#metrics.clusterBoardAppliedSeq.remove({ board: boardId });
    this.#metrics.clusterBoardHeadSeq.remove({ board: boardId });
  }

  /** The seq up to which the board's doc holds every committed update: compaction merges no further. */
  appliedSeq(boardId: string): number | null {
    return this.#open.get(boardId)?.feed.applied ?? null;
  }

  /**
   * Compaction with several instances: one instance at a time per board (a Redis lock), after
   * catching up, so a snapshot never replaces one that stands for seqs it lacks. Without Redis
   * no compaction runs: the log is durable, it is compacted once Redis is back.
   */
  async compactExclusively(boardId: string, compact: () => Promise<void>): Promise<boolean> {
    // Tried after every commit past the threshold: after a refusal, not again for a while.
    const refusedAt = this.#lockRefusedAt.get(boardId);
    if (refusedAt !== undefined && Date.now() - refusedAt < lockRetryMs) return false;
    const ran = await this.#bus.withLock(`compact:${boardId}`, compactionLockMs, async () => {
      await this.#open.get(boardId)?.feed.catchUp('compaction');
      await compact();
    });
    if (ran) this.#lockRefusedAt.delete(boardId);
    else this.#lockRefusedAt.set(boardId, Date.now());
    return ran;
  }

  // ── The room's commits and presence ──────────────────────────────────────────────────

  /** This instance committed `seqs` (contiguous: one transaction) of the board, merged into `update` (null: peers read the store). */
  committed(boardId: string, seqs: readonly number[], update: Uint8Array | null): void {
    const board = this.#open.get(boardId);
    if (!board || seqs.length === 0) return;
    board.feed.own(seqs);
    this.#updateGauges(boardId, board.feed);
    const fromSeq = seqs[0]!;
    const toSeq = seqs.at(-1)!;
    // Not contiguous cannot happen (one transaction takes its seqs under the board's row lock); peers then read the store.
    const contiguous = toSeq - fromSeq + 1 === seqs.length;
    const message: ClusterMessage = !contiguous
      ? { kind: 'head', origin: this.instanceId, headSeq: toSeq }
      : update
        ? committedMessage(this.instanceId, fromSeq, toSeq, update, this.#options.inlineUpdateMaxBytes)
        : { kind: 'range', origin: this.instanceId, fromSeq, toSeq };
    this.#bus.publishBoard(boardId, message);
  }

  /** This instance's clients changed their presence on the board. */
  awarenessChanged(boardId: string, update: Uint8Array): void {
    if (!this.#open.has(boardId)) return;
    this.#bus.publishBoard(boardId, { kind: 'awareness', origin: this.instanceId, update });
  }

  /** Whether a presence id is on the board through another instance. */
  hasRemoteClient(boardId: string, clientId: number): boolean {
    const board = this.#open.get(boardId);
    return board?.room.hasRemoteClient(clientId) ?? false;
  }

  /** Announces an access change made here to the other instances. */
  announce(change: AccessChange): void {
    this.#bus.publishControl({ kind: 'access', origin: this.instanceId, ...change });
  }

  // ── The bus ───────────────────────────────────────────────────────────────────────────

  boardMessage(boardId: string, message: ClusterMessage): void {
    const board = this.#open.get(boardId);
    if (board) {
      this.#onBoardMessage(board, message);
      return;
    }
    const early = this.#early.get(boardId);
    // Past the bound the load's own read, or the first poll, brings the rest.
    if (early && early.length < maxEarlyMessages) early.push(message);
  }

  controlMessage(message: ClusterMessage): void {
    if (message.kind !== 'access') return;
    this.#metrics.clusterAccessChanges.inc({ via: 'redis' });
    const { boardId, action, inviteId, clientId } = message;
    this.#options.accessChanged({ boardId, action, inviteId, clientId });
  }

  resubscribed(): void {
    // Whatever was published while this instance was not subscribed is lost: read it.
    for (const board of this.#open.values()) void board.feed.catchUp('resubscribe');
  }

  connectionChanged(connected: boolean): void {
    this.#metrics.clusterRedisConnected.set(connected ? 1 : 0);
  }

  #onBoardMessage(board: OpenBoard, message: ClusterMessage): void {
    board.peerHeardAt = Date.now();
    switch (message.kind) {
      case 'update':
        board.feed.remote(message.fromSeq, message.toSeq, message.update);
        break;
      case 'range':
        board.feed.remote(message.fromSeq, message.toSeq, null);
        break;
      case 'head':
        board.feed.heard(message.headSeq, 'heartbeat');
        break;
      case 'awareness':
        this.#onAwareness(board, message.origin, message.update);
        return;
      case 'access':
        return;
    }
    this.#updateGauges(board.room.boardId, board.feed);
  }

  /**
   * Relays another instance's presence. The first time an instance is heard on a board it
   * gets this instance's presence in return, so clients on an instance that just opened the
   * board see everyone without waiting for their 15 s renewals.
   */
  #onAwareness(board: OpenBoard, origin: string, update: Uint8Array): void {
    try {
      board.room.applyRemoteAwareness(origin, update);
    } catch (error) {
      this.#metrics.clusterMalformed.inc();
      this.#log.warn({ err: error, boardId: board.room.boardId, origin }, 'dropped a malformed awareness update from another instance');
      return;
    }
    if (board.greeted.has(origin)) return;
    board.greeted.add(origin);
    const own = board.room.localAwareness();
    if (own) this.#bus.publishBoard(board.room.boardId, { kind: 'awareness', origin: this.instanceId, update: own });
  }

  // ── Timers ────────────────────────────────────────────────────────────────────────────

  /** The guarantee: every open board's head seq from the store, every `repairIntervalMs`. */
  async #pollHeads(): Promise<void> {
    if (this.#polling || this.#open.size === 0) return;
    this.#polling = true;
    try {
      const heads = await this.#store.headSequences([...this.#open.keys()]);
      for (const [boardId, headSeq] of heads) {
        const board = this.#open.get(boardId);
        if (!board) continue;
        board.feed.heard(headSeq, 'poll');
        this.#updateGauges(boardId, board.feed);
      }
    } catch (error) {
      this.#log.warn({ err: error }, 'polling the head seqs of open boards failed');
    } finally {
      this.#polling = false;
    }
  }

  /** Head seqs of boards open elsewhere (a lost last message shows within one beat), and the peers' liveness. */
  async #heartbeat(): Promise<void> {
    const now = Date.now();
    const instances = new Set<string>();
    for (const [boardId, board] of this.#open) {
      const headSeq = board.feed.ownHead;
      if (headSeq > 0 && now - board.peerHeardAt < peerWindowMs) this.#bus.publishBoard(boardId, { kind: 'head', origin: this.instanceId, headSeq });
      for (const instanceId of board.room.remoteInstances()) instances.add(instanceId);
    }
    if (instances.size === 0) return;
    const live = await this.#bus.liveInstances([...instances]);
    // null: Redis cannot tell now; remote states then expire with the awareness timeout.
    if (!live) return;
    for (const instanceId of instances) {
      if (live.has(instanceId)) continue;
      this.#log.info({ instanceId }, 'instance gone (its liveness key expired): dropping its clients\' presence');
      for (const board of this.#open.values()) {
        board.room.dropRemoteInstance(instanceId);
        board.greeted.delete(instanceId);
      }
      this.#metrics.clusterRemoteAwarenessExpired.inc();
    }
  }

  #repaired(cause: RepairCause, seconds: number): void {
    this.#metrics.clusterGapsRepaired.inc({ cause });
    this.#metrics.clusterRepairSeconds.observe(seconds);
  }

  #updateGauges(boardId: string, feed: SeqFeed): void {
    this.#metrics.clusterBoardAppliedSeq.set({ board: boardId }, feed.applied);
    this.#metrics.clusterBoardHeadSeq.set({ board: boardId }, feed.head);
  }
}
