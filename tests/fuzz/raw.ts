/**
 * A raw fuzz connection: a plain `ws` socket with an edit token that plays cases and probes.
 *
 * Answer detection. After a case's frames the connection sends a query-awareness probe `[3]`.
 * The server answers that with every awareness state it holds, and every connection keeps one
 * state of its own there (a marker with an id from `markerIdBase` up, set when the socket
 * opens and renewed every 10 s). So the probe counts as answered when an awareness message
 * holding this connection's marker arrives after it — broadcasts of other peers' changes, which
 * arrive all the time, do not contain it — or when the socket closes. This is stricter than
 * "any message after the probe", which honest edits broadcast to everyone would satisfy even
 * when the probe itself is never handled.
 */
import WebSocket from 'ws';
import { awarenessUpdate } from './awareness.ts';
import { markerIdBase } from './context.ts';
import { awarenessFrame, inspectAwarenessUpdate, inspectMessage, MessageType, queryAwarenessFrame, type Frame } from './frames.ts';

export type CaseResult = 'answered' | 'closed' | 'unanswered' | 'not-connected';

export interface CaseOutcome {
  caseId: number;
  label: string;
  slot: number;
  sentAt: number;
  doneAt: number;
  result: CaseResult;
  closeCode?: number;
  closeReason?: string;
}

export interface RawConnectionOptions {
  slot: number;
  /** `ws://127.0.0.1:PORT/sync/BOARD?token=TOKEN` */
  url: string;
  answerTimeoutMs: number;
  openTimeoutMs: number;
}

interface Waiter {
  resolve(result: { result: CaseResult; code?: number; reason?: string }): void;
}

const markerRenewMs = 10_000;
const markerEchoMs = 500;

export class RawConnection {
  readonly slot: number;
  readonly markerId: number;
  opens = 0;
  openFailures = 0;
  markerTimeouts = 0;
  /** Close codes the server sent this slot, over all its sockets. */
  readonly closeCodes = new Map<number, number>();
  readonly #options: RawConnectionOptions;
  #socket: WebSocket | undefined;
  #markerClock = 0;
  #markerAt = 0;
  #waiter: Waiter | undefined;
  #closeInfo: { code: number; reason: string } | undefined;
  #closed: Promise<void> = Promise.resolve();

  constructor(options: RawConnectionOptions) {
    this.#options = options;
    this.slot = options.slot;
    this.markerId = markerIdBase + options.slot;
  }

  get open(): boolean {
    return this.#socket !== undefined && this.#socket.readyState === WebSocket.OPEN;
  }

  /** Opens a socket if there is none and announces the marker. False when the server refused. */
  async ensureOpen(): Promise<boolean> {
    if (this.open) {
      if (Date.now() - this.#markerAt > markerRenewMs) await this.#announceMarker();
      return true;
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.#connect()) {
        // The server removed the marker of the previous socket one clock past its last state;
        // a state at that same clock would be stale (the stock client learns this from the
        // server's reply and counts on; this connection simply skips the clock).
        this.#markerClock++;
        await this.#announceMarker();
        return true;
      }
      this.openFailures++;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
    return false;
  }

  /** Sends a case's frames and the probe; resolves when answered, closed, or after the timeout. */
  async play(caseId: number, label: string, frames: readonly Frame[]): Promise<CaseOutcome> {
    const sentAt = Date.now();
    if (!(await this.ensureOpen())) return { caseId, label, slot: this.slot, sentAt, doneAt: Date.now(), result: 'not-connected' };
    const socket = this.#socket!;
    for (const frame of frames) {
      if (socket.readyState !== WebSocket.OPEN) break;
      socket.send(frame, { binary: typeof frame !== 'string' }, () => {});
    }
    if (socket.readyState === WebSocket.OPEN) socket.send(queryAwarenessFrame(), { binary: true }, () => {});
    const outcome = await this.#awaitAnswer();
    const done: CaseOutcome = { caseId, label, slot: this.slot, sentAt, doneAt: Date.now(), ...outcome };
    if (outcome.result === 'unanswered') this.terminate();
    return done;
  }

  /** Closes the socket (the server then drops the awareness states it announced) and waits for it. */
  async recycle(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000, 'recycle');
    await Promise.race([this.#closed, new Promise((resolve) => setTimeout(resolve, this.#options.answerTimeoutMs))]);
    if (this.#socket === socket) this.terminate();
  }

  terminate(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.removeAllListeners('message');
    socket?.terminate();
  }

  #connect(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = new WebSocket(this.#options.url);
      let settled = false;
      const timer = setTimeout(() => finish(false), this.#options.openTimeoutMs);
      const finish = (ok: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!ok) socket.terminate();
        resolve(ok);
      };
      let markClosed: () => void = () => {};
      this.#closed = new Promise<void>((resolveClosed) => (markClosed = resolveClosed));
      socket.on('open', () => {
        this.#socket = socket;
        this.#closeInfo = undefined;
        this.opens++;
        finish(true);
      });
      socket.on('error', () => finish(false));
      socket.on('message', (data: Buffer) => this.#onMessage(socket, data));
      socket.on('close', (code, reason) => {
        finish(false);
        markClosed();
        if (this.#socket !== socket) return;
        this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1);
        this.#closeInfo = { code, reason: reason.toString() };
        this.#socket = undefined;
        const waiter = this.#waiter;
        this.#waiter = undefined;
        waiter?.resolve({ result: 'closed', code, reason: reason.toString() });
      });
    });
  }

  async #announceMarker(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    this.#markerAt = Date.now();
    socket.send(awarenessFrame(awarenessUpdate([{ clientId: this.markerId, clock: ++this.#markerClock, json: `{"fuzzProbe":${this.slot}}` }])), { binary: true }, () => {});
    // The server broadcasts the change to everyone, this socket included. Waiting for that echo
    // keeps it from being taken for the next probe's answer; a room whose awareness is stuck
    // never echoes, so the wait is short (an echo arriving later can only make one case pass early).
    const answer = await this.#awaitAnswer(Math.min(this.#options.answerTimeoutMs, markerEchoMs));
    if (answer.result === 'unanswered') this.markerTimeouts++;
  }

  #awaitAnswer(timeoutMs = this.#options.answerTimeoutMs): Promise<{ result: CaseResult; closeCode?: number; closeReason?: string }> {
    if (!this.#socket) {
      const info = this.#closeInfo;
      return Promise.resolve({ result: 'closed', closeCode: info?.code, closeReason: info?.reason });
    }
    return new Promise((resolve) => {
      // The verdict waits one more turn: when this process itself was busy (building a heavy
      // case), the timer fires before the socket's waiting data is read, and an answer that
      // arrived in time would count as missing.
      const timer = setTimeout(() => {
        setImmediate(() => {
          if (this.#waiter !== waiter) return;
          this.#waiter = undefined;
          resolve({ result: 'unanswered' });
        });
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: ({ result, code, reason }) => {
          clearTimeout(timer);
          resolve({ result, closeCode: code, closeReason: reason });
        },
      };
      this.#waiter = waiter;
    });
  }

  #onMessage(socket: WebSocket, data: Buffer): void {
    const waiter = this.#waiter;
    if (!waiter || socket !== this.#socket) return;
    const message = inspectMessage(data);
    if (message.type !== MessageType.awareness || !message.payload) return;
    const entries = inspectAwarenessUpdate(message.payload);
    if (entries?.some((entry) => entry.clientId === this.markerId && !entry.removal)) {
      this.#waiter = undefined;
      waiter.resolve({ result: 'answered' });
    }
  }
}
