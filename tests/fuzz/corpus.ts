/**
 * Frames recorded from a real stock client: a y-websocket `WebsocketProvider` connects to a
 * tiny recording server on 127.0.0.1, syncs, and makes the kinds of edits the tldraw binding
 * makes (records as Y.Maps with nested props, deletes, text with formatting, arrays, presence).
 * Every frame it sends is kept. The document's client id comes from the seed and each step
 * waits for its frame, so a seed always records the same bytes (they are sorted by kind, then
 * by content, to be independent of arrival order).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { emptyStateVector, inspectMessage, MessageType, syncStep1Frame } from './frames.ts';
import { Prng } from '../helpers/prng.ts';

export type RecordedKind = 'sync-step1' | 'sync-step2' | 'sync-update' | 'awareness' | 'other';

export interface RecordedFrame {
  kind: RecordedKind;
  bytes: Uint8Array;
}

export interface Corpus {
  /** The client id the recorded document used. */
  clientId: number;
  frames: RecordedFrame[];
  byKind: Record<RecordedKind, RecordedFrame[]>;
}

function kindOf(bytes: Uint8Array): RecordedKind {
  const message = inspectMessage(bytes);
  if (message.type === MessageType.sync) {
    if (message.step === 0) return 'sync-step1';
    if (message.step === 1) return 'sync-step2';
    if (message.step === 2) return 'sync-update';
  }
  if (message.type === MessageType.awareness) return 'awareness';
  return 'other';
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const kindOrder: RecordedKind[] = ['sync-step1', 'sync-step2', 'sync-update', 'awareness', 'other'];

/** Records a stock client's frames; the edits and ids depend only on `seed`. Bounded by `timeoutMs`. */
export async function recordStockFrames(seed: number, timeoutMs = 10_000): Promise<Corpus> {
  const rng = Prng.forLabel(seed, 'corpus');
  const clientId = (rng.next() | 1) >>> 0;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const received: Uint8Array[] = [];
  const waiters: (() => void)[] = [];
  server.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      received.push(new Uint8Array(data));
      for (const wake of waiters.splice(0)) wake();
    });
    // Ask for the client's full state (sync step 2), as a server with an empty doc would.
    socket.send(syncStep1Frame(emptyStateVector()));
  });

  const deadline = Date.now() + timeoutMs;
  const waitForCount = async (count: number) => {
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`recording the stock client timed out (${received.length}/${count} frames)`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };

  const doc = new Y.Doc();
  doc.clientID = clientId;
  // Content before connecting: the client's sync step 2 carries it.
  const records = doc.getMap<unknown>('records');
  doc.transact(() => {
    const shape = new Y.Map<unknown>();
    shape.set('id', 'shape:recorded');
    shape.set('typeName', 'shape');
    shape.set('type', 'opportunity');
    shape.set('x', 10);
    shape.set('y', 20);
    const props = new Y.Map<unknown>();
    props.set('title', 'Buurtkamer in de school');
    props.set('w', 240);
    shape.set('props', props);
    records.set('shape:recorded', shape);
    doc.getMap<unknown>('meta').set('schema', { schemaVersion: 2, sequences: {} });
  });

  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, 'recorded', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  try {
    // step 1 + awareness on open, then step 2 in answer to the server's step 1.
    provider.awareness.setLocalState({ user: { name: 'Recorder', color: '#08f' } });
    await waitForCount(3);
    const steps: (() => void)[] = [
      () => (records.get('shape:recorded') as Y.Map<unknown>).set('x', rng.int(0, 1000)),
      () => ((records.get('shape:recorded') as Y.Map<unknown>).get('props') as Y.Map<unknown>).set('title', `Titel ${rng.int(0, 99)}`),
      () => {
        const card = new Y.Map<unknown>();
        card.set('id', 'shape:second');
        card.set('typeName', 'shape');
        card.set('type', 'domain');
        card.set('props', new Y.Map<unknown>());
        records.set('shape:second', card);
      },
      () => records.delete('shape:second'),
      () => {
        const text = doc.getText('notes');
        text.insert(0, 'Koppelkans: groen schoolplein');
        text.format(0, 10, { bold: true });
        text.insertEmbed(5, { image: 'asset:1' });
      },
      () => doc.getText('notes').delete(3, 7),
      () => doc.getArray<unknown>('votes').push([1, 'two', { three: [3] }, new Uint8Array([4, 5]), null, true]),
      () => doc.getArray<unknown>('votes').delete(1, 2),
      () => {
        const fragment = doc.getXmlFragment('xml');
        const element = new Y.XmlElement('p');
        element.insert(0, [new Y.XmlText('hallo')]);
        fragment.insert(0, [element]);
      },
      () => provider.awareness.setLocalStateField('presence', { cursor: { x: rng.int(0, 500), y: rng.int(0, 500) } }),
      () => removeAwarenessStates(provider.awareness, [doc.clientID], 'recording done'),
    ];
    for (const step of steps) {
      const before = received.length;
      step();
      await waitForCount(before + 1);
    }
  } finally {
    provider.destroy();
    doc.destroy();
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  const frames = received.map((bytes) => ({ kind: kindOf(bytes), bytes }));
  frames.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || compareBytes(a.bytes, b.bytes));
  const unique = frames.filter((frame, index) => index === 0 || compareBytes(frame.bytes, frames[index - 1]!.bytes) !== 0);
  const byKind = Object.fromEntries(kindOrder.map((kind) => [kind, unique.filter((frame) => frame.kind === kind)])) as Record<RecordedKind, RecordedFrame[]>;
  return { clientId, frames: unique, byKind };
}
