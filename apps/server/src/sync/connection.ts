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

/** What a connection uses of its websocket: ws's `WebSocket` has it all. */
export interface ConnectionSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array, options: { binary: true }): void;
  close(code: CloseCode, reason: string): void;
  terminate(): void;
  ping(): void;
}

const OPEN = 1;

/** One client's websocket on one board, with the bookkeeping the protocol needs. */
export class SyncConnection {
  readonly #socket: ConnectionSocket;
  #role: Role;
  readonly boardId: string;
  /** Derived by the server from the participant key the client sent (contract participants.ts); null: it sent none. */
  readonly participantId: string | null;
  /** Cleared on each ping, set by the pong; a socket still false at the next ping is dead. */
  #alive = true;
  #lastSentAt = Date.now();
  #closed = false;
  #askedForMissing = false;
  #joined = false;
  #toldReadOnly = false;
  readonly #context: ConnectionContext;
  readonly #messages: TokenBucket;
  readonly #bytes: TokenBucket;

  constructor(socket: ConnectionSocket, boardId: string, role: Role, context: ConnectionContext, participantId: string | null = null) {
    this.#socket = socket;
    this.boardId = boardId;
    this.participantId = participantId;
    this.#role = role;
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

  /** The role its invite has now (the owner can change it while the connection is open). */
  get role(): Role {
    return this.#role;
  }

  /**
   * Gives the connection another role at once (access/: an invite's role changed). Its next
   * update is judged by the new role; a new viewer is told again that its edits are refused.
   */
  changeRole(role: Role): void {
    if (role === this.#role) return;
    this.#role = role;
    this.#toldReadOnly = false;
  }

  get closed(): boolean {
    return this.#closed || this.#socket.readyState !== OPEN;
  }

  /** When the last message went out (keepalives fill silences). */
  get lastSentAt(): number {
    return this.#lastSentAt;
  }

  /**
   * Sends one binary message. A reader that lets its backlog grow past the limit is closed
   * (1013) instead of queueing without bound; it resyncs from the server when it returns.
   */
  send(message: Uint8Array): void {
    if (this.closed) return;
    if (this.#socket.bufferedAmount > this.#context.maxBufferedBytes) {
      this.#context.rejected('slow_consumer');
      this.close(CloseCode.tryAgainLater, 'slow consumer');
      return;
    }
    this.#socket.send(message, { binary: true });
    this.#lastSentAt = Date.now();
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

  /** True the first time only: a viewer is told once that its edits are refused, not on every retry of the stock client. */
  takeReadOnlyNotice(): boolean {
    if (this.#toldReadOnly) return false;
    this.#toldReadOnly = true;
    return true;
  }

  /**
   * Pings the peer, unless it never answered the previous ping: then nothing is sent and it
   * returns false (the peer is dead; the caller terminates it).
   */
  ping(): boolean {
    if (!this.#alive) return false;
    this.#alive = false;
    this.#socket.ping();
    return true;
  }

  /** The peer answered a ping. */
  pong(): void {
    this.#alive = true;
  }

  close(code: CloseCode, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.close(code, reason);
  }

  /** Drops the TCP connection without a close handshake (dead peers). */
  terminate(): void {
    this.#closed = true;
    this.#socket.terminate();
  }
}
