import type { Logger } from '../log.ts';

/** What reading a board's log after a seq gives (the store's `readUpdatesAfter`). */
export interface LogTail {
  headSeq: number;
  updates: readonly { seq: number; data: Uint8Array }[];
  /** The compacted state, when some seq after the one asked for is no longer in the log. */
  snapshot: { state: Uint8Array } | null;
}

/**
 * Why a board caught up from the store (`koppelbord_cluster_gaps_repaired_total{cause}`).
 * `range` is no loss (the bytes were too large for Redis), so it is not reported as a repair.
 */
export type RepairCause = 'gap' | 'range' | 'heartbeat' | 'poll' | 'resubscribe' | 'compaction';

export interface SeqFeedDeps {
  /**
   * Applies committed updates to the board's doc (they are durable already: not stored again)
   * and sends them to this instance's clients. `seqs` are the log rows they hold (for
   * compaction), with their sizes; a snapshot part has none.
   */
  apply(parts: Uint8Array[], seqs: readonly { seq: number; bytes: number }[]): void;
  read(afterSeq: number): Promise<LogTail>;
  /** `applied` or `head` moved (gauges). */
  advanced?: () => void;
  /** A catch-up brought in seqs fan-out had not delivered. */
  repaired(cause: RepairCause, seconds: number): void;
  log: Logger;
  boardId: string;
}

/** Messages kept while waiting for the seqs before them; past this a catch-up reads them from the store anyway. */
const maxBuffered = 256;
/**
 * A poll may see a head seq whose message is still on its way over Redis (or whose own commit
 * is being acknowledged): it waits this long before reading the store, so a healthy cluster
 * does not read every update twice.
 */
export const pollGraceMs = 150;

/** A store that keeps failing is logged about at most this often per board. */
const failureLogIntervalMs = 60_000;

interface Buffered {
  toSeq: number;
  update: Uint8Array | null;
}

/**
 * One open board's place in its commit order. The store gives every commit a seq (per board,
 * gapless, in commit order); this holds `applied`, the seq up to which the doc contains every
 * committed update, and applies what arrives in seq order: own commits (already in the doc),
 * updates from other instances (Redis), and, whenever something is missing or only announced
 * (a gap, a range without bytes, a head seq ahead of `applied`), the log after `applied` read
 * from the store. Duplicates are dropped; a catch-up that finds compacted rows applies the
 * snapshot first (Yjs merges are idempotent).
 */
export class SeqFeed {
  #applied: number;
  #head: number;
  /** The highest seq this instance committed itself (what its heartbeat announces). */
  #ownHead = 0;
  /** Own commits above `applied` (another instance committed the seqs between). */
  readonly #ownAhead = new Set<number>();
  /** Remote messages above `applied + 1`, by first seq. */
  readonly #buffered = new Map<number, Buffered>();
  readonly #deps: SeqFeedDeps;
  #catchingUp: Promise<void> | null = null;
  #catchUpAgain: RepairCause | null = null;
  #pollTimer: NodeJS.Timeout | undefined;
  /** The highest head a poll reported while its grace runs. */
  #polledHead = 0;
  #closed = false;
  #lastFailureLog = 0;

  constructor(appliedSeq: number, deps: SeqFeedDeps) {
    this.#applied = appliedSeq;
    this.#head = appliedSeq;
    this.#deps = deps;
  }

  /** Every committed seq up to this one is in the doc. */
  get applied(): number {
    return this.#applied;
  }

  /** The highest committed seq this instance has heard of. */
  get head(): number {
    return this.#head;
  }

  /**
   * The highest seq this instance committed. Its heartbeat announces this one, not `head`: the
   * instance's own messages go out before its heartbeat on one connection, so a peer behind it
   * has lost a message, whereas another instance's message may only be late.
   */
  get ownHead(): number {
    return this.#ownHead;
  }

