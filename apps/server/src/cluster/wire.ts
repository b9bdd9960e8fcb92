/**
 * What instances tell each other over Redis pub/sub, one binary message per publish. Redis is
 * only a shortcut: every message either repeats what PostgreSQL already holds (updates are
 * published after their commit) or is a hint to go and read it (seq ranges, head seqs, access
 * events), so a lost, duplicated or reordered message delays convergence but never changes it.
 *
 * Layout (lib0 varints and length-prefixed byte strings):
 *   header     [varUint version = 1, varUint kind, varString origin instance id]
 *   update     header(0) [varUint fromSeq, varUint toSeq, varUint8Array update]
 *                the board's committed seqs fromSeq..toSeq merged into one Yjs update (v1)
 *   range      header(1) [varUint fromSeq, varUint toSeq]
 *                the same without the bytes (above `inlineUpdateMaxBytes`): read them from the store
 *   head       header(2) [varUint headSeq]
 *                the board's highest committed seq as the sender knows it (heartbeat)
 *   awareness  header(3) [varUint8Array awareness update]
 *                y-protocols awareness update of clients connected to the origin instance
 *   access     header(4) [varString boardId, varString action, varString inviteId, varUint clientId + 1]
 *                an access change (audit action) to apply to live connections; inviteId '' and
 *                clientId 0 for none. Published on the control channel, not a board channel.
 *
 * The board of a board message is its channel's (see `boardChannel`).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const wireVersion = 1;

export const WireKind = { update: 0, range: 1, head: 2, awareness: 3, access: 4 } as const;

/** The audit actions that change who may be on a board, and so travel to other instances. */
export const accessActions = ['invite.revoke', 'invite.role', 'owner.rotate', 'board.rename', 'board.delete', 'session.end'] as const;
export type AccessAction = (typeof accessActions)[number];

export const isAccessAction = (action: string): action is AccessAction => (accessActions as readonly string[]).includes(action);

export interface AccessChange {
  boardId: string;
  action: AccessAction;
  /** The invite the action is about, if any. */
  inviteId: string | null;
  /** The presence id whose session was ended (`session.end`), if any. */
  clientId: number | null;
}

export type ClusterMessage =
  | { kind: 'update'; origin: string; fromSeq: number; toSeq: number; update: Uint8Array }
  | { kind: 'range'; origin: string; fromSeq: number; toSeq: number }
  | { kind: 'head'; origin: string; headSeq: number }
  | { kind: 'awareness'; origin: string; update: Uint8Array }
  | ({ kind: 'access'; origin: string } & AccessChange);

export class MalformedClusterMessage extends Error {}

/** Longest board id or instance id a message may carry (ours are far shorter). */
const maxIdLength = 200;

function readId(decoder: decoding.Decoder, what: string): string {
  const value = decoding.readVarString(decoder);
  if (value.length > maxIdLength) throw new MalformedClusterMessage(`${what} longer than ${maxIdLength} characters`);
  return value;
}

function readSeqRange(decoder: decoding.Decoder): { fromSeq: number; toSeq: number } {
  const fromSeq = decoding.readVarUint(decoder);
  const toSeq = decoding.readVarUint(decoder);
  if (fromSeq < 1 || toSeq < fromSeq) throw new MalformedClusterMessage(`bad seq range ${fromSeq}..${toSeq}`);
  return { fromSeq, toSeq };
}

/**
 * Decodes one message; throws MalformedClusterMessage for anything this version would not
 * send (a newer version's message too: instances of one deployment run one version, and a
 * message we cannot read only costs the poll's delay).
 */
