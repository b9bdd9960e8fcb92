import type { WebSocket } from 'ws';
import { CloseCode, type Role } from '@koppelbord/contract';
import type { RejectReason } from '../metrics/index.ts';
import { TokenBucket } from '../rate-limit/index.ts';
import type { TrafficCounters } from './traffic.ts';

/** What every connection of a server shares. */
export interface ConnectionContext {
  traffic: TrafficCounters;
  maxBufferedBytes: number;
  rejected(reason: RejectReason): void;
  rates: { messageBurst: number; messageRate: number; byteBurst: number; byteRate: number };
}

const OPEN = 1;

/** One client's websocket on one board, with the bookkeeping the protocol needs. */
export class SyncConnection {
  readonly socket: WebSocket;
  readonly role: Role;
  readonly boardId: string;
  /** Cleared on each ping, set by the pong; a socket still false at the next ping is dead. */
  alive = true;
  lastSentAt = Date.now();
  /** A viewer is told once that its edits are refused, not on every retry of the stock client. */
  permissionDeniedSent = false;
  #closed = false;
  #askedForMissing = false;
  #joined = false;
  readonly #context: ConnectionContext;
  readonly #messages: TokenBucket;
  readonly #bytes: TokenBucket;

  constructor(socket: WebSocket, boardId: string, role: Role, context: ConnectionContext) {
    this.socket = socket;
    this.boardId = boardId;
    this.role = role;
    this.#context = context;
    const now = Date.now();
    this.#messages = new TokenBucket(context.rates.messageBurst, context.rates.messageRate, now);
    this.#bytes = new TokenBucket(context.rates.byteBurst, context.rates.byteRate, now);
  }

  /**
   * Charges this connection's rate limits for what it makes the server do: `messages` it sent
   * (that change something or ask for something) and `bytes` the server receives, stores or
   * answers with on its behalf. False when a bucket is empty: the caller closes it (1008).
   */
  spend(messages: number, bytes: number, now = Date.now()): boolean {
    return (messages === 0 || this.#messages.take(now, messages)) && (bytes === 0 || this.#bytes.take(now, bytes));
  }

  get closed(): boolean {
    return this.#closed || this.socket.readyState !== OPEN;
  }

  /**
   * Sends one binary message. A reader that lets its backlog grow past the limit is closed
   * (1013) instead of queueing without bound; it resyncs from the server when it returns.
   */
  send(message: Uint8Array): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > this.#context.maxBufferedBytes) {
      this.#context.rejected('slow_consumer');
      this.close(CloseCode.tryAgainLater, 'slow consumer');
      return;
    }
    this.socket.send(message, { binary: true });
    this.lastSentAt = Date.now();
    this.#context.traffic.messagesOut++;
    this.#context.traffic.bytesOut += message.byteLength;
  }

  /**
   * True for the first state request of this connection (its join), which costs nothing
   * however large the board: a stock client asks once per connection, and new connections
   * are limited per address. Later requests are charged for what they make the server send.
   */
  takeJoin(): boolean {
    if (this.#joined) return false;
    this.#joined = true;
    return true;
  }

  /**
   * True the first time only: the server asks a client for changes it lacks once per
   * connection (its answer holds everything the client has; asking again would only bring
   * the same updates, still waiting, a second time).
   */
  takeAskForMissing(): boolean {
    if (this.#askedForMissing) return false;
    this.#askedForMissing = true;
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
