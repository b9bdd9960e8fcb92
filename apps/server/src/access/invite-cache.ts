import type { InviteRecord } from '../storage/index.ts';

/**
 * The invites the last checks read, by id (null: no such invite), so a token's check on every
 * HTTP call and upgrade costs a map lookup, not a query. Every change to an invite goes
 * through the access service, which writes the new row here at once: the cache is never
 * behind the store in this process. A change made on another instance reaches it through
 * `deleteBoard` (a Redis access event at once, the audit poll at the latest). The oldest entries are dropped past `capacity`.
 */
export class InviteCache {
  readonly #entries = new Map<string, InviteRecord | null>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The cached row, null for a known miss, undefined when not cached. */
  get(id: string): InviteRecord | null | undefined {
    return this.#entries.get(id);
  }

  set(id: string, invite: InviteRecord | null): void {
    this.#entries.delete(id);
    this.#entries.set(id, invite);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(id: string): void {
    this.#entries.delete(id);
  }

  /** Forgets every cached invite of the board: it changed on another instance. */
  deleteBoard(boardId: string): void {
    for (const [id, invite] of this.#entries) if (invite?.boardId === boardId) this.#entries.delete(id);
  }
}
