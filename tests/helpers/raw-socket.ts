import WebSocket from 'ws';
import { waitFor } from './wait.ts';

/** A raw websocket on a board, as a modified client would use it: frames in, frames out. */
export interface RawSocket {
  socket: WebSocket;
  /** Binary messages received, oldest first. */
  received: Uint8Array[];
  /** Set once the server closed the socket. */
  close: { code: number; reason: string } | undefined;
  send(frame: Uint8Array): void;
  /** Sends query-awareness and waits for an answer: everything sent before has been handled. */
  roundTrip(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/** Opens `ws://…/sync/:boardId?token=` and waits for the server's first message (its sync step 1). */
export async function openRawSocket(wsUrl: string, boardId: string, token: string): Promise<RawSocket> {
  const socket = new WebSocket(`${wsUrl}/${boardId}?token=${token}`);
  const raw: RawSocket = {
    socket,
    received: [],
    close: undefined,
    send: (frame) => socket.send(frame, { binary: true }),
    async roundTrip(timeoutMs = 5_000) {
      const before = raw.received.length;
      raw.send(Uint8Array.of(3));
      await waitFor(
        () => raw.close !== undefined || raw.received.slice(before).some((message) => message[0] === 1),
        'an answer to query-awareness',
        timeoutMs,
      );
    },
    destroy: () => socket.terminate(),
  };
  socket.on('message', (data: Buffer) => raw.received.push(new Uint8Array(data)));
  socket.on('close', (code, reason) => (raw.close = { code, reason: reason.toString() }));
  socket.on('error', () => {});
  await waitFor(() => raw.received.length > 0 || raw.close, 'the server’s first message');
  return raw;
}
