/**
 * y-websocket frames (y-protocols 1.x), built and inspected by hand so the fuzz can write
 * exactly the bytes it means, valid or not. Layout (see apps/server/src/sync/protocol.ts):
 *   sync       [0, step, varUint8Array payload]   step: 0 = state vector, 1 = diff, 2 = update
 *   awareness  [1, varUint8Array update]
 *   auth       [2, 0, varString reason]
 *   query      [3]
 */
import * as encoding from 'lib0/encoding';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncStep = { stateVector: 0, diff: 1, update: 2 } as const;

/** One websocket message of a case: binary unless it is a string (a text frame). */
export type Frame = Uint8Array | string;

export function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const syncStep1Frame = (stateVector: Uint8Array) => syncFrame(SyncStep.stateVector, stateVector);
export const syncStep2Frame = (update: Uint8Array) => syncFrame(SyncStep.diff, update);
export const updateFrame = (update: Uint8Array) => syncFrame(SyncStep.update, update);

export function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function authFrame(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

export const queryAwarenessFrame = (): Uint8Array => Uint8Array.of(MessageType.queryAwareness);

/** The state vector of an empty document: "send me everything". */
export const emptyStateVector = (): Uint8Array => Uint8Array.of(0);

/** A state vector written by hand: entries may be absurd (huge clients or clocks, duplicates). */
export function stateVector(entries: readonly (readonly [client: number, clock: number])[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [client, clock] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

// ---- inspecting what the server sends ----------------------------------------------------------

/** A lib0 varUint at `pos`, or undefined when the bytes end first (never throws). */
export function peekVarUint(bytes: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  let mult = 1;
  for (let i = pos; i < bytes.length && i < pos + 8; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * mult;
    mult *= 128;
    if (byte < 0x80) return { value, next: i + 1 };
  }
  return undefined;
}

export interface InboundMessage {
  type: number | undefined;
  /** For sync messages: 0, 1 or 2. */
  step: number | undefined;
  /** The payload of a sync or awareness message. */
  payload: Uint8Array | undefined;
}

/** Splits an inbound message into its type, step and payload; tolerant of anything. */
export function inspectMessage(bytes: Uint8Array): InboundMessage {
  const type = peekVarUint(bytes, 0);
  if (!type) return { type: undefined, step: undefined, payload: undefined };
  if (type.value === MessageType.sync) {
    const step = peekVarUint(bytes, type.next);
    if (!step) return { type: type.value, step: undefined, payload: undefined };
    return { type: type.value, step: step.value, payload: readVarBytes(bytes, step.next) };
  }
  if (type.value === MessageType.awareness) return { type: type.value, step: undefined, payload: readVarBytes(bytes, type.next) };
  return { type: type.value, step: undefined, payload: undefined };
}

function readVarBytes(bytes: Uint8Array, pos: number): Uint8Array | undefined {
  const length = peekVarUint(bytes, pos);
  if (!length || length.next + length.value > bytes.length) return undefined;
  return bytes.subarray(length.next, length.next + length.value);
}

export interface AwarenessEntryInfo {
  clientId: number;
  clock: number;
  /** Bytes of the state's JSON text. */
  jsonBytes: number;
  /** Nesting depth of arrays/objects in the JSON text (scanned, never parsed). */
  depth: number;
  /** `null` state: the entry removes that client. */
  removal: boolean;
  /** The first bytes of the JSON (for reports). */
  excerpt: string;
}

const decoder = new TextDecoder();

/**
 * The entries of an awareness update, without JSON.parse (a relayed state may be deep enough
 * to overflow the stack of anything recursive). Undefined when the bytes are malformed.
 */
export function inspectAwarenessUpdate(update: Uint8Array): AwarenessEntryInfo[] | undefined {
  const count = peekVarUint(update, 0);
  if (!count) return undefined;
  const entries: AwarenessEntryInfo[] = [];
  let pos = count.next;
  for (let i = 0; i < count.value; i++) {
    const clientId = peekVarUint(update, pos);
    if (!clientId) return undefined;
    const clock = peekVarUint(update, clientId.next);
    if (!clock) return undefined;
    const length = peekVarUint(update, clock.next);
    if (!length || length.next + length.value > update.length) return undefined;
    const json = update.subarray(length.next, length.next + length.value);
    entries.push({
      clientId: clientId.value,
      clock: clock.value,
      jsonBytes: json.length,
      depth: jsonDepth(json),
      removal: json.length === 4 && json[0] === 0x6e && json[1] === 0x75 && json[2] === 0x6c && json[3] === 0x6c,
      excerpt: decoder.decode(json.subarray(0, 80)),
    });
    pos = length.next + length.value;
  }
  return entries;
}

/** Maximum nesting of `[`/`{` outside string literals. Iterative; tolerant of invalid JSON. */
export function jsonDepth(json: Uint8Array): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}
