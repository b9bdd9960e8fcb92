import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient } from '../helpers/client.ts';
import { useTestServer } from '../helpers/fixture.ts';
import { startTestServer, tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useTestServer();
const { join, clients, metric: metricValue } = fixture;

describe('viewer links', () => {
  it('a viewer’s edits reach neither other clients nor storage, also after reconnecting; its cursor does', async () => {
    const board = await fixture.server.createBoard();
    const editor = await join(board.id, tokenOf(board.links.edit));
    const viewer = await join(board.id, tokenOf(board.links.view));
    editor.doc.getMap('shapes').set('from-editor', 1);
    await waitFor(() => viewer.doc.getMap('shapes').get('from-editor') === 1, 'viewer to receive the editor’s shape');

    // Awareness is relayed both ways.
    viewer.provider.awareness.setLocalStateField('user', { name: 'Raadslid' });
    await waitFor(() => editor.provider.awareness.getStates().get(viewer.doc.clientID)?.user?.name === 'Raadslid', 'editor to see the viewer’s cursor');

    const rejectedBefore = await metricValue('koppelbord_rejected_messages_total{reason="viewer_write"}');
    viewer.doc.getMap('shapes').set('from-viewer', 666);
    await waitFor(async () => (await metricValue('koppelbord_rejected_messages_total{reason="viewer_write"}')) > rejectedBefore, 'the server to refuse the viewer’s update');

    // The stock client re-sends its local state on reconnect (sync step 2): refused again.
    viewer.provider.disconnect();
    viewer.provider.connect();
    await waitFor(() => viewer.provider.synced, 'viewer to resync');
    // A marker written after the viewer's attempts proves the editor's stream has moved past them.
    editor.doc.getMap('shapes').set('marker', 2);
    const late = await join(board.id, tokenOf(board.links.edit));
    await waitFor(() => late.doc.getMap('shapes').get('marker') === 2, 'a new client to load the board');
    expect(late.doc.getMap('shapes').has('from-viewer')).toBe(false);
    expect(editor.doc.getMap('shapes').has('from-viewer')).toBe(false);

    // Not in storage either: a restarted server loads the board without it.
    const dataDir = fixture.server.dataDir;
    for (const client of clients.splice(0)) client.destroy();
    await fixture.server.stop({ keepData: true });
    fixture.server = await startTestServer({ dataDir });
    const reloaded = new Y.Doc();
    const after = connectClient(fixture.server.wsUrl, board.id, tokenOf(board.links.edit), { doc: reloaded });
    clients.push(after);
    await waitFor(() => after.provider.synced && reloaded.getMap('shapes').get('marker') === 2, 'reloaded board');
    expect(reloaded.getMap('shapes').toJSON()).toEqual({ 'from-editor': 1, marker: 2 });
  });

  it('a viewer is told once that it may not edit (auth message: permission denied)', async () => {
    const board = await fixture.server.createBoard();
    const viewer = await join(board.id, tokenOf(board.links.view));
    const denied: string[] = [];
    const originalWarn = console.warn;
    console.warn = (message: unknown) => denied.push(String(message));
    try {
      viewer.doc.getMap('shapes').set('x', 1);
      viewer.doc.getMap('shapes').set('y', 2);
      await waitFor(() => denied.some((m) => m.includes('Permission denied')), 'the stock client’s permission-denied warning');
    } finally {
      console.warn = originalWarn;
    }
    expect(denied.filter((m) => m.includes('Permission denied'))).toHaveLength(1);
    expect(viewer.provider.wsconnected).toBe(true);
  });
});
