/**
 * Updates that depend on changes the server does not have yet, kept apart from the doc.
 *
 * Yjs keeps such parts of an update in `doc.store.pendingStructs` / `pendingDs` and, when the
 * doc is encoded, serves them to every joiner and into every compaction: deletions of unknown
 * clients with absurd clocks would then travel into the stored board and to stock clients that
 * cannot apply them. So after every update the room moves whatever Yjs left pending in here,
 * with its author and the time; they are retried when the doc's state passes what they wait
 * for, and dropped after `timeoutMs` (a stock client resends everything the server lacks on
 * its next sync). Nothing here is stored, merged into the doc, or sent to anyone.
 */
import * as Y from 'yjs';

export interface PendingLimits {
  /** Bytes kept for one board; past it the largest contributor is cut off. */
  maxBytes: number;
  timeoutMs: number;
}

/**
 * Entries kept for one board, whatever their size: every update applied checks each entry
 * for readiness, so many tiny ones would slow the board down. A stock client sends what it
 * has in one sync step 2 when it connects, so honest entries are few.
 */
export const maxPendingEntries = 1_000;

export interface PendingEntry<Author> {
  /** A v2 update, as Yjs keeps pending state. */
  update: Uint8Array;
  /** Retry once the doc's state for one of these clients has passed the clock. */
  waitsFor: Map<number, number>;
  author: Author | null;
  since: number;
}

export class PendingUpdates<Author extends object> {
  readonly #limits: PendingLimits;
  #entries: PendingEntry<Author>[] = [];
  #bytes = 0;

  constructor(limits: PendingLimits) {
    this.#limits = limits;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get count(): number {
    return this.#entries.length;
  }

  /**
   * Moves what Yjs left pending in `doc` after applying `author`'s update into this list.
   * Returns true when something was moved.
   */
  takeFrom(doc: Y.Doc, author: Author | null, now: number): boolean {
    const { store } = doc;
    const structs = store.pendingStructs;
    const deletes = store.pendingDs;
    if (!structs && !deletes) return false;
    store.pendingStructs = null;
    store.pendingDs = null;
    if (structs) this.#add({ update: structs.update, waitsFor: new Map(structs.missing), author, since: now });
    if (deletes) {
      // Deletions wait for the clients they delete from to get further than they are now.
      const waitsFor = new Map<number, number>();
      for (const client of Y.decodeUpdateV2(deletes).ds.clients.keys()) waitsFor.set(client, Y.getState(store, client));
      this.#add({ update: deletes, waitsFor, author, since: now });
    }
    return true;
  }

  /** Takes out the entries whose dependencies may have arrived in `doc`. */
  takeReady(doc: Y.Doc): PendingEntry<Author>[] {
    if (this.#entries.length === 0) return [];
    const ready: PendingEntry<Author>[] = [];
    const waiting: PendingEntry<Author>[] = [];
    for (const entry of this.#entries) {
      let due = false;
      for (const [client, clock] of entry.waitsFor) {
        if (clock < Y.getState(doc.store, client)) {
          due = true;
          break;
        }
      }
      (due ? ready : waiting).push(entry);
    }
    if (ready.length > 0) this.#replace(waiting);
    return ready;
  }

  /** Drops entries older than the timeout; returns how many. */
  expire(now: number): number {
    const kept = this.#entries.filter((entry) => now - entry.since < this.#limits.timeoutMs);
    const dropped = this.#entries.length - kept.length;
    if (dropped > 0) this.#replace(kept);
    return dropped;
  }

  /** While over a limit: the author holding most (null: entries of authors who left). */
  overLimitAuthor(): Author | null | undefined {
    const overBytes = this.#bytes > this.#limits.maxBytes;
    if (!overBytes && this.#entries.length <= maxPendingEntries) return undefined;
    // By bytes or by number of entries, whichever limit was passed.
    const share = new Map<Author | null, number>();
    for (const entry of this.#entries) share.set(entry.author, (share.get(entry.author) ?? 0) + (overBytes ? entry.update.byteLength : 1));
    // Leftovers of closed connections go first; then the largest contributor.
    if (share.has(null)) return null;
    let largest: Author | null = null;
    let most = -1;
    for (const [author, amount] of share) {
      if (amount > most) {
        most = amount;
        largest = author;
      }
    }
    return largest;
  }

  /** Drops every entry of `author` (null: of authors who left). */
  drop(author: Author | null): void {
    this.#replace(this.#entries.filter((entry) => entry.author !== author));
  }

  /** `author` left: its entries stay (they may still complete) but belong to nobody. */
  orphan(author: Author): void {
    for (const entry of this.#entries) if (entry.author === author) entry.author = null;
  }

  #add(entry: PendingEntry<Author>): void {
    this.#entries.push(entry);
    this.#bytes += entry.update.byteLength;
  }

  #replace(entries: PendingEntry<Author>[]): void {
    this.#entries = entries;
    this.#bytes = 0;
    for (const entry of entries) this.#bytes += entry.update.byteLength;
  }
}
