import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { waitFor } from './wait.ts';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events of this client's sockets, newest last. */
  closes: { code: number; reason: string }[];
  destroy(): void;
}

/** A stock y-websocket client, exactly as a browser would use it (but with `ws` in Node). */
export function connectClient(wsUrl: string, boardId: string, token: string | undefined, options: { doc?: Y.Doc; connect?: boolean } = {}): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: token === undefined ? {} : { token },
    disableBc: true,
    connect: options.connect ?? true,
  });
  const closes: TestClient['closes'] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function connectSynced(wsUrl: string, boardId: string, token: string, options: { doc?: Y.Doc } = {}): Promise<TestClient> {
  const client = connectClient(wsUrl, boardId, token, options);
  await waitFor(() => client.provider.synced, `client on ${boardId} to sync`);
  return client;
}

/** The first close code a client saw (waits for it). */
export async function firstCloseCode(client: TestClient): Promise<number> {
  const close = await waitFor(() => client.closes[0], 'the socket to be closed');
  return close.code;
}
