/**
 * Percentiles for the benchmark. Fan-out runs observe millions of (update, receiver) pairs
 * spread over several worker processes, so latencies are kept in a mergeable log-bucket
 * histogram (1 % relative precision) instead of raw arrays shipped over IPC. Small samples
 * (joins, connects) use exact nearest-rank percentiles.
 */

/** Each bucket is 1 % wider than the previous one, so a reported percentile is within 1 %. */
const growth = 1.01;
const logGrowth = Math.log(growth);
/** Values at or below this (ms) share bucket 0; far below anything a socket round trip takes. */
const floorMs = 0.001;

/** Plain-data form of a histogram, safe to send over IPC. */
export interface HistogramData {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** [bucket index, count] pairs, only non-empty buckets. */
  buckets: [number, number][];
}

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export class Histogram {
  #counts = new Map<number, number>();
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;

  get count(): number {
    return this.#count;
  }

  record(valueMs: number): void {
    // Clocks of different processes can disagree by a few microseconds: never below zero.
    const value = Math.max(0, valueMs);
    const index = value <= floorMs ? 0 : Math.ceil(Math.log(value / floorMs) / logGrowth);
    this.#counts.set(index, (this.#counts.get(index) ?? 0) + 1);
    this.#count++;
    this.#sum += value;
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
  }

  merge(data: HistogramData): void {
    if (data.count === 0) return;
    for (const [index, count] of data.buckets) this.#counts.set(index, (this.#counts.get(index) ?? 0) + count);
    this.#count += data.count;
    this.#sum += data.sum;
    this.#min = Math.min(this.#min, data.min);
    this.#max = Math.max(this.#max, data.max);
  }

  toData(): HistogramData {
    return {
      count: this.#count,
      sum: this.#sum,
      min: this.#count > 0 ? this.#min : 0,
      max: this.#count > 0 ? this.#max : 0,
      buckets: [...this.#counts.entries()],
    };
  }

  /** The value below which `fraction` of the observations fall (nearest rank, bucket upper bound). */
  percentile(fraction: number): number {
    if (this.#count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(fraction * this.#count));
    let seen = 0;
    for (const index of [...this.#counts.keys()].sort((a, b) => a - b)) {
      seen += this.#counts.get(index)!;
      if (seen >= rank) {
        const upper = index === 0 ? floorMs : floorMs * growth ** index;
        return Math.min(Math.max(upper, this.#min), this.#max);
      }
    }
    return this.#max;
  }

  summary(): Summary {
    return {
      count: this.#count,
      mean: this.#count > 0 ? this.#sum / this.#count : NaN,
      p50: this.percentile(0.5),
      p95: this.percentile(0.95),
      p99: this.percentile(0.99),
      max: this.#count > 0 ? this.#max : NaN,
    };
  }
}

/** Exact nearest-rank percentile of a small sample. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
