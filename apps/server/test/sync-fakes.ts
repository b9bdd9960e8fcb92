/**
 * What the unit tests of the sync classes (board-room, commit-pipeline, room-registry) build
 * their subjects from: real SyncConnections on a recording socket (the connection takes the
 * ConnectionSocket interface), a RoomContext with a silent log and small limits, client-side
 * Yjs updates and frames, and a decoder for what a socket was sent.
 */
import { CloseCode, type Role } from '@koppelbord/contract';
import { createBoardSchema } from '@koppelbord/board-model';
import * as Y from 'yjs';
import { createLogger } from '../src/log.ts';
import { createMetrics } from '../src/metrics/index.ts';
import type { BoardRoom, RoomContext } from '../src/sync/board-room.ts';
import { SyncConnection, type ConnectionSocket } from '../src/sync/connection.ts';
import { decodeMessage, encodeUpdate, MessageType, type IncomingMessage } from '../src/sync/protocol.ts';
import { TrafficCounters } from '../src/sync/traffic.ts';

const OPEN = 1;
const CLOSED = 3;

/** A message the server sent: sync and awareness frames decode like a client's; auth frames say only that. */
export type SentMessage = IncomingMessage | { kind: 'permission-denied' };

/** A websocket that records what the server sends and how it closes it. */
export class RecordingSocket implements ConnectionSocket {
  readyState = OPEN;
  bufferedAmount = 0;
  readonly sent: Uint8Array[] = [];
  closedWith: { code: CloseCode; reason: string } | undefined;
  pings = 0;

  send(data: Uint8Array): void {
    this.sent.push(data);
  }

  close(code: CloseCode, reason: string): void {
    this.closedWith = { code, reason };
    this.readyState = CLOSED;
  }

  terminate(): void {
    this.readyState = CLOSED;
  }

  ping(): void {
    this.pings++;
  }

  /** What the server sent since the last call, decoded. */
  takeSent(): SentMessage[] {
    return this.sent.splice(0).map((bytes) => (bytes[0] === MessageType.auth ? { kind: 'permission-denied' } : decodeMessage(bytes)));
  }
}

export interface TestClient {
  connection: SyncConnection;
  socket: RecordingSocket;
}

export function testClient(role: Role, boardId = 'board-1'): TestClient {
  const socket = new RecordingSocket();
  // Rates of 0 switch the connection's rate limits off.
  const rates = { messageBurst: 0, messageRate: 0, byteBurst: 0, byteRate: 0 };
  const connection = new SyncConnection(socket, boardId, role, { traffic: new TrafficCounters(), maxBufferedBytes: 1 << 20, rejected: () => {}, rates });
  return { connection, socket };
}

/** A client attached to `room`, with the greeting it got on attaching already taken. */
export function attachedClient(room: BoardRoom, role: Role): TestClient {
  const client = testClient(role, room.boardId);
  room.attach(client.connection);
  client.socket.takeSent();
  return client;
}

/** Resolves after the event-loop turn queued so far (a commit pipeline flushes at the end of a turn). */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export const silentLog = createLogger('silent');

/** A RoomContext whose flush requests go to `schedule` (by default: recorded, never flushed). */
export function roomContext(schedule: (room: BoardRoom) => void = () => {}): RoomContext {
  const metrics = createMetrics();
  return {
    schedule,
    rejected: (reason) => metrics.rejected.inc({ reason }),
    reverted: (reason, count) => metrics.recordsReverted.inc({ reason }, count),
    refusedWrite: () => {},
    lockChanged: () => {},
    pendingDropped: (count) => metrics.pendingDropped.inc(count),
    parsed: () => metrics.boardParses.inc(),
    encodedFullState: () => metrics.fullStateEncodes.inc(),
    traffic: new TrafficCounters(),
    log: silentLog,
    schema: createBoardSchema(),
    limits: {
      maxDocumentBytes: 1 << 20,
      updates: { maxValueDepth: 16, maxRootTypes: 100 },
      pending: { maxBytes: 1 << 16, timeoutMs: 30_000 },
      awareness: { maxStateBytes: 1024, maxDepth: 8, maxClientsPerConnection: 2 },
    },
  };
}

/** A client-side doc that makes the updates a stock client would send. */
export class ClientDoc {
  readonly doc = new Y.Doc();

  /** Sets `key` in the `shapes` map; returns the update as a sync-update frame. */
  set(key: string, value: number): Buffer {
    const before = Y.encodeStateVector(this.doc);
    this.doc.getMap('shapes').set(key, value);
    return encodeUpdate(Y.encodeStateAsUpdate(this.doc, before));
  }
}

/** The `shapes` map a client ends up with after applying every update and sync step 2 it was sent. */
export function shapesAfter(messages: readonly SentMessage[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const message of messages) {
    if (message.kind === 'sync-update' || message.kind === 'sync-step2') Y.applyUpdate(doc, message.update);
  }
  return doc.getMap('shapes').toJSON();
}

/** A stored update setting `key` in `shapes`, as a board's log row holds it. */
export function storedUpdate(key: string, value: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('shapes').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}
