import type { WebSocket } from 'ws';
import { CloseCode, type Role } from '@koppelbord/contract';
import type { RejectReason } from '../metrics/index.ts';
import type { TrafficCounters } from './traffic.ts';

/** What every connection of a server shares. */
export interface ConnectionContext {
  traffic: TrafficCounters;
  maxBufferedBytes: number;
  rejected(reason: RejectReason): void;
}

const OPEN = 1;

/** One client's websocket on one board, with the bookkeeping the protocol needs. */
export class SyncConnection {
  readonly socket: WebSocket;
  readonly role: Role;
  readonly boardId: string;
  /** Awareness client ids this connection announced; removed when it closes. */
  readonly clientIds = new Set<number>();
  /** Cleared on each ping, set by the pong; a socket still false at the next ping is dead. */
  alive = true;
  lastSentAt = Date.now();
  /** A viewer is told once that its edits are refused, not on every retry of the stock client. */
  permissionDeniedSent = false;
  #closed = false;
  readonly #context: ConnectionContext;

  constructor(socket: WebSocket, boardId: string, role: Role, context: ConnectionContext) {
    this.socket = socket;
    this.boardId = boardId;
    this.role = role;
    this.#context = context;
  }

  get closed(): boolean {
    return this.#closed || this.socket.readyState !== OPEN;
  }

  /**
   * Sends one binary message. A reader that lets its backlog grow past the limit is closed
   * (1013) instead of queueing without bound; it resyncs from the server when it returns.
   * Returns false when the message was not sent.
   */
  send(message: Uint8Array): boolean {
    if (this.closed) return false;
    if (this.socket.bufferedAmount > this.#context.maxBufferedBytes) {
      this.#context.rejected('slow_consumer');
      this.close(CloseCode.tryAgainLater, 'slow consumer');
      return false;
    }
    this.socket.send(message, { binary: true });
    this.lastSentAt = Date.now();
    this.#context.traffic.messagesOut++;
    this.#context.traffic.bytesOut += message.byteLength;
    return true;
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.socket.close(code, reason);
  }

  /** Drops the TCP connection without a close handshake (dead peers). */
  terminate(): void {
    this.#closed = true;
    this.socket.terminate();
  }
}