  /** Resolves when no catch-up is running (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#catchingUp) await this.#catchingUp;
  }

  /** This instance committed `seqs` (their updates are in the doc already). */
  own(seqs: readonly number[]): void {
    for (const seq of seqs) {
      if (seq > this.#head) this.#head = seq;
      if (seq > this.#ownHead) this.#ownHead = seq;
      if (seq > this.#applied) this.#ownAhead.add(seq);
    }
    this.#advance();
  }

  /** Another instance committed `fromSeq..toSeq`: here are its bytes, or null when they must be read from the store. */
  remote(fromSeq: number, toSeq: number, update: Uint8Array | null): void {
    if (this.#closed) return;
    if (toSeq > this.#head) this.#head = toSeq;
    if (toSeq <= this.#applied) return;
    if (update && fromSeq <= this.#applied + 1) {
      this.#applyRemote(fromSeq, toSeq, update);
      this.#advance();
      return;
    }
    if (this.#buffered.size < maxBuffered) this.#buffered.set(fromSeq, { toSeq, update });
    void this.catchUp(update ? 'gap' : 'range');
  }

  /** Another instance (heartbeat) or the store (poll) says the board's head is `headSeq`. */
  heard(headSeq: number, cause: 'heartbeat' | 'poll'): void {
    if (this.#closed) return;
    if (headSeq > this.#head) this.#head = headSeq;
    if (headSeq <= this.#applied) return;
    if (cause === 'heartbeat') {
      void this.catchUp(cause);
      return;
    }
    if (headSeq > this.#polledHead) this.#polledHead = headSeq;
    if (this.#pollTimer) return;
    this.#pollTimer = setTimeout(() => {
      this.#pollTimer = undefined;
      if (this.#polledHead > this.#applied) void this.catchUp(cause);
    }, pollGraceMs);
    this.#pollTimer.unref();
  }

  /** Reads the log after `applied` and applies it (one at a time; a request meanwhile runs once more after). */
  catchUp(cause: RepairCause): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#catchingUp) {
      this.#catchUpAgain ??= cause;
      return this.#catchingUp;
    }
    const run = this.#runCatchUp(cause).finally(() => {
      this.#catchingUp = null;
      const again = this.#catchUpAgain;
      this.#catchUpAgain = null;
      if (again && !this.#closed) void this.catchUp(again);
    });
    this.#catchingUp = run;
    return run;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#pollTimer);
    this.#buffered.clear();
  }

  async #runCatchUp(cause: RepairCause): Promise<void> {
    const started = performance.now();
    const after = this.#applied;
    let tail: LogTail;
    try {
      tail = await this.#deps.read(after);
    } catch (error) {
      // The store is down or slow: the next message, heartbeat or poll asks again (logged once a minute).
      const now = Date.now();
      if (now - this.#lastFailureLog >= failureLogIntervalMs) {
        this.#lastFailureLog = now;
        this.#deps.log.warn({ err: error, boardId: this.#deps.boardId }, 'catching up from the store failed; retrying with the next message or poll');
      }
      return;
    }
    if (this.#closed) return;
    if (tail.headSeq > this.#head) this.#head = tail.headSeq;
    if (tail.headSeq > this.#applied) {
      const parts: Uint8Array[] = [];
      if (tail.snapshot) parts.push(tail.snapshot.state);
      const seqs: { seq: number; bytes: number }[] = [];
      for (const row of tail.updates) {
        parts.push(row.data);
        seqs.push({ seq: row.seq, bytes: row.data.byteLength });
      }
      this.#deps.apply(parts, seqs);
      this.#applied = tail.headSeq;
      if (cause !== 'range') this.#deps.repaired(cause, (performance.now() - started) / 1000);
    }
    this.#advance();
    this.#deps.advanced?.();
  }

  #applyRemote(fromSeq: number, toSeq: number, update: Uint8Array): void {
    // One message holds one commit's rows; their sizes are unknown, so the bytes are spread over them.
    const count = toSeq - fromSeq + 1;
    const seqs = Array.from({ length: count }, (_, i) => ({ seq: fromSeq + i, bytes: Math.ceil(update.byteLength / count) }));
    this.#deps.apply([update], seqs);
    this.#applied = toSeq;
  }

  /** Moves `applied` past own commits and buffered messages that now follow on. */
  #advance(): void {
    for (let progressed = true; progressed; ) {
      progressed = false;
      while (this.#ownAhead.has(this.#applied + 1)) {
        this.#ownAhead.delete(this.#applied + 1);
        this.#applied++;
        progressed = true;
      }
      for (const [fromSeq, entry] of this.#buffered) {
        if (entry.toSeq <= this.#applied) {
          this.#buffered.delete(fromSeq);
        } else if (entry.update && fromSeq <= this.#applied + 1) {
          this.#buffered.delete(fromSeq);
          this.#applyRemote(fromSeq, entry.toSeq, entry.update);
          progressed = true;
        }
      }
    }
    for (const seq of this.#ownAhead) if (seq <= this.#applied) this.#ownAhead.delete(seq);
  }
}
