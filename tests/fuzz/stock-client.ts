/**
 * The stock y-websocket `WebsocketProvider`, unchanged, on a `ws` socket that behaves like a
 * browser's: an exception thrown by the provider's message handler (Yjs failing to apply what
 * the server sent) is reported and the socket carries on, instead of becoming an uncaught
 * exception of the test process. Every inbound message is also shown to `onInbound` first.
 *
 * The stock client also swallows some failures itself: y-protocols' `readSyncStep2`/`readUpdate`
 * catch what `Y.applyUpdate` throws and only `console.error('Caught error while handling a Yjs
 * update', error)`, and Yjs prints '[yjs] … Changed the client-id because another client seems
 * to be using it.' when an update carries the client's own id. While the provider handles a
 * message, those two console calls are captured (and not printed) so the harness can count them.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface HandlerError {
  at: number;
  /** The event handler that failed: `onmessage` (applying a server message), `onopen`, … */
  handler: string;
  message: string;
  stack: string;
  /** First bytes of the message the handler failed on. */
  head: number[];
  bytes: number;
}

export interface GuardedClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: { at: number; code: number; reason: string }[];
  /** Messages the client could not apply (thrown by the handler, or caught and logged by y-protocols). */
  errors: HandlerError[];
  /** Times Yjs gave this client a new client id because a server message used its id. */
  clientIdChanges: number[];
  /** What `provider.destroy()` threw (the stock provider fails there once its client id changed). */
  destroyErrors: string[];
  destroy(): void;
}

interface Captured {
  errors: HandlerError[];
  clientIdChanges: number[];
}

const swallowedUpdateError = 'Caught error while handling a Yjs update';
const clientIdChanged = 'Changed the client-id because another client seems to be using it.';

function toHandlerError(error: unknown, bytes: Uint8Array, handler: string): HandlerError {
  const err = error instanceof Error ? error : new Error(String(error));
  return { at: Date.now(), handler, message: err.message, stack: err.stack ?? '', head: [...bytes.subarray(0, 12)], bytes: bytes.length };
}

/** Runs `handler` with console.error/console.log captured for the two messages above. */
function runCaptured(captured: Captured, bytes: Uint8Array, handler: () => void, name: string): void {
  const { error: originalError, log: originalLog } = console;
  console.error = (...args: unknown[]) => {
    if (args[0] === swallowedUpdateError) captured.errors.push(toHandlerError(args[1], bytes, name));
    else originalError.apply(console, args);
  };
  console.log = (...args: unknown[]) => {
    // lib0's logging joins the styled parts into one string.
    if (args.some((arg) => typeof arg === 'string' && arg.includes(clientIdChanged))) captured.clientIdChanges.push(Date.now());
    else originalLog.apply(console, args);
  };
  try {
    handler();
  } catch (error) {
    captured.errors.push(toHandlerError(error, bytes, name));
  } finally {
    console.error = originalError;
    console.log = originalLog;
  }
}

type Inbound = (bytes: Uint8Array) => void;

type SocketClass = new (address: string | URL, protocols?: string | string[]) => WebSocket;

const handlerNames = ['onopen', 'onmessage', 'onclose', 'onerror'] as const;

function accessor(name: (typeof handlerNames)[number]): { get(this: WebSocket): unknown; set(this: WebSocket, value: unknown): void } {
  const descriptor = Object.getOwnPropertyDescriptor(WebSocket.prototype, name);
  if (!descriptor?.get || !descriptor.set) throw new Error(`ws WebSocket has no ${name} accessor`);
  return { get: descriptor.get, set: descriptor.set };
}

/**
 * A `ws` WebSocket class whose event handlers are guarded like a browser's: what a handler
 * throws is recorded and the socket carries on. (The stock provider's `onopen` throws, for
 * example, once Yjs changed the doc's client id: it encodes awareness for an id without meta.)
 */
function guardedSocketClass(captured: Captured, onInbound: Inbound | undefined): SocketClass {
  const accessors = Object.fromEntries(handlerNames.map((name) => [name, accessor(name)])) as Record<(typeof handlerNames)[number], ReturnType<typeof accessor>>;
  class GuardedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      for (const name of handlerNames) {
        const { get, set } = accessors[name];
        Object.defineProperty(this, name, {
          configurable: true,
          get: () => get.call(this),
          set: (handler: ((event: unknown) => void) | null) => {
            if (handler === null) {
              set.call(this, null);
              return;
            }
            set.call(this, (event: unknown) => {
              if (name !== 'onmessage') {
                runCaptured(captured, new Uint8Array(0), () => handler(event), name);
                return;
              }
              const data = (event as WebSocket.MessageEvent).data;
              const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : Buffer.isBuffer(data) ? new Uint8Array(data) : new Uint8Array(0);
              try {
                onInbound?.(bytes);
              } catch {
                // inspection must never break the client
              }
              runCaptured(captured, bytes, () => handler(event), name);
            });
          },
        });
      }
    }
  }
  return GuardedWebSocket;
}

export interface GuardedClientOptions {
  doc?: Y.Doc;
  connect?: boolean;
  onInbound?: Inbound;
}

/** A stock client (serverUrl `ws://…/sync`, roomname = board id, `params: {token}`), guarded. */
export function connectGuardedClient(wsUrl: string, boardId: string, token: string, options: GuardedClientOptions = {}): GuardedClient {
  const doc = options.doc ?? new Y.Doc();
  const captured: Captured = { errors: [], clientIdChanges: [] };
  const destroyErrors: string[] = [];
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    WebSocketPolyfill: guardedSocketClass(captured, options.onInbound) as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
    connect: options.connect ?? true,
  });
  const closes: GuardedClient['closes'] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ at: Date.now(), code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    closes,
    errors: captured.errors,
    clientIdChanges: captured.clientIdChanges,
    destroyErrors,
    destroy() {
      try {
        provider.destroy();
      } catch (error) {
        // y-websocket's disconnectBc encodes awareness for doc.clientID, which has no awareness
        // meta once Yjs changed the id: finish the teardown by hand.
        destroyErrors.push(error instanceof Error ? error.message : String(error));
        provider.shouldConnect = false;
        const socket = provider.ws;
        if (socket) {
          socket.onclose = null;
          socket.onmessage = null;
          socket.close();
          provider.ws = null;
        }
        provider.awareness.destroy();
      }
      doc.destroy();
    },
  };
}
