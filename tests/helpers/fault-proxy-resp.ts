/**
 * RESP (the Redis wire protocol), decoded incrementally so the fault proxy can see where each
 * reply or push frame ends and which of them are pub/sub messages, while forwarding every frame
 * as the exact bytes Redis sent. No library: `redis-parser` (the one well-kept parser on npm)
 * knows only RESP2, and a subscriber that said `HELLO 3` gets its messages as RESP3 pushes.
 *
 * Wire layout (every line ends in CRLF; `<n>` is a decimal count or length):
 *   RESP2  +simple  -error  :integer  $<n> bytes (or $-1: null)  *<n> elements (or *-1: null)
 *   RESP3  _ null  #t / #f  ,double  (bignum  !<n> blob error  =<n> "fmt:"text
 *          %<n> key/value pairs  ~<n> set  |<n> attribute pairs  ><n> push elements
 * Streamed strings and aggregates (`$?`, `*?`) are RESP3 too, but Redis never sends them: they
 * are refused, as is anything else a Redis server would not send.
 *
 * Pub/sub messages are `[message, channel, payload]`, `[smessage, channel, payload]` (sharded)
 * or `[pmessage, pattern, channel, payload]`: an array in RESP2, a push in RESP3.
 */

export type RespValue =
  | { type: 'simple'; value: string }
  | { type: 'error'; value: string }
  | { type: 'integer'; value: bigint }
  | { type: 'bulk'; value: Buffer | null }
  | { type: 'array'; value: RespValue[] | null }
  | { type: 'null' }
  | { type: 'boolean'; value: boolean }
  | { type: 'double'; value: number }
  | { type: 'bignum'; value: bigint }
  | { type: 'verbatim'; format: string; value: Buffer }
  | { type: 'map'; value: [RespValue, RespValue][] }
  | { type: 'set'; value: RespValue[] }
  | { type: 'attribute'; value: [RespValue, RespValue][] }
  | { type: 'push'; value: RespValue[] };

/** One complete top-level frame: its value and the bytes it was read from. */
export interface RespFrame {
  value: RespValue;
  raw: Buffer;
}

export class RespProtocolError extends Error {}

/** A pub/sub delivery, whatever the protocol version. */
export interface PubSubMessage {
  kind: 'message' | 'smessage' | 'pmessage';
  channel: string;
  payload: Buffer;
}

const CR = 0x0d;

/** Thrown inside the decoder when the buffer ends mid-frame; never escapes it. */
const incomplete: unique symbol = Symbol('incomplete RESP frame');

/**
 * Feed it chunks as they arrive; it returns the frames they complete. A frame split over
 * chunks is kept until its last byte arrives (re-read from its start then: the frames a
 * proxy sees are small, and bulk strings are skipped by length).
 */
export class RespDecoder {
  #buffer: Buffer = Buffer.alloc(0);
  #offset = 0;

