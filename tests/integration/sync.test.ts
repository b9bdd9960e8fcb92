import { describe, expect, it } from 'vitest';
import { useTestServer } from '../helpers/fixture.ts';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { readDocRecords } from '@koppelbord/tldraw-yjs';

const fixture = useTestServer();
const { join } = fixture;

describe('sync between stock y-websocket clients', () => {
  it('two clients converge under concurrent edits', async () => {
    const board = await fixture.server.createBoard();
    const token = tokenOf(board.links.edit);
    const a = await join(board.id, token);
    const b = await join(board.id, token);

    for (let i = 0; i < 50; i++) {
      a.doc.getMap('shapes').set(`a${i}`, { x: i });
      b.doc.getMap('shapes').set(`b${i}`, { y: i });
    }
    a.doc.getArray('log').push(['from a']);
    b.doc.getArray('log').push(['from b']);

    await waitFor(() => a.doc.getMap('shapes').size === 100 && b.doc.getMap('shapes').size === 100, 'both maps to hold 100 entries');
    await waitFor(() => a.doc.getArray('log').length === 2 && b.doc.getArray('log').length === 2, 'both logs to hold 2 entries');
    expect(a.doc.getMap('shapes').toJSON()).toEqual(b.doc.getMap('shapes').toJSON());
    expect(a.doc.getArray('log').toJSON()).toEqual(b.doc.getArray('log').toJSON());
  });

  it('a new board arrives seeded by the server: schema, document record and one page', async () => {
    const board = await fixture.server.createBoard('Wijk Zuid');
    const client = await join(board.id, tokenOf(board.links.edit));
    const records = new Map<string, Record<string, unknown>>(readDocRecords(client.doc).map((record) => [record.id, record]));
    expect([...records.keys()].sort()).toEqual(['document:document', 'page:page']);
    expect(records.get('document:document')?.['name']).toBe('Wijk Zuid');
    expect(records.get('page:page')?.['name']).toBe('Pagina 1');
    expect(client.doc.getMap('meta').get('schema')).toMatchObject({ schemaVersion: expect.any(Number) });
  });

  it('a late joiner receives the full state', async () => {
    const board = await fixture.server.createBoard();
    const token = tokenOf(board.links.edit);
    const a = await join(board.id, token);
    const text = a.doc.getText('notes');
    text.insert(0, 'Riolering 2028 — warmtenet meekoppelen');
    a.doc.getMap('shapes').set('s1', { type: 'domain', domain: 'sewerage' });
    // The late joiner must see everything, also what was typed just before it came.
    const late = await join(board.id, token);
    await waitFor(() => late.doc.getText('notes').toString() === text.toString(), 'late joiner to have the text');
    expect(late.doc.getMap('shapes').get('s1')).toEqual({ type: 'domain', domain: 'sewerage' });
  });

  it('awareness appears at other clients and is removed when its client disconnects', async () => {
    const board = await fixture.server.createBoard();
    const token = tokenOf(board.links.edit);
    const a = await join(board.id, token);
    const b = await join(board.id, token);

    a.provider.awareness.setLocalStateField('user', { name: 'Anne (Wmo)', color: '#d33' });
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Anne (Wmo)', 'b to see a’s presence');

    // A third client joining later gets the current presence on connect.
    const c = await join(board.id, token);
    await waitFor(() => c.provider.awareness.getStates().has(a.doc.clientID), 'late joiner to see a’s presence');

    const aId = a.doc.clientID;
    // Drop a's socket without a goodbye: only the server can tell the others it left.
    a.provider.awareness.setLocalState({ user: { name: 'Anne (Wmo)' } });
    a.provider.ws?.close();
    a.provider.shouldConnect = false;
    await waitFor(() => !b.provider.awareness.getStates().has(aId) && !c.provider.awareness.getStates().has(aId), 'a’s presence to be removed');
  });

  it('reports connections and boards in /healthz and /metrics', async () => {
    const health = (await (await fetch(`${fixture.server.url}/healthz`)).json()) as { ok: boolean; connections: number; loadedBoards: number };
    expect(health.ok).toBe(true);
    expect(health.connections).toBeGreaterThan(0);
    expect(health.loadedBoards).toBeGreaterThan(0);
    const metrics = await (await fetch(`${fixture.server.url}/metrics`)).text();
    expect(metrics).toMatch(/^koppelbord_connections\{role="editor"\} [1-9]/m);
    expect(metrics).toMatch(/^koppelbord_updates_in_total [1-9]/m);
    expect(metrics).toMatch(/^koppelbord_commit_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^koppelbord_bytes_out_total [1-9]/m);
  });
});
