import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '@koppelbord/contract';
import { connectSynced } from '../helpers/client.ts';
import { useTestServer } from '../helpers/fixture.ts';
import { tokenOf } from '../helpers/server.ts';

const maxBufferedBytes = 128 * 1024;
const fixture = useTestServer({ limits: { maxBufferedBytes } });

describe('slow readers', () => {
  it('closes a reader that stops reading with 1013 once its backlog passes the limit; others carry on', async () => {
    const { server } = fixture;
    const board = await server.createBoard();
    const token = tokenOf(board.links.edit);
    const stalled = new WebSocket(`${server.wsUrl}/${board.id}?token=${token}`);
    let closeCode: number | undefined;
    const closed = new Promise<number>((resolve) => stalled.on('close', (code) => resolve((closeCode = code))));
    await new Promise((resolve) => stalled.once('message', resolve));
    // Stop reading from the TCP socket: what the server sends piles up in its buffer.
    stalled.pause();

    const writer = await connectSynced(server.wsUrl, board.id, token);
    const reader = await connectSynced(server.wsUrl, board.id, token);
    fixture.clients.push(writer, reader);
    const chunk = 'y'.repeat(256 * 1024);
    // Bounded: 200 × 256 KiB is far more than loopback socket buffers hold.
    for (let i = 0; i < 200 && (await fixture.metric('koppelbord_rejected_messages_total{reason="slow_consumer"}')) === 0; i++) {
      writer.doc.getMap('flood').set(`k${i % 4}`, `${i}${chunk}`);
    }
    expect(await fixture.metric('koppelbord_rejected_messages_total{reason="slow_consumer"}')).toBe(1);
    // Reading again, it finds the close frame (1013: try again later) behind the backlog.
    stalled.resume();
    expect(await closed).toBe(CloseCode.tryAgainLater);
    expect(closeCode).toBe(CloseCode.tryAgainLater);
    expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);
  });
});
