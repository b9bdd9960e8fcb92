import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import {
  boardChannel,
  boardOfChannel,
  committedMessage,
  decodeClusterMessage,
  encodeClusterMessage,
  MalformedClusterMessage,
  type ClusterMessage,
} from '../../src/cluster/wire.ts';

/** Hand-built bytes, so the decoder is checked against the documented layout, not only against the encoder. */
function bytes(build: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  build(encoder);
  return encoding.toUint8Array(encoder);
}

const head = (kind: number, origin = 'a') => (encoder: encoding.Encoder) => {
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarString(encoder, origin);
};

describe('cluster wire format', () => {
  const messages: [string, ClusterMessage][] = [
    ['a committed update', { kind: 'update', origin: 'inst-1', fromSeq: 4, toSeq: 6, update: Uint8Array.of(1, 2, 3) }],
    ['a seq range', { kind: 'range', origin: 'inst-1', fromSeq: 7, toSeq: 7 }],
    ['a head seq', { kind: 'head', origin: 'inst-2', headSeq: 0 }],
    ['an awareness update', { kind: 'awareness', origin: 'inst-2', update: Uint8Array.of(1, 5, 0) }],
    ['a revocation', { kind: 'access', origin: 'i', boardId: 'b1', action: 'invite.revoke', inviteId: 'inv', clientId: null }],
    ['a session end', { kind: 'access', origin: 'i', boardId: 'b1', action: 'session.end', inviteId: null, clientId: 0 }],
  ];

  it.each(messages)('round-trips %s', (_name, message) => {
    expect(decodeClusterMessage(encodeClusterMessage(message))).toEqual(message);
  });

  it('decodes the documented layout', () => {
    const update = bytes((e) => {
      head(0, 'x')(e);
      encoding.writeVarUint(e, 3);
      encoding.writeVarUint(e, 5);
      encoding.writeVarUint8Array(e, Uint8Array.of(9));
    });
    expect(decodeClusterMessage(update)).toEqual({ kind: 'update', origin: 'x', fromSeq: 3, toSeq: 5, update: Uint8Array.of(9) });
    const access = bytes((e) => {
      head(4, 'x')(e);
      encoding.writeVarString(e, 'board');
      encoding.writeVarString(e, 'board.delete');
      encoding.writeVarString(e, '');
      encoding.writeVarUint(e, 0);
    });
    expect(decodeClusterMessage(access)).toEqual({ kind: 'access', origin: 'x', boardId: 'board', action: 'board.delete', inviteId: null, clientId: null });
  });

  it.each([
    ['empty', Uint8Array.of()],
    ['another version', bytes((e) => { encoding.writeVarUint(e, 2); encoding.writeVarUint(e, 2); encoding.writeVarString(e, 'a'); encoding.writeVarUint(e, 1); })],
    ['an unknown kind', bytes((e) => head(9)(e))],
    ['a truncated header', Uint8Array.of(1, 0)],
    ['a range starting at 0', bytes((e) => { head(1)(e); encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 2); })],
    ['a range that runs backwards', bytes((e) => { head(1)(e); encoding.writeVarUint(e, 5); encoding.writeVarUint(e, 4); })],
    ['an update whose length runs past the end', bytes((e) => { head(0)(e); encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 10); })],
    ['trailing bytes', bytes((e) => { head(2)(e); encoding.writeVarUint(e, 3); encoding.writeVarUint(e, 3); })],
    ['an unknown access action', bytes((e) => { head(4)(e); encoding.writeVarString(e, 'b'); encoding.writeVarString(e, 'invite.create'); encoding.writeVarString(e, ''); encoding.writeVarUint(e, 0); })],
    ['an access event without a board', bytes((e) => { head(4)(e); encoding.writeVarString(e, ''); encoding.writeVarString(e, 'board.delete'); encoding.writeVarString(e, ''); encoding.writeVarUint(e, 0); })],
    ['an overlong origin', bytes((e) => head(2, 'o'.repeat(201))(e))],
  ])('rejects %s', (_name, input) => {
    expect(() => decodeClusterMessage(input)).toThrow(MalformedClusterMessage);
  });

  it('publishes only the seq range above the inline limit', () => {
    expect(committedMessage('a', 1, 2, new Uint8Array(10), 10).kind).toBe('update');
    expect(committedMessage('a', 1, 2, new Uint8Array(11), 10)).toEqual({ kind: 'range', origin: 'a', fromSeq: 1, toSeq: 2 });
  });

  it('names board channels so the board can be read back', () => {
    expect(boardOfChannel(boardChannel('abc'))).toBe('abc');
    expect(boardOfChannel('something-else')).toBeNull();
  });
});
