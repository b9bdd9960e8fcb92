/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) for the fuzzers and the soak, so that a
 * run is a pure function of its seed: case `i` of seed `s` is always generated from
 * `Prng.forCase(s, i)`, whatever order the connections play the cases in, and a single case
 * can be regenerated on its own.
 */

const mask32 = 0xffff_ffff;

/** splitmix32: turns any 32-bit value into a well-mixed one (used to derive sub-seeds). */
export function mix32(value: number): number {
  let z = (value + 0x9e37_79b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85eb_ca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2_ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A stable 32-bit hash of a label (FNV-1a), to derive named sub-streams from one seed. */
export function hashLabel(label: string): number {
  let hash = 0x811c_9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x0100_0193);
  }
  return hash >>> 0;
}

export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    const s = seed >>> 0;
    this.#a = mix32(s);
    this.#b = mix32(this.#a ^ 0x6a09_e667);
    this.#c = mix32(this.#b ^ 0xbb67_ae85);
    this.#d = mix32(this.#c ^ 0x3c6e_f372) | 1;
    // Warm up: the first outputs of sfc32 are correlated with the seed words.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The generator of case `index` of run `seed`. */
  static forCase(seed: number, index: number): Prng {
    return new Prng(mix32(seed ^ mix32(index + 0x1234_5678)) ^ index);
  }

  /** A named stream of a run (`honest-ids`, `corpus`, …), independent of the case streams. */
  static forLabel(seed: number, label: string): Prng {
    return new Prng(mix32(seed ^ hashLabel(label)));
  }

  /** Next unsigned 32-bit value. */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max] (both inclusive; safe integers, span up to 2^53). */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max})`);
    const span = max - min + 1;
    if (span <= 0x1_0000_0000) return min + (this.next() % span);
    return min + Math.floor(this.uint53() % span);
  }

  /** Uniform integer in [0, count). */
  below(count: number): number {
    return this.int(0, count - 1);
  }

  /** Uniform in [0, 2^53). */
  uint53(): number {
    return (this.next() & 0x1f_ffff) * 0x1_0000_0000 + this.next();
  }

  uint32(): number {
    return this.next() & mask32;
  }

  bool(probability = 0.5): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.next() % items.length]!;
  }

  /** `count` distinct items (all of them if fewer), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  }

  /** Picks a key by weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.float() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.next();
      out[i] = word & 0xff;
      if (i + 1 < length) out[i + 1] = (word >>> 8) & 0xff;
      if (i + 2 < length) out[i + 2] = (word >>> 16) & 0xff;
      if (i + 3 < length) out[i + 3] = word >>> 24;
    }
    return out;
  }

  /** A string of `length` characters from `alphabet`. */
  string(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.next() % alphabet.length];
    return out;
  }

  /** A short random length, skewed to small values: most frames are small. */
  smallLength(max = 64): number {
    return Math.floor(this.float() ** 2 * (max + 1));
  }

  /**
   * Numbers that break length and clock arithmetic: around 2^31, 2^32 and 2^53, plus random
   * values in between.
   */
  hugeNumber(): number {
    return this.pick([
      0x7fff_ffff,
      0x8000_0000,
      0xffff_fffe,
      0xffff_ffff,
      0x1_0000_0000,
      0x1_0000_0001,
      2 ** 40,
      Number.MAX_SAFE_INTEGER - 1,
      Number.MAX_SAFE_INTEGER,
      2 ** 52,
      this.int(0x1_0000_0000, Number.MAX_SAFE_INTEGER),
      this.int(0x8000_0000, 0xffff_ffff),
    ]);
  }

  /** A fresh child stream (for a sub-part of a case that must not shift the parent's draws). */
  fork(): Prng {
    return new Prng(this.next());
  }
}
