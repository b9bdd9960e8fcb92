/**
 * Facilitator rights on template scaffolding, against a modified client (issue 12): an editor
 * writing raw Yjs into the records map through the stock provider cannot move, delete, unlock
 * or unpin locked scaffolding. The server puts it back in the same commit, so an honest
 * participant, watching its doc for the whole file, never sees the change, and because the
 * update itself is applied, the editor's ordinary edits after it still arrive. The owner may
 * unlock and move scaffolding; a viewer changes nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOpportunityProps, isScaffold } from '@koppelbord/board-model';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import type { TestClient } from '../helpers/client.ts';
import { useTestServer } from '../helpers/fixture.ts';
import { tokenOf } from '../helpers/server.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

type ShapeJson = Record<string, unknown> & { id: string; type: string; isLocked: boolean; parentId: string; x: number; meta: Record<string, unknown> };

const fixture = useTestServer();
let owner: TestClient;
let editor: TestClient;
let bob: TestClient;
let viewer: TestClient;
/** The scaffolding as the board was created: id → record. */
const original = new Map<string, ShapeJson>();
/** The values of each scaffolding record Bob may see (the owner's changes add to them). */
const allowed = new Map<string, ShapeJson[]>();
/** What Bob saw that he should not have: `id: value`. */
const seenByBob: string[] = [];

const heading = 'shape:template-heading-domains';
const legend = 'shape:template-legend';
const area = 'shape:template-opportunities-area';
const quadrant = 'shape:template-quadrant';

const read = (client: TestClient, id: string) => {
  const entry = getRecordsMap(client.doc).get(id);
  return entry === undefined ? undefined : (readRecordEntry(entry) as ShapeJson);
};
/** A raw write of `id`'s fields through the client's doc, as a modified client would send it (no tldraw in between). */
const write = (client: TestClient, id: string, change: (record: ShapeJson) => ShapeJson) =>
  client.doc.transact(() => writeRecordEntry(getRecordsMap(client.doc), id, change(read(client, id)!)));
const same = (client: TestClient, id: string, value: ShapeJson | undefined) => isDeepStrictEqual(read(client, id), value);

const card = (id: string, title: string, parentId = 'page:page', x = 1_500, y = 900) => ({
  id,
  typeName: 'shape',
  type: 'opportunity',
  parentId,
  index: 'a5',
  x,
  y,
  rotation: 0,
  isLocked: false,
  opacity: 1,
  props: { ...defaultOpportunityProps(), title },
  meta: {},
});

