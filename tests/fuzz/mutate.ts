/**
 * Byte-level mutators for valid frames: bit flips, truncation, extension, splicing, insertion,
 * deletion, and corruption of length/clock fields (a varUint anywhere rewritten to an absurd value).
 */
import * as encoding from 'lib0/encoding';
import { peekVarUint } from './frames.ts';
import type { Prng } from '../helpers/prng.ts';

export type MutationKind = 'bitflip' | 'byteset' | 'truncate' | 'extend' | 'splice' | 'insert' | 'delete' | 'varint' | 'duplicate';

const mutationWeights: Record<MutationKind, number> = {
  bitflip: 3,
  byteset: 2,
  truncate: 2,
  extend: 1,
  splice: 1,
  insert: 1,
  delete: 1,
  varint: 4,
  duplicate: 1,
};

const interestingBytes = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x75, 0x76, 0x77, 0x08, 0x09];

function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function varUint(value: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, value);
  return encoding.toUint8Array(encoder);
}

/** Rewrites the varUint that starts at `pos` to `value` (the frame grows or shrinks to fit). */
export function replaceVarUint(bytes: Uint8Array, pos: number, value: number): Uint8Array {
  const current = peekVarUint(bytes, pos);
  const end = current ? current.next : Math.min(bytes.length, pos + 1);
  return concat(bytes.subarray(0, pos), varUint(value), bytes.subarray(end));
}

/** One mutation of `bytes`; `other` is a second frame to splice from. Returns the kind applied. */
export function mutateOnce(rng: Prng, bytes: Uint8Array, other: Uint8Array): { bytes: Uint8Array; kind: MutationKind } {
  const kind = rng.weighted(mutationWeights);
  const pos = bytes.length === 0 ? 0 : rng.int(0, bytes.length - 1);
  switch (kind) {
    case 'bitflip': {
      if (bytes.length === 0) return { bytes: Uint8Array.of(rng.int(0, 255)), kind };
      const out = bytes.slice();
      const flips = rng.int(1, 4);
      for (let i = 0; i < flips; i++) {
        const at = rng.int(0, out.length - 1);
        out[at] = out[at]! ^ (1 << rng.int(0, 7));
      }
      return { bytes: out, kind };
    }
    case 'byteset': {
      if (bytes.length === 0) return { bytes: Uint8Array.of(rng.pick(interestingBytes)), kind };
      const out = bytes.slice();
      out[pos] = rng.bool(0.7) ? rng.pick(interestingBytes) : rng.int(0, 255);
      return { bytes: out, kind };
    }
    case 'truncate':
      return { bytes: bytes.slice(0, pos), kind };
    case 'extend':
      return { bytes: concat(bytes, rng.bool() ? rng.bytes(rng.int(1, 32)) : bytes.subarray(0, rng.int(0, bytes.length))), kind };
    case 'splice': {
      const cut = other.length === 0 ? 0 : rng.int(0, other.length - 1);
      return { bytes: concat(bytes.subarray(0, pos), other.subarray(cut)), kind };
    }
    case 'insert':
      return { bytes: concat(bytes.subarray(0, pos), rng.bytes(rng.int(1, 8)), bytes.subarray(pos)), kind };
    case 'delete':
      return { bytes: concat(bytes.subarray(0, pos), bytes.subarray(Math.min(bytes.length, pos + rng.int(1, 8)))), kind };
    case 'varint': {
      // Frames are mostly varUints: a random position is usually the start of one (a length, a
      // client, a clock, a count). Early positions (the frame's own payload length) get extra weight.
      const at = bytes.length === 0 ? 0 : rng.bool(0.3) ? Math.min(bytes.length - 1, rng.int(0, 3)) : pos;
      const current = peekVarUint(bytes, at)?.value ?? 0;
      const value = rng.pick([rng.hugeNumber(), current + 1, Math.max(0, current - 1), 0, current * 2 + 1, bytes.length, bytes.length + 1]);
      return { bytes: replaceVarUint(bytes, at, value), kind };
    }
    case 'duplicate': {
      const end = Math.min(bytes.length, pos + rng.int(1, 16));
      return { bytes: concat(bytes.subarray(0, end), bytes.subarray(pos, end), bytes.subarray(end)), kind };
    }
  }
}

/** `count` mutations in a row; returns the bytes and the kinds applied, in order. */
export function mutate(rng: Prng, bytes: Uint8Array, other: Uint8Array, count: number): { bytes: Uint8Array; kinds: MutationKind[] } {
  let current = bytes;
  const kinds: MutationKind[] = [];
  for (let i = 0; i < count; i++) {
    const step = mutateOnce(rng, current, other);
    current = step.bytes;
    kinds.push(step.kind);
  }
  return { bytes: current, kinds };
}