  push(chunk: Buffer): RespFrame[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const frames: RespFrame[] = [];
    let start = 0;
    for (;;) {
      if (start >= this.#buffer.length) break;
      this.#offset = start;
      let value: RespValue;
      try {
        value = this.#readValue();
      } catch (error) {
        if (error === incomplete) break;
        throw error;
      }
      frames.push({ value, raw: this.#buffer.subarray(start, this.#offset) });
      start = this.#offset;
    }
    this.#buffer = this.#buffer.subarray(start);
    return frames;
  }

  /** Bytes received that do not form a complete frame yet. */
  get pendingBytes(): number {
    return this.#buffer.length;
  }

  #readLine(): string {
    const end = this.#buffer.indexOf('\r\n', this.#offset);
    if (end < 0) throw incomplete;
    const line = this.#buffer.toString('latin1', this.#offset, end);
    this.#offset = end + 2;
    return line;
  }

  #readCount(line: string, what: string): number {
    if (!/^-?\d+$/.test(line)) throw new RespProtocolError(`bad ${what} "${line.slice(0, 20)}"`);
    const count = Number(line);
    if (count < -1 || !Number.isSafeInteger(count)) throw new RespProtocolError(`bad ${what} ${line}`);
    return count;
  }

  #readBytes(length: number): Buffer {
    const end = this.#offset + length;
    if (this.#buffer.length < end + 2) throw incomplete;
    if (this.#buffer[end] !== CR || this.#buffer[end + 1] !== 0x0a) throw new RespProtocolError('string not followed by CRLF');
    const bytes = this.#buffer.subarray(this.#offset, end);
    this.#offset = end + 2;
    return bytes;
  }

  #readValues(count: number): RespValue[] {
    const values: RespValue[] = [];
    for (let i = 0; i < count; i++) values.push(this.#readValue());
    return values;
  }

  #readPairs(count: number): [RespValue, RespValue][] {
    const pairs: [RespValue, RespValue][] = [];
    for (let i = 0; i < count; i++) pairs.push([this.#readValue(), this.#readValue()]);
    return pairs;
  }

  #readValue(): RespValue {
    if (this.#offset >= this.#buffer.length) throw incomplete;
    const marker = String.fromCharCode(this.#buffer[this.#offset]!);
    this.#offset++;
    const line = this.#readLine();
    switch (marker) {
      case '+':
        return { type: 'simple', value: line };
      case '-':
        return { type: 'error', value: line };
      case ':':
        if (!/^[-+]?\d+$/.test(line)) throw new RespProtocolError(`bad integer "${line.slice(0, 20)}"`);
        return { type: 'integer', value: BigInt(line) };
      case '(':
        if (!/^[-+]?\d+$/.test(line)) throw new RespProtocolError(`bad big number "${line.slice(0, 20)}"`);
        return { type: 'bignum', value: BigInt(line) };
      case ',': {
        const value = line === 'inf' ? Infinity : line === '-inf' ? -Infinity : line === 'nan' ? NaN : Number(line);
        if (Number.isNaN(value) && line !== 'nan') throw new RespProtocolError(`bad double "${line.slice(0, 20)}"`);
        return { type: 'double', value };
      }
      case '_':
        if (line !== '') throw new RespProtocolError('null with content');
        return { type: 'null' };
      case '#':
        if (line !== 't' && line !== 'f') throw new RespProtocolError(`bad boolean "${line.slice(0, 20)}"`);
        return { type: 'boolean', value: line === 't' };
      case '$': {
        const length = this.#readCount(line, 'bulk length');
        return { type: 'bulk', value: length === -1 ? null : this.#readBytes(length) };
      }
      case '!': {
        const length = this.#readCount(line, 'blob error length');
        if (length < 0) throw new RespProtocolError('null blob error');
        return { type: 'error', value: this.#readBytes(length).toString('utf8') };
      }
      case '=': {
        const length = this.#readCount(line, 'verbatim length');
        if (length < 4) throw new RespProtocolError('verbatim string without its format');
        const bytes = this.#readBytes(length);
        if (bytes[3] !== 0x3a) throw new RespProtocolError('verbatim string without "fmt:"');
        return { type: 'verbatim', format: bytes.toString('latin1', 0, 3), value: bytes.subarray(4) };
      }
      case '*': {
        const count = this.#readCount(line, 'array length');
        return { type: 'array', value: count === -1 ? null : this.#readValues(count) };
      }
      case '~':
      case '>': {
        const count = this.#readCount(line, `${marker === '~' ? 'set' : 'push'} length`);
        if (count < 0) throw new RespProtocolError(`null ${marker === '~' ? 'set' : 'push'}`);
        return { type: marker === '~' ? 'set' : 'push', value: this.#readValues(count) };
      }
      case '%':
      case '|': {
        const count = this.#readCount(line, `${marker === '%' ? 'map' : 'attribute'} length`);
        if (count < 0) throw new RespProtocolError(`null ${marker === '%' ? 'map' : 'attribute'}`);
        return { type: marker === '%' ? 'map' : 'attribute', value: this.#readPairs(count) };
      }
      default:
        throw new RespProtocolError(`unknown type marker 0x${marker.charCodeAt(0).toString(16)}`);
    }
  }
}

function bulkText(value: RespValue | undefined): Buffer | null {
  if (!value) return null;
  if (value.type === 'bulk') return value.value;
  if (value.type === 'simple') return Buffer.from(value.value, 'latin1');
  return null;
}

/** The pub/sub message a frame carries, or null for every other reply and push. */
export function pubSubMessage(value: RespValue): PubSubMessage | null {
  const elements = value.type === 'push' || value.type === 'array' ? value.value : null;
  if (!elements || elements.length < 3) return null;
  const kind = bulkText(elements[0])?.toString('latin1').toLowerCase();
  if ((kind === 'message' || kind === 'smessage') && elements.length === 3) {
    const channel = bulkText(elements[1]);
    const payload = bulkText(elements[2]);
    return channel && payload ? { kind, channel: channel.toString('utf8'), payload } : null;
  }
  if (kind === 'pmessage' && elements.length === 4) {
    const channel = bulkText(elements[2]);
    const payload = bulkText(elements[3]);
    return channel && payload ? { kind, channel: channel.toString('utf8'), payload } : null;
  }
  return null;
}

/** A command as clients send it: an array of bulk strings. */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}
