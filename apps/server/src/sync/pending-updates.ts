/**
 * Updates that depend on changes the server does not have yet, kept apart from the doc.
 *
 * Yjs keeps such parts of an update in `doc.store.pendingStructs` / `pendingDs` and, when the
 * doc is encoded, serves them to every joiner and into every compaction: deletions of unknown
 * clients with absurd clocks would then travel into the stored board and to stock clients that
 * cannot apply them. So after every update the room moves whatever Yjs left pending out of the
 * doc, with its author and the time. Nothing here is stored, merged into the doc, or sent to
 * anyone, and everything is dropped after `timeoutMs` (a stock client resends everything the
 * server lacks on its next sync).
 *
 * - Changes waiting for others are kept and retried once the doc's state passes what they
 *   wait for.
 * - Deletions of changes the doc does not have are not kept: applied later, they would delete
 *   whatever arrives at those clocks, so a modified client could delete another participant's
 *   next edits before they are made. Instead the author is asked, once those changes exist,
 *   to send what the server lacks (a sync step 1): a stock client answers with its whole delete
 *   set, so a real deletion (of something it saw before the server did) still arrives.
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

export type PendingEntry<Author> = {
  /** Ready once the doc's state for one of these clients has passed the clock. */
  waitsFor: Map<number, number>;
  author: Author | null;
  since: number;
} & (
  | { kind: 'changes'; /** A v2 update, as Yjs keeps pending state. */ update: Uint8Array }
  | { kind: 'ask-again' }
);

export class PendingUpdates<Author extends object> {
  readonly #limits: PendingLimits;
  #entries: PendingEntry<Author>[] = [];
  #bytes = 0;

  constructor(limits: PendingLimits) {
    this.#limits = limits;
  }

  /** Moves what Yjs left pending in `doc` after applying `author`'s update out of it. Returns true when something was. */
  takeFrom(doc: Y.Doc, author: Author | null, now: number): boolean {
    const { store } = doc;
    const changes = store.pendingStructs;
    const deletes = store.pendingDs;
    if (!changes && !deletes) return false;
    store.pendingStructs = null;
    store.pendingDs = null;
    if (changes) this.#add({ kind: 'changes', update: changes.update, waitsFor: new Map(changes.missing), author, since: now });
    if (deletes && author) {
      const waitsFor = new Map<number, number>();
      for (const client of Y.decodeUpdateV2(deletes).ds.clients.keys()) waitsFor.set(client, Y.getState(store, client));
      this.#add({ kind: 'ask-again', waitsFor, author, since: now });
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
    for (const entry of this.#entries) share.set(entry.author, (share.get(entry.author) ?? 0) + (overBytes ? sizeOf(entry) : 1));
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

  /** `author` left: its changes stay (they may still complete) but belong to nobody; asking it again is moot. */
  orphan(author: Author): void {
    this.#replace(this.#entries.filter((entry) => !(entry.author === author && entry.kind === 'ask-again')));
    for (const entry of this.#entries) if (entry.author === author) entry.author = null;
  }

  #add(entry: PendingEntry<Author>): void {
    this.#entries.push(entry);
    this.#bytes += sizeOf(entry);
  }

  #replace(entries: PendingEntry<Author>[]): void {
    this.#entries = entries;
    this.#bytes = 0;
    for (const entry of entries) this.#bytes += sizeOf(entry);
  }
}

const sizeOf = (entry: PendingEntry<unknown>) => (entry.kind === 'changes' ? entry.update.byteLength : 0);
