/**
 * A token bucket: holds up to `burst` tokens, refills at `ratePerSecond`, and each `take`
 * spends some. A rate of 0 switches the limit off (every take succeeds). The clock is passed
 * in, so one `Date.now()` serves several buckets and tests need no timers.
 */
export class TokenBucket {
  readonly #burst: number;
  readonly #ratePerMs: number;
  #tokens: number;
  #updatedAt: number;

  constructor(burst: number, ratePerSecond: number, now: number) {
    this.#burst = burst;
    this.#ratePerMs = ratePerSecond / 1000;
    this.#tokens = burst;
    this.#updatedAt = now;
  }

  get unlimited(): boolean {
    return this.#ratePerMs === 0;
  }

  /** Spends `cost` tokens if the bucket holds them; false (and nothing spent) otherwise. */
  take(now: number, cost = 1): boolean {
    if (this.unlimited) return true;
    this.#refill(now);
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** True once the bucket has refilled completely: it can be forgotten without changing anything. */
  isFull(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.#burst;
  }

  #refill(now: number): void {
    const elapsed = now - this.#updatedAt;
    if (elapsed <= 0) return;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
    this.#updatedAt = now;
  }
}