export function decodeClusterMessage(bytes: Uint8Array): ClusterMessage {
  const decoder = decoding.createDecoder(bytes);
  let message: ClusterMessage;
  try {
    const version = decoding.readVarUint(decoder);
    if (version !== wireVersion) throw new MalformedClusterMessage(`unknown wire version ${version}`);
    const kind = decoding.readVarUint(decoder);
    const origin = readId(decoder, 'origin');
    switch (kind) {
      case WireKind.update: {
        const range = readSeqRange(decoder);
        message = { kind: 'update', origin, ...range, update: decoding.readVarUint8Array(decoder) };
        break;
      }
      case WireKind.range:
        message = { kind: 'range', origin, ...readSeqRange(decoder) };
        break;
      case WireKind.head:
        message = { kind: 'head', origin, headSeq: decoding.readVarUint(decoder) };
        break;
      case WireKind.awareness:
        message = { kind: 'awareness', origin, update: decoding.readVarUint8Array(decoder) };
        break;
      case WireKind.access: {
        const boardId = readId(decoder, 'board id');
        const action = decoding.readVarString(decoder);
        if (!isAccessAction(action)) throw new MalformedClusterMessage(`unknown access action ${action.slice(0, 40)}`);
        const inviteId = readId(decoder, 'invite id');
        const clientId = decoding.readVarUint(decoder);
        if (boardId === '') throw new MalformedClusterMessage('access event without a board id');
        message = { kind: 'access', origin, boardId, action, inviteId: inviteId === '' ? null : inviteId, clientId: clientId === 0 ? null : clientId - 1 };
        break;
      }
      default:
        throw new MalformedClusterMessage(`unknown message kind ${kind}`);
    }
  } catch (error) {
    if (error instanceof MalformedClusterMessage) throw error;
    // lib0 throws on truncated varints, lengths past the end and invalid UTF-8.
    throw new MalformedClusterMessage('truncated message');
  }
  if (decoding.hasContent(decoder)) throw new MalformedClusterMessage('trailing bytes after message');
  return message;
}

function header(kind: number, origin: string): encoding.Encoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, wireVersion);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarString(encoder, origin);
  return encoder;
}

/** Buffers, not copies: ioredis sends a Buffer as it is. */
function finish(encoder: encoding.Encoder): Buffer {
  const bytes = encoding.toUint8Array(encoder);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeClusterMessage(message: ClusterMessage): Buffer {
  switch (message.kind) {
    case 'update': {
      const encoder = header(WireKind.update, message.origin);
      encoding.writeVarUint(encoder, message.fromSeq);
      encoding.writeVarUint(encoder, message.toSeq);
      encoding.writeVarUint8Array(encoder, message.update);
      return finish(encoder);
    }
    case 'range': {
      const encoder = header(WireKind.range, message.origin);
      encoding.writeVarUint(encoder, message.fromSeq);
      encoding.writeVarUint(encoder, message.toSeq);
      return finish(encoder);
    }
    case 'head': {
      const encoder = header(WireKind.head, message.origin);
      encoding.writeVarUint(encoder, message.headSeq);
      return finish(encoder);
    }
    case 'awareness': {
      const encoder = header(WireKind.awareness, message.origin);
      encoding.writeVarUint8Array(encoder, message.update);
      return finish(encoder);
    }
    case 'access': {
      const encoder = header(WireKind.access, message.origin);
      encoding.writeVarString(encoder, message.boardId);
      encoding.writeVarString(encoder, message.action);
      encoding.writeVarString(encoder, message.inviteId ?? '');
      encoding.writeVarUint(encoder, message.clientId === null ? 0 : message.clientId + 1);
      return finish(encoder);
    }
  }
}

/**
 * A committed update travels inline up to `inlineMaxBytes`; above, only its seq range (the
 * receivers read the bytes from the store), so one large paste does not fill every
 * subscriber's output buffer.
 */
export function committedMessage(origin: string, fromSeq: number, toSeq: number, update: Uint8Array, inlineMaxBytes: number): ClusterMessage {
  return update.byteLength <= inlineMaxBytes ? { kind: 'update', origin, fromSeq, toSeq, update } : { kind: 'range', origin, fromSeq, toSeq };
}

const channelPrefix = 'koppelbord:board:';

/** The pub/sub channel of one board's updates, head seqs and awareness. */
export const boardChannel = (boardId: string) => `${channelPrefix}${boardId}`;
/** The board a board channel belongs to, or null for any other channel. */
export const boardOfChannel = (channel: string): string | null => (channel.startsWith(channelPrefix) ? channel.slice(channelPrefix.length) : null);
/** The channel every instance subscribes to: access events. */
export const controlChannel = 'koppelbord:control';
/** An instance's liveness key (expires `instanceTtlMs` after its last heartbeat). */
export const instanceKey = (instanceId: string) => `koppelbord:instance:${instanceId}`;
