import { describe, expect, it } from 'vitest';
import { connectClient, connectSynced } from '../helpers/client.ts';
import { useTestServer } from '../helpers/fixture.ts';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useTestServer({ sync: { unloadGraceMs: 100 } });
const { clients, metric } = fixture;

describe('board lifecycle', () => {
  it('unloads an idle board after the grace period, compacting it, and reloads it intact', async () => {
    const board = await fixture.server.createBoard();
    const token = tokenOf(board.links.edit);
    const writer = await connectSynced(fixture.server.wsUrl, board.id, token);
    for (let i = 0; i < 10; i++) writer.doc.getMap('shapes').set(`s${i}`, i);
    await waitFor(async () => (await metric('koppelbord_updates_in_total')) >= 10, 'the updates to arrive');
    const compactionsBefore = await metric('koppelbord_compactions_total');
    const unloadsBefore = await metric('koppelbord_board_unloads_total');
    writer.destroy();

    await waitFor(async () => (await metric('koppelbord_board_unloads_total')) > unloadsBefore, 'the board to be unloaded');
    expect(await metric('koppelbord_loaded_boards')).toBe(0);
    expect(await metric('koppelbord_compactions_total')).toBe(compactionsBefore + 1);

    const reader = await connectSynced(fixture.server.wsUrl, board.id, token);
    clients.push(reader);
    expect(reader.doc.getMap('shapes').size).toBe(10);
  });

  it('neither parses nor compacts an unchanged board: joins served from the snapshot, an unload that costs nothing, a parse on the first edit', async () => {
    const { server } = fixture;
    const board = await server.createBoard();
    const token = tokenOf(board.links.edit);
    const viewToken = tokenOf(board.links.view);
    const writer = await connectSynced(server.wsUrl, board.id, token);
    for (let i = 0; i < 50; i++) writer.doc.getMap('shapes').set(`s${i}`, i);
    await waitFor(async () => (await metric('koppelbord_updates_in_total')) >= 50, 'the updates to arrive');
    let unloads = await metric('koppelbord_board_unloads_total');
    writer.destroy();
    await waitFor(async () => (await metric('koppelbord_board_unloads_total')) > unloads, 'the board to be unloaded and compacted');

    // Sessions that only look, by an editor and a viewer with fresh documents, several times.
    const parses = await metric('koppelbord_board_parses_total');
    const compactions = await metric('koppelbord_compactions_total');
    for (let round = 0; round < 3; round++) {
      unloads = await metric('koppelbord_board_unloads_total');
      const editor = await connectSynced(server.wsUrl, board.id, token);
      const viewer = await connectSynced(server.wsUrl, board.id, viewToken);
      expect(editor.doc.getMap('shapes').size).toBe(50);
      expect(viewer.doc.getMap('shapes').size).toBe(50);
      editor.destroy();
      viewer.destroy();
      await waitFor(async () => (await metric('koppelbord_board_unloads_total')) > unloads, 'the board to be unloaded');
    }
    expect(await metric('koppelbord_board_parses_total')).toBe(parses);
    expect(await metric('koppelbord_compactions_total')).toBe(compactions);

    // The first edit needs the doc: parsed once, and the edit reaches the others.
    const editor = await connectSynced(server.wsUrl, board.id, token);
    const other = await connectSynced(server.wsUrl, board.id, token);
    clients.push(editor, other);
    editor.doc.getMap('shapes').set('after', 'parse');
    await waitFor(() => other.doc.getMap('shapes').get('after') === 'parse', 'the edit to reach the other client');
    expect(await metric('koppelbord_board_parses_total')).toBe(parses + 1);
    expect(other.doc.getMap('shapes').size).toBe(51);
  });

  it('encodes a loaded board once for a row of first visits, and again only after it changed', async () => {
    const { server } = fixture;
    const board = await server.createBoard();
    const token = tokenOf(board.links.edit);
    const writer = await connectSynced(server.wsUrl, board.id, token);
    clients.push(writer);
    const updatesIn = await metric('koppelbord_updates_in_total');
    for (let i = 0; i < 20; i++) writer.doc.getMap('shapes').set(`s${i}`, i);
    await waitFor(async () => (await metric('koppelbord_updates_in_total')) >= updatesIn + 20, 'the updates to arrive');
    const encodes = await metric('koppelbord_full_state_encodes_total');
    for (let visit = 0; visit < 3; visit++) {
      const visitor = await connectSynced(server.wsUrl, board.id, token);
      expect(visitor.doc.getMap('shapes').size).toBe(20);
      visitor.destroy();
    }
    expect(await metric('koppelbord_full_state_encodes_total')).toBe(encodes + 1);

    // A change makes the kept answer stale: the next first visit gets the board with it.
    writer.doc.getMap('shapes').set('later', 1);
    await waitFor(async () => (await metric('koppelbord_updates_in_total')) >= updatesIn + 21, 'the change to arrive');
    const late = await connectSynced(server.wsUrl, board.id, token);
    clients.push(late);
    expect(late.doc.getMap('shapes').get('later')).toBe(1);
    expect(await metric('koppelbord_full_state_encodes_total')).toBe(encodes + 2);
  });

  it('serves an unloaded board to new and returning clients, and takes edits after it', async () => {
    const { server } = fixture;
    const board = await server.createBoard();
    const token = tokenOf(board.links.edit);
    const first = await connectSynced(server.wsUrl, board.id, token);
    for (let i = 0; i < 20; i++) first.doc.getMap('shapes').set(`s${i}`, i);
    await waitFor(async () => (await metric('koppelbord_updates_in_total')) > 0, 'updates to arrive');
    const unloads = await metric('koppelbord_board_unloads_total');
    // The returning client keeps its document and edits while the board is unloaded.
    first.provider.disconnect();
    first.doc.getMap('shapes').set('offline', 'edit');
    await waitFor(async () => (await metric('koppelbord_board_unloads_total')) > unloads, 'the board to be unloaded');

    // A new client (empty state) is served the stored snapshot as it is.
    const fresh = await connectSynced(server.wsUrl, board.id, token);
    clients.push(fresh, first);
    expect(fresh.doc.getMap('shapes').size).toBe(20);
    // The returning client (non-empty state) gets what it lacks and hands over its edit.
    first.provider.connect();
    await waitFor(() => fresh.doc.getMap('shapes').get('offline') === 'edit', 'the offline edit to reach the new client');
    fresh.doc.getMap('shapes').set('after', 'load');
    await waitFor(() => first.doc.getMap('shapes').get('after') === 'load', 'an edit after the load to reach the returning client');
    expect(first.doc.getMap('shapes').toJSON()).toEqual(fresh.doc.getMap('shapes').toJSON());
  });

  it('clients joining an unloaded board at once share one load', async () => {
    const board = await fixture.server.createBoard();
    const token = tokenOf(board.links.edit);
    const seed = await connectSynced(fixture.server.wsUrl, board.id, token);
    const observer = await connectSynced(fixture.server.wsUrl, board.id, token);
    seed.doc.getMap('shapes').set('seed', 1);
    await waitFor(() => observer.doc.getMap('shapes').get('seed') === 1, 'the seed to be stored');
    const loads = await metric('koppelbord_board_loads_total');
    const unloads = await metric('koppelbord_board_unloads_total');
    seed.destroy();
    observer.destroy();
    await waitFor(async () => (await metric('koppelbord_board_unloads_total')) > unloads, 'the board to be unloaded');

    const crowd = Array.from({ length: 20 }, () => connectClient(fixture.server.wsUrl, board.id, token));
    clients.push(...crowd);
    await waitFor(() => crowd.every((c) => c.provider.synced && c.doc.getMap('shapes').get('seed') === 1), 'all 20 clients to sync');
    expect(await metric('koppelbord_board_loads_total')).toBe(loads + 1);
  });
});
