/**
 * The web client does not have Yjs encode the server's updates for the provider that ignores
 * them (apps/web/src/sync/unheard-updates.ts): exactly those transactions skip the `update`
 * event, every other one — and every other listener — still gets it. Checked on plain docs and
 * with the stock y-websocket provider against the real server.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { skipUnheardUpdates } from '../../apps/web/src/sync/unheard-updates.ts';
import { connectClient } from '../helpers/client.ts';
import { useTestServer } from '../helpers/fixture.ts';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const remote = Symbol('remote');

/** A doc with a recording `update` listener skipped for `remote`, and a source doc whose updates arrive with that origin. */
function setup() {
  const doc = new Y.Doc();
  const heard: unknown[] = [];
  const listener = (_update: Uint8Array, origin: unknown) => heard.push(origin);
  doc.on('update', listener);
  const stop = skipUnheardUpdates(doc, remote, listener);
  const source = new Y.Doc();
  const receive = (change: (map: Y.Map<unknown>) => void) => {
    const before = Y.encodeStateVector(doc);
    source.transact(() => change(source.getMap('shapes')));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, before), remote);
  };
  return { doc, heard, listener, stop, receive };
}

describe('updates nobody would hear are not encoded', () => {
  it('a transaction from the skipped origin does not reach the listener; the others, before and after, do', () => {
    const { doc, heard, receive } = setup();
    doc.getMap('shapes').set('local-1', 1);
    receive((map) => map.set('remote-1', 1));
    doc.getMap('shapes').set('local-2', 2);
    expect(heard).toEqual([null, null]);
    expect(doc.getMap('shapes').get('remote-1')).toBe(1);
  });

  it('with another listener on the doc, every update is encoded and both hear it', () => {
    const { doc, heard, receive } = setup();
    const other: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => other.push(origin));
    receive((map) => map.set('remote-1', 1));
    expect(other).toEqual([remote]);
    expect(heard).toEqual([remote]);
  });

  it('a local change an observer makes while the remote transaction is cleaned up is still heard', () => {
    const { doc, heard, receive } = setup();
    const records = doc.getMap('shapes');
    records.observe((event) => {
      if (event.transaction.origin === remote) records.set('stamped', true);
    });
    receive((map) => map.set('remote-1', 1));
    expect(records.get('stamped')).toBe(true);
    expect(heard).toEqual([null]);
  });

  it('once stopped, the listener hears everything again', () => {
    const { heard, receive, stop } = setup();
    receive((map) => map.set('remote-1', 1));
    stop();
    receive((map) => map.set('remote-2', 2));
    expect(heard).toEqual([remote]);
  });
});

describe('with the stock y-websocket provider', () => {
  const fixture = useTestServer();

  it('skips only what the provider ignores: the board arrives, and a local edit still reaches the server', async () => {
    const { server } = fixture;
    const board = await server.createBoard('Ongehoord');
    const token = tokenOf(board.links.edit);
    const writer = await fixture.join(board.id, token);
    const doc = new Y.Doc();
    const client = connectClient(server.wsUrl, board.id, token, { doc, connect: false });
    // The provider's own listener is the one named here: a y-websocket that renamed it would fail this.
    expect(doc._observers.get('update')?.has(client.provider._updateHandler)).toBe(true);
    const stop = skipUnheardUpdates(doc, client.provider, client.provider._updateHandler);
    // Registered after the skip's own listener, so it sees what Yjs is about to decide.
    let encodedFromServer = 0;
    doc.on('afterTransactionCleanup', (transaction) => {
      if (transaction.origin === client.provider && doc._observers.has('update')) encodedFromServer += 1;
    });
    try {
      writer.doc.getMap('shapes').set('from-writer', { n: 1 });
      client.provider.connect();
      await waitFor(() => client.provider.synced && doc.getMap('shapes').has('from-writer'), 'the board at the skipping client');
      writer.doc.getMap('shapes').set('later', { n: 2 });
      await waitFor(() => doc.getMap('shapes').has('later'), 'a later remote change');
      doc.getMap('shapes').set('from-skipper', { n: 3 });
      await waitFor(() => writer.doc.getMap('shapes').has('from-skipper'), 'the skipping client’s edit at the writer');
      expect(encodedFromServer).toBe(0);
    } finally {
      stop();
      client.destroy();
    }
  });
});
