import { TokenBucket } from './token-bucket.ts';

export interface KeyedLimiterOptions {
  burst: number;
  /** Tokens per `perMs`; 0 switches the limiter off. */
  rate: number;
  perMs: number;
  /** Most keys tracked at once; past it the full (idle) buckets are forgotten, then the oldest. */
  maxKeys?: number;
}

/**
 * One token bucket per key (a client IP): `allow(key)` spends a token from that key's bucket.
 * Memory stays bounded: a bucket that has refilled completely is the same as none, so idle
 * keys are forgotten when the table grows past `maxKeys`.
 */
export class KeyedLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #burst: number;
  readonly #ratePerSecond: number;
  readonly #maxKeys: number;

  constructor({ burst, rate, perMs, maxKeys = 100_000 }: KeyedLimiterOptions) {
    this.#burst = burst;
    this.#ratePerSecond = (rate * 1000) / perMs;
    this.#maxKeys = maxKeys;
  }

  get enabled(): boolean {
    return this.#ratePerSecond > 0;
  }

  allow(key: string, now = Date.now()): boolean {
    if (!this.enabled) return true;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.#maxKeys) this.#evict(now);
      bucket = new TokenBucket(this.#burst, this.#ratePerSecond, now);
      this.#buckets.set(key, bucket);
    }
    return bucket.take(now);
  }

  #evict(now: number): void {
    for (const [key, bucket] of this.#buckets) if (bucket.isFull(now)) this.#buckets.delete(key);
    // Still full of active keys: drop the oldest half rather than grow without bound.
    if (this.#buckets.size >= this.#maxKeys) {
      let drop = Math.ceil(this.#buckets.size / 2);
      for (const key of this.#buckets.keys()) {
        if (drop-- <= 0) break;
        this.#buckets.delete(key);
      }
    }
  }
}