/** A new card from `client`: it must reach Bob (the client's updates are still taken). */
async function cardArrives(client: TestClient, title: string): Promise<string> {
  const id = `shape:card-${title.replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
  client.doc.transact(() => writeRecordEntry(getRecordsMap(client.doc), id, card(id, title)));
  await waitFor(() => (read(bob, id)?.props as { title?: string } | undefined)?.title === title, `Bob to get the card “${title}”`);
  return id;
}

let boardId = '';
let ownerToken = '';

beforeAll(async () => {
  const board = await createTemplateBoard(fixture.server.url, 'Wijk Zuid');
  boardId = board.id;
  ownerToken = board.ownerToken;
  owner = await fixture.join(board.id, board.ownerToken);
  editor = await fixture.join(board.id, tokenOf(board.links.edit));
  bob = await fixture.join(board.id, tokenOf(board.links.edit));
  viewer = await fixture.join(board.id, tokenOf(board.links.view));
  getRecordsMap(bob.doc).forEach((entry, id) => {
    const record = readRecordEntry(entry) as ShapeJson;
    if (record.typeName === 'shape' && isScaffold(record)) {
      original.set(id, record);
      allowed.set(id, [record]);
    }
  });
  bob.doc.on('afterTransaction', () => {
    for (const [id, values] of allowed) {
      const now = read(bob, id);
      if (!values.some((value) => isDeepStrictEqual(now, value))) seenByBob.push(`${id}: ${JSON.stringify(now)}`);
    }
  });
});

afterAll(() => {
  expect(seenByBob).toEqual([]);
});

describe('locked scaffolding, against an editor’s raw updates', () => {
  it('the template board starts locked: headings, area and legend locked, the quadrant and the timeline pinned (the premise)', () => {
    expect([...original.keys()].sort()).toEqual([area, heading, legend, quadrant, 'shape:template-heading-organisations', 'shape:template-timeline'].sort());
    for (const [id, record] of original) {
      if (id === quadrant || id === 'shape:template-timeline') expect(record).toMatchObject({ isLocked: false, meta: { pinned: true } });
      else expect(record.isLocked).toBe(true);
    }
  });

  it('a move of a locked heading is put back for the editor too, and the editor’s next card still arrives', async () => {
    const reverted = await fixture.metric('koppelbord_records_reverted_total{reason="locked_scaffold"}');
    write(editor, heading, (record) => ({ ...record, x: record.x + 400 }));
    expect(read(editor, heading)?.x).toBe(original.get(heading)!.x + 400);
    await waitFor(() => same(editor, heading, original.get(heading)), 'the editor’s heading to be put back');
    await cardArrives(editor, 'Warmtenet');
    expect(await fixture.metric('koppelbord_records_reverted_total{reason="locked_scaffold"}')).toBe(reverted + 1);
    expect(editor.closes).toEqual([]);
  });

  it('a deleted legend comes back, for the editor too', async () => {
    editor.doc.transact(() => getRecordsMap(editor.doc).delete(legend));
    await waitFor(() => same(editor, legend, original.get(legend)), 'the editor’s legend to come back');
    await cardArrives(editor, 'Buurthuis');
    expect(same(bob, legend, original.get(legend))).toBe(true);
  });

  it('unlocking the area and unpinning the quadrant (one transaction, with a card edit) is put back; the card edit stays', async () => {
    const cardId = await cardArrives(editor, 'Schoolplein');
    editor.doc.transact(() => {
      write(editor, area, (record) => ({ ...record, isLocked: false }));
      write(editor, quadrant, (record) => ({ ...record, meta: { ...record.meta, pinned: false } }));
      write(editor, cardId, (record) => ({ ...record, x: 1_600 }));
    });
    await waitFor(() => same(editor, area, original.get(area)) && same(editor, quadrant, original.get(quadrant)), 'the editor’s area and quadrant to be locked again');
    await waitFor(() => read(bob, cardId)?.x === 1_600, 'Bob to get the card’s move');
  });

  it('stripping meta.scaffold (to make it an ordinary shape) is put back', async () => {
    write(editor, heading, (record) => ({ ...record, isLocked: false, meta: { template: record.meta.template } }));
    await waitFor(() => same(editor, heading, original.get(heading)), 'the editor’s heading to be scaffolding again');
    await cardArrives(editor, 'Speeltuin');
  });

  it('cards in the pinned quadrant stay the editor’s: placed in it and moved around inside it', async () => {
    const id = 'shape:card-in-quadrant';
    editor.doc.transact(() => writeRecordEntry(getRecordsMap(editor.doc), id, card(id, 'Groen dak', quadrant, 40, 40)));
    await waitFor(() => read(bob, id)?.parentId === quadrant, 'Bob to get the card in the quadrant');
    write(editor, id, (record) => ({ ...record, x: 300, y: 120 }));
    await waitFor(() => read(bob, id)?.x === 300 && read(bob, id)?.y === 120, 'Bob to get the move inside the quadrant');
    expect(same(bob, quadrant, original.get(quadrant))).toBe(true);
  });
});

describe('the owner', () => {
  it('unlocks and moves a heading; an editor may then move it, but not lock it again; the owner locks it', async () => {
    const unlocked = { ...original.get(heading)!, isLocked: false };
    const moved = { ...unlocked, x: unlocked.x + 100 };
    const byEditor = { ...moved, y: 20 };
    allowed.get(heading)!.push(unlocked, moved, byEditor);
    write(owner, heading, () => unlocked);
    write(owner, heading, () => moved);
    await waitFor(() => same(bob, heading, moved), 'Bob to see the owner’s move');

    write(editor, heading, () => byEditor);
    await waitFor(() => same(bob, heading, byEditor), 'Bob to see the editor move the unlocked heading');
    write(editor, heading, (record) => ({ ...record, isLocked: true }));
    await waitFor(() => same(editor, heading, byEditor), 'the editor’s lock to be put back');
    await cardArrives(editor, 'Fietsenstalling');

    const relocked = { ...byEditor, isLocked: true };
    allowed.get(heading)!.push(relocked);
    write(owner, heading, () => relocked);
    await waitFor(() => same(bob, heading, relocked) && same(editor, heading, relocked), 'everyone to see the owner lock it again');
    write(editor, heading, (record) => ({ ...record, x: 0 }));
    await waitFor(() => same(editor, heading, relocked), 'the editor’s move to be put back again');

    // The owner's unlock and lock are in the audit log; the editor's refused lock is not a lock change.
    const lockChanges = await waitFor(async () => {
      const response = await fetch(`${fixture.server.url}/api/boards/${boardId}/audit`, { headers: { authorization: `Bearer ${ownerToken}` } });
      const entries = ((await response.json()) as { entries: { action: string; actor: { role: string }; detail: { locked?: boolean } }[] }).entries.filter((entry) => entry.action === 'lock.change');
      return entries.length >= 2 ? entries : null;
    }, 'the lock changes in the audit log');
    expect(lockChanges.map((entry) => [entry.actor.role, entry.detail.locked])).toEqual([
      ['owner', false],
      ['owner', true],
    ]);
  });

  it('unpins the quadrant and moves it', async () => {
    const unpinned = { ...original.get(quadrant)!, meta: { ...original.get(quadrant)!.meta, pinned: false } };
    const moved = { ...unpinned, x: unpinned.x + 50 };
    allowed.get(quadrant)!.push(unpinned, moved);
    owner.doc.transact(() => {
      write(owner, quadrant, () => unpinned);
      write(owner, quadrant, () => moved);
    });
    await waitFor(() => same(bob, quadrant, moved), 'Bob to see the owner’s unpinned, moved quadrant');
  });
});

describe('a viewer', () => {
  it('changes nothing, scaffolding or cards, and the honest participants carry on', async () => {
    const dropped = await fixture.metric('koppelbord_rejected_messages_total{reason="viewer_write"}');
    const cardId = await cardArrives(editor, 'Bankje');
    await waitFor(() => read(viewer, cardId), 'the viewer to get the card');
    viewer.doc.transact(() => {
      getRecordsMap(viewer.doc).delete(legend);
      write(viewer, cardId, (record) => ({ ...record, x: 9_999 }));
      const id = 'shape:by-viewer';
      writeRecordEntry(getRecordsMap(viewer.doc), id, card(id, 'Van de kijker'));
    });
    await waitFor(async () => (await fixture.metric('koppelbord_rejected_messages_total{reason="viewer_write"}')) > dropped, 'the viewer’s write to be refused');
    await cardArrives(editor, 'Na de kijker');
    for (const client of [bob, editor, owner]) {
      expect(read(client, cardId)?.x).toBe(1_500);
      expect(read(client, 'shape:by-viewer')).toBeUndefined();
      expect(same(client, legend, original.get(legend))).toBe(true);
    }
  });
});

describe('after all of it', () => {
  it('Bob’s doc holds every card that was sent, and the honest clients were never closed', () => {
    const titles = new Set<string>();
    getRecordsMap(bob.doc).forEach((entry) => {
      const record = readRecordEntry(entry) as ShapeJson;
      if (record.type === 'opportunity') titles.add((record.props as { title: string }).title);
    });
    for (const title of ['Warmtenet', 'Buurthuis', 'Schoolplein', 'Speeltuin', 'Groen dak', 'Fietsenstalling', 'Bankje', 'Na de kijker']) expect(titles).toContain(title);
    expect(titles).not.toContain('Van de kijker');
    for (const client of [owner, editor, bob]) expect(client.closes).toEqual([]);
    expect(seenByBob).toEqual([]);
  });
});
