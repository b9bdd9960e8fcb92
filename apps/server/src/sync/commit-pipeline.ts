import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/index.ts';
import type { BoardStore, PendingWrite } from '../storage/index.ts';
import type { BoardRoom } from './board-room.ts';

export interface CommitPipelineOptions {
  /** Failed writes retried (with backoff) before the affected rooms are told the store is down. */
  storeRetries: number;
  /** Called for each room after its batch became durable and was broadcast. */
  onCommitted(room: BoardRoom): void;
}

/** Backoff between retries of a failed write: doubling from the first, up to the last. */
const firstRetryMs = 50;
const maxRetryMs = 5_000;

/** Where one room's writes sit in a batch of several rooms. */
interface CommitSlice {
  room: BoardRoom;
  start: number;
  count: number;
}

/**
 * Group commit: everything rooms applied during one event-loop turn is written in one store
 * transaction at the end of the turn (setImmediate), and only then broadcast. Writes are
 * serialised so batches become durable, and visible, in the order they were applied.
 */
export class CommitPipeline {
  readonly #store: BoardStore;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #options: CommitPipelineOptions;
  /** Rooms that asked for a flush this turn (updates and/or awareness). */
  #scheduled = new Set<BoardRoom>();
  /** Rooms holding updates that are not durable yet. */
  #dirty = new Set<BoardRoom>();
  #turnQueued = false;
  #writing: Promise<void> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #consecutiveFailures = 0;

  constructor(store: BoardStore, metrics: Metrics, log: Logger, options: CommitPipelineOptions) {
    this.#store = store;
    this.#metrics = metrics;
    this.#log = log;
    this.#options = options;
  }

  /** Number of updates applied but not yet durable, over all rooms. */
  get unpersisted(): number {
    let count = 0;
    for (const room of this.#dirty) count += room.unstoredCount;
    return count;
  }

  schedule(room: BoardRoom): void {
    this.#scheduled.add(room);
    if (room.dirty) this.#dirty.add(room);
    this.#queueTurn();
  }

  #queueTurn(): void {
    if (this.#turnQueued) return;
    this.#turnQueued = true;
    setImmediate(this.#turn);
  }

  readonly #turn = (): void => {
    this.#turnQueued = false;
    const rooms = this.#scheduled;
    this.#scheduled = new Set();
    if (!this.#writing && !this.#retryTimer && this.#dirty.size > 0) void this.#write();
    // Awareness is never stored, so it does not wait for the write.
    for (const room of rooms) {
      if (room.destroyed) continue;
      try {
        room.flushAwareness();
      } catch (error) {
        this.#log.error({ err: error, boardId: room.boardId }, 'sending awareness failed');
      }
    }
  };

  /**
   * Writes every dirty room's pending updates in one store call. The SQLite store answers
   * synchronously, so then the commit and its broadcast finish within this turn without a
   * promise hop; an asynchronous store (PostgreSQL, later) takes the awaited path.
   */
  #write(): Promise<void> | undefined {
    const rooms = [...this.#dirty].filter((room) => !room.destroyed && room.dirty);
    this.#dirty.clear();
    const batch: PendingWrite[] = [];
    const slices: CommitSlice[] = [];
    for (const room of rooms) {
      const writes = room.takeBatch();
      slices.push({ room, start: batch.length, count: writes.length });
      batch.push(...writes);
    }
    const started = performance.now();
    let written: number[] | Promise<number[]>;
    try {
      written = this.#store.appendUpdates(batch);
    } catch (error) {
      this.#onWriteFailed(rooms, error);
      return undefined;
    }
    if (Array.isArray(written)) {
      this.#onWritten(slices, written, started);
      return undefined;
    }
    const writing = written.then(
      (seqs) => this.#onWritten(slices, seqs, started),
      (error: unknown) => this.#onWriteFailed(rooms, error),
    );
    this.#writing = writing.finally(() => (this.#writing = undefined));
    return this.#writing;
  }

  #onWritten(slices: readonly CommitSlice[], seqs: readonly number[], started: number): void {
    this.#metrics.commitSeconds.observe((performance.now() - started) / 1000);
    this.#consecutiveFailures = 0;
    for (const { room, start, count } of slices) {
      if (room.destroyed) continue;
      try {
        room.markCommitted(seqs.slice(start, start + count));
      } catch (error) {
        // Stored already; a peer that missed the broadcast gets it on its next sync.
        this.#log.error({ err: error, boardId: room.boardId }, 'broadcasting a commit failed');
      }
      if (room.dirty) this.#dirty.add(room);
      this.#options.onCommitted(room);
    }
    // Updates that arrived while an asynchronous write was in flight go in the next turn.
    if (this.#dirty.size > 0) this.#queueTurn();
  }

  #onWriteFailed(rooms: BoardRoom[], error: unknown): void {
    this.#consecutiveFailures++;
    this.#metrics.commitFailures.inc();
    this.#log.error(
      { err: error, attempt: this.#consecutiveFailures, boards: rooms.length },
      'storing updates failed; they stay in memory and the write is retried',
    );
    const storeDown = this.#consecutiveFailures > this.#options.storeRetries;
    for (const room of rooms) {
      room.markCommitFailed();
      if (storeDown) room.markStoreDown();
      this.#dirty.add(room);
    }
    const delay = Math.min(firstRetryMs * 2 ** (this.#consecutiveFailures - 1), maxRetryMs);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#queueTurn();
    }, delay);
  }

  /**
   * Writes everything pending now (shutdown). Resolves true when nothing is left
   * unpersisted, false if the store still fails when the deadline passes.
   */
  async drain(deadline: number): Promise<boolean> {
    while (Date.now() < deadline) {
      if (this.#writing) await this.#writing;
      if (this.#dirty.size === 0) return true;
      if (this.#retryTimer) {
        clearTimeout(this.#retryTimer);
        this.#retryTimer = undefined;
        await new Promise((resolve) => setTimeout(resolve, Math.min(firstRetryMs, Math.max(0, deadline - Date.now()))));
      }
      await this.#write();
    }
    return this.#dirty.size === 0;
  }

  stop(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }
}
