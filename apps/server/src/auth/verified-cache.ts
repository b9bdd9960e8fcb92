/**
 * Remembers tokens that verified, keyed by the complete token string (signature included),
 * so a forged or altered token can never hit an entry. Everyone who opens one share link
 * presents the same token, and the stock client presents it again on every reconnect:
 * without this, each of those costs an HMAC verification through Web Crypto's job queue.
 * Entries stop counting at the token's own expiry; the oldest are evicted past `capacity`.
 */
export class VerifiedTokenCache<T extends { expiresAt: Date }> {
  readonly #entries = new Map<string, T>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(token: string, now = Date.now()): T | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt.getTime() <= now) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, value: T): void {
    this.#entries.delete(token);
    this.#entries.set(token, value);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Forgets every entry matching `predicate` (revocation, in a later issue). */
  forget(predicate: (value: T) => boolean): void {
    for (const [token, value] of this.#entries) if (predicate(value)) this.#entries.delete(token);
  }
}
