/**
 * The y-websocket wire protocol (y-protocols 1.x), decoded by hand so every malformed frame
 * becomes one catchable error instead of a half-applied message. Message layout:
 *   sync       [0, step, varUint8Array payload]   step: 0 = state vector, 1 = diff, 2 = update
 *   awareness  [1, varUint8Array update]
 *   auth       [2, 0, varString reason]            server → client only: permission denied
 *   query      [3]                                  asks for all awareness states
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncStep = { stateVector: 0, diff: 1, update: 2 } as const;

export type IncomingMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' };

export class MalformedMessage extends Error {}

/** Decodes one client frame; throws MalformedMessage for anything a stock client would not send. */
export function decodeMessage(bytes: Uint8Array): IncomingMessage {
  const decoder = decoding.createDecoder(bytes);
  let message: IncomingMessage;
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SyncStep.stateVector) message = { kind: 'sync-step1', stateVector: payload };
        else if (step === SyncStep.diff) message = { kind: 'sync-step2', update: payload };
        else if (step === SyncStep.update) message = { kind: 'sync-update', update: payload };
        else throw new MalformedMessage(`unknown sync step ${step}`);
        break;
      }
      case MessageType.awareness:
        message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.queryAwareness:
        message = { kind: 'query-awareness' };
        break;
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    // lib0 throws on truncated varints and lengths that run past the end.
    throw new MalformedMessage('truncated message');
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after message');
  return message;
}

/**
 * Outgoing messages are Buffers (a view, not a copy): ws would otherwise wrap a plain
 * Uint8Array in a new Buffer for every peer it is sent to.
 */
function finish(encoder: encoding.Encoder): Buffer {
  const bytes = encoding.toUint8Array(encoder);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function encodeSync(step: number, payload: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return finish(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeSync(SyncStep.stateVector, stateVector);
export const encodeSyncStep2 = (diff: Uint8Array) => encodeSync(SyncStep.diff, diff);
export const encodeUpdate = (update: Uint8Array) => encodeSync(SyncStep.update, update);

export function encodeAwareness(update: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return finish(encoder);
}

export function encodePermissionDenied(reason: string): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, reason);
  return finish(encoder);
}

/**
 * An awareness message that changes nothing (zero entries). The stock client drops a socket
 * after 30 s without an inbound message; this resets its timer without touching any state.
 */
export const keepaliveMessage: Buffer = encodeAwareness(Uint8Array.of(0));

/** Yjs encodes an update without structs or deletions as [0, 0]. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
