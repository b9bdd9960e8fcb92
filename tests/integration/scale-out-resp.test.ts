/** The fault proxy's RESP decoder: every frame kind Redis sends, split anywhere, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { encodeCommand, pubSubMessage, RespDecoder, RespProtocolError, type RespValue } from '../helpers/fault-proxy-resp.ts';

const bulk = (text: string): RespValue => ({ type: 'bulk', value: Buffer.from(text) });

const frames: [name: string, wire: string, value: RespValue][] = [
  ['simple string', '+OK\r\n', { type: 'simple', value: 'OK' }],
  ['error', '-ERR unknown\r\n', { type: 'error', value: 'ERR unknown' }],
  ['integer', ':-42\r\n', { type: 'integer', value: -42n }],
  ['bulk string', '$5\r\nhe\r\no\r\n', { type: 'bulk', value: Buffer.from('he\r\no') }],
  ['empty bulk string', '$0\r\n\r\n', { type: 'bulk', value: Buffer.alloc(0) }],
  ['null bulk string', '$-1\r\n', { type: 'bulk', value: null }],
  ['null array', '*-1\r\n', { type: 'array', value: null }],
  ['nested array', '*2\r\n*1\r\n:1\r\n$1\r\nx\r\n', { type: 'array', value: [{ type: 'array', value: [{ type: 'integer', value: 1n }] }, bulk('x')] }],
  ['RESP3 null', '_\r\n', { type: 'null' }],
  ['RESP3 boolean', '#f\r\n', { type: 'boolean', value: false }],
  ['RESP3 double', ',1.5\r\n', { type: 'double', value: 1.5 }],
  ['RESP3 infinite double', ',-inf\r\n', { type: 'double', value: -Infinity }],
  ['RESP3 big number', '(12345678901234567890\r\n', { type: 'bignum', value: 12345678901234567890n }],
  ['RESP3 blob error', '!9\r\nSYNTAX no\r\n', { type: 'error', value: 'SYNTAX no' }],
  ['RESP3 verbatim string', '=8\r\ntxt:some\r\n', { type: 'verbatim', format: 'txt', value: Buffer.from('some') }],
  ['RESP3 map', '%1\r\n+server\r\n+redis\r\n', { type: 'map', value: [[{ type: 'simple', value: 'server' }, { type: 'simple', value: 'redis' }]] }],
  ['RESP3 set', '~2\r\n:1\r\n:2\r\n', { type: 'set', value: [{ type: 'integer', value: 1n }, { type: 'integer', value: 2n }] }],
  ['RESP3 attribute', '|1\r\n+ttl\r\n:3\r\n', { type: 'attribute', value: [[{ type: 'simple', value: 'ttl' }, { type: 'integer', value: 3n }]] }],
  ['RESP3 push', '>3\r\n$7\r\nmessage\r\n$2\r\nu1\r\n$1\r\n\x00\r\n', { type: 'push', value: [bulk('message'), bulk('u1'), { type: 'bulk', value: Buffer.from([0]) }] }],
];

describe('RespDecoder', () => {
  it.each(frames)('decodes a %s, whole and split at every byte', (_name, wire, value) => {
    const bytes = Buffer.from(wire, 'latin1');
    expect(new RespDecoder().push(bytes)).toEqual([{ value, raw: bytes }]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const decoder = new RespDecoder();
      expect(decoder.push(bytes.subarray(0, cut))).toEqual([]);
      expect(decoder.pendingBytes).toBe(cut);
      expect(decoder.push(bytes.subarray(cut))).toEqual([{ value, raw: bytes }]);
    }
  });

  it('returns several frames of one chunk in order, each with its own bytes', () => {
    const wire = frames.map(([, w]) => w).join('');
    const decoded = new RespDecoder().push(Buffer.from(wire, 'latin1'));
    expect(decoded.map((frame) => frame.value)).toEqual(frames.map(([, , v]) => v));
    expect(decoded.map((frame) => frame.raw.toString('latin1'))).toEqual(frames.map(([, w]) => w));
  });

  it.each([
    ['unknown marker', '?3\r\n'],
    ['streamed string', '$?\r\n'],
    ['bad integer', ':12a\r\n'],
    ['negative bulk length', '$-2\r\n'],
    ['bulk without CRLF after it', '$2\r\nabcd\r\n'],
    ['bad boolean', '#x\r\n'],
    ['null push', '>-1\r\n'],
    ['verbatim without format', '=3\r\nabc\r\n'],
  ])('refuses a %s', (_name, wire) => {
    expect(() => new RespDecoder().push(Buffer.from(wire, 'latin1'))).toThrow(RespProtocolError);
  });
});

describe('pubSubMessage', () => {
  const message = (kind: string, ...rest: string[]): RespValue[] => [bulk(kind), ...rest.map(bulk)];
  it.each<[string, RespValue, { kind: string; channel: string; payload: string } | null]>([
    ['a RESP2 message', { type: 'array', value: message('message', 'u:b1', 'data') }, { kind: 'message', channel: 'u:b1', payload: 'data' }],
    ['a RESP3 message push', { type: 'push', value: message('message', 'u:b1', 'data') }, { kind: 'message', channel: 'u:b1', payload: 'data' }],
    ['a sharded message', { type: 'push', value: message('smessage', 'u:{b1}', 'data') }, { kind: 'smessage', channel: 'u:{b1}', payload: 'data' }],
    ['a pattern message', { type: 'array', value: message('pmessage', 'u:*', 'u:b2', 'x') }, { kind: 'pmessage', channel: 'u:b2', payload: 'x' }],
    ['a subscribe confirmation', { type: 'push', value: [bulk('subscribe'), bulk('u:b1'), { type: 'integer', value: 1n }] }, null],
    ['a command reply array', { type: 'array', value: [bulk('a'), bulk('b'), bulk('c')] }, null],
    ['an invalidation push', { type: 'push', value: [bulk('invalidate'), { type: 'array', value: [bulk('k')] }] }, null],
    ['a plain reply', { type: 'simple', value: 'OK' }, null],
  ])('reads %s', (_name, value, expected) => {
    const found = pubSubMessage(value);
    expect(found && { kind: found.kind, channel: found.channel, payload: found.payload.toString() }).toEqual(expected);
  });
});

it('encodeCommand writes an array of bulk strings', () => {
  expect(encodeCommand(['SET', 'k', Buffer.from([0xff])]).toString('latin1')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n\xff\r\n');
});
