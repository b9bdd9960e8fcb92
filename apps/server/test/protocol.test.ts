import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { decodeMessage, encodeAwareness, encodePermissionDenied, encodeSyncStep1, encodeUpdate, isEmptyUpdate, keepaliveMessage, MalformedMessage } from '../src/sync/protocol.ts';

describe('decodeMessage', () => {
  it('round-trips the messages the stock client sends', () => {
    expect(decodeMessage(encodeSyncStep1(Uint8Array.of(1, 2)))).toEqual({ kind: 'sync-step1', stateVector: Uint8Array.of(1, 2) });
    expect(decodeMessage(encodeUpdate(Uint8Array.of(0, 0)))).toEqual({ kind: 'sync-update', update: Uint8Array.of(0, 0) });
    expect(decodeMessage(encodeAwareness(Uint8Array.of(0)))).toEqual({ kind: 'awareness', update: Uint8Array.of(0) });
    expect(decodeMessage(Uint8Array.of(3))).toEqual({ kind: 'query-awareness' });
  });

  it.each([
    ['empty', []],
    ['truncated varint', [0x80]],
    ['unknown type', [9]],
    ['auth from a client', [2, 0]],
    ['unknown sync step', [0, 5, 0]],
    ['length past the end', [0, 2, 10, 1]],
    ['trailing bytes', [3, 3]],
  ])('rejects %s', (_name, bytes) => {
    expect(() => decodeMessage(Uint8Array.from(bytes))).toThrow(MalformedMessage);
  });
});

describe('server messages', () => {
  it('keepalive is an awareness message with no entries', () => {
    expect([...keepaliveMessage]).toEqual([1, 1, 0]);
  });

  it('permission denied is auth message 0 with a reason', () => {
    const expected = encoding.createEncoder();
    encoding.writeVarUint(expected, 2);
    encoding.writeVarUint(expected, 0);
    encoding.writeVarString(expected, 'nope');
    expect([...encodePermissionDenied('nope')]).toEqual([...encoding.toUint8Array(expected)]);
  });

  it('recognises the empty update', () => {
    expect(isEmptyUpdate(Uint8Array.of(0, 0))).toBe(true);
    expect(isEmptyUpdate(Uint8Array.of(0, 1, 0))).toBe(false);
  });
});
