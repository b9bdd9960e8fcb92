import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '@koppelbord/contract';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const maxMessageBytes = 64 * 1024;
const maxDocumentBytes = 256 * 1024;
let server: TestServer;
let boardId: string;
let token: string;
let bystander: TestClient;

beforeAll(async () => {
  server = await startTestServer({ limits: { maxMessageBytes, maxDocumentBytes } });
  const board = await server.createBoard();
  boardId = board.id;
  token = tokenOf(board.links.edit);
  // A well-behaved client on the same board, with content, that must not notice any of this.
  bystander = await connectSynced(server.wsUrl, boardId, token);
  bystander.doc.getMap('shapes').set('kept', 'yes');
});

afterAll(async () => {
  bystander.destroy();
  await server.stop();
});

/** Opens a raw socket, waits for the server's first message, sends `frame`, returns the close code. */
async function closeCodeAfter(frame: Uint8Array | string): Promise<number> {
  const socket = new WebSocket(`${server.wsUrl}/${boardId}?token=${token}`);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
  });
  socket.send(frame, { binary: typeof frame !== 'string' });
  return closed;
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

async function stillServing(): Promise<void> {
  // The bystander's socket stayed up and its board still syncs, both ways.
  expect(bystander.provider.wsconnected).toBe(true);
  expect(bystander.closes).toEqual([]);
  const probe = await connectSynced(server.wsUrl, boardId, token);
  try {
    expect(probe.doc.getMap('shapes').get('kept')).toBe('yes');
    const stamp = `${Date.now()}-${Math.random()}`;
    probe.doc.getMap('probe').set('stamp', stamp);
    await waitFor(() => bystander.doc.getMap('probe').get('stamp') === stamp, 'the bystander to receive a new edit');
  } finally {
    probe.destroy();
  }
}

describe('hostile and malformed frames close only their own connection', () => {
  const cases: [string, Uint8Array | string, number][] = [
    ['garbage bytes', Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x13, 0x37]), CloseCode.policy],
    ['a truncated varint', Uint8Array.from([0x80, 0x80, 0x80]), CloseCode.policy],
    ['a length running past the end', Uint8Array.from([0, 2, 50, 1, 2, 3]), CloseCode.policy],
    ['an unknown message type', Uint8Array.from([7]), CloseCode.policy],
    ['an unknown sync step', syncMessage(9, Uint8Array.of(0)), CloseCode.policy],
    ['an empty frame', new Uint8Array(0), CloseCode.policy],
    ['trailing bytes', Uint8Array.from([3, 0, 0]), CloseCode.policy],
    ['a text frame', 'hello', CloseCode.policy],
    ['invalid update bytes', syncMessage(2, Uint8Array.from([1, 1, 200, 1, 5, 99, 99, 99])), CloseCode.policy],
    ['invalid sync step 2', syncMessage(1, Uint8Array.from([5, 255, 255, 255, 255, 15, 1])), CloseCode.policy],
    ['a malformed state vector', syncMessage(0, Uint8Array.from([3, 1])), CloseCode.policy],
    ['malformed awareness JSON', Uint8Array.from([1, 8, 1, 1, 1, 4, ...new TextEncoder().encode('{no')]), CloseCode.policy],
    ['a frame over the size limit', new Uint8Array(maxMessageBytes + 1), CloseCode.tooBig],
  ];

  for (const [name, frame, expected] of cases) {
    it(`${name} → ${expected}`, async () => {
      expect(await closeCodeAfter(frame)).toBe(expected);
      await stillServing();
    });
  }

  it('an update that would grow the document past its limit → 1009, nothing stored is lost', async () => {
    const writer = await connectSynced(server.wsUrl, boardId, token);
    try {
      // Each update fits in a frame; together they would pass the document limit.
      const chunk = 'x'.repeat(maxMessageBytes / 2);
      for (let i = 0; i * chunk.length <= maxDocumentBytes && writer.closes.length === 0; i++) {
        writer.doc.getMap('blob').set(`part-${i}`, chunk);
        await waitFor(() => bystander.doc.getMap('blob').has(`part-${i}`) || writer.closes.length > 0, `part ${i} to be stored or refused`);
      }
      expect((await waitFor(() => writer.closes[0], 'the writer to be closed')).code).toBe(CloseCode.tooBig);
    } finally {
      writer.destroy();
    }
    const stored = bystander.doc.getMap('blob').size;
    expect(stored).toBeGreaterThan(0);
    expect(stored * (maxMessageBytes / 2)).toBeLessThanOrEqual(maxDocumentBytes);
    await stillServing();
  });

  it('a malformed participant key → 1008 before anything is loaded', async () => {
    const socket = new WebSocket(`${server.wsUrl}/${boardId}?token=${token}&participant=${'x'.repeat(12)}`);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    expect(closed).toEqual({ code: CloseCode.policy, reason: 'malformed participant key' });
    await stillServing();
  });

  it('counts refused messages by reason in /metrics', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^koppelbord_rejected_messages_total\{reason="malformed"\} [1-9]/m);
    expect(metrics).toMatch(/^koppelbord_rejected_messages_total\{reason="text_frame"\} 1$/m);
    expect(metrics).toMatch(/^koppelbord_rejected_messages_total\{reason="document_too_big"\} 1$/m);
  });
});
