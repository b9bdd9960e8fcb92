/**
 * A board the client may not write although the link may edit (the binding's schema reasons)
 * says why, in plain words and in the reader's language, and what to do. The boards are made
 * so in the store, as an upgrade or a damaged database leaves them: the server keeps any
 * client from writing such a schema (its record guard).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardSchema } from '@koppelbord/board-model';
import { getMetaMap, getRecordsMap, META_SCHEMA_KEY, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { SqliteStore } from '@koppelbord/server';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { webDistDir } from '../helpers/build-web.ts';
import { startTestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

type SerializedSchema = { schemaVersion: 2; sequences: Record<string, number> };

/** Changes a stored board's doc with `change`, appended to its update log through the store, as the server would have written it. */
async function changeStoredBoard(dataDir: string, boardId: string, change: (doc: Y.Doc) => void): Promise<void> {
  const store = SqliteStore.open(dataDir, { durability: 'process-crash' });
  try {
    const doc = new Y.Doc();
    const stored = await store.loadDocument(boardId);
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
    for (const row of stored.updates) Y.applyUpdate(doc, row.data);
    const before = Y.encodeStateVector(doc);
    change(doc);
    store.appendUpdates([{ boardId, data: Y.encodeStateAsUpdate(doc, before) }]);
  } finally {
    await store.close();
  }
}

const ourSchema = () => createBoardSchema().serialize() as SerializedSchema;

const banner = (page: Page) => page.locator('.banner[role="alert"]');

describe('a board that stays read-only says why', () => {
  it('newer, unreadable and failed-to-upgrade boards each have their own message, in Dutch and in English', async () => {
    const newer = await fixture.server.createBoard('Nieuwer');
    const unreadable = await fixture.server.createBoard('Onleesbaar');
    const unmigratable = await fixture.server.createBoard('Niet bij te werken');
    const { dataDir } = fixture.server;
    await fixture.server.stop({ keepData: true });

    await changeStoredBoard(dataDir, newer.id, (doc) => {
      const schema = ourSchema();
      getMetaMap(doc).set(META_SCHEMA_KEY, { ...schema, sequences: { ...schema.sequences, 'com.tldraw.shape.geo': schema.sequences['com.tldraw.shape.geo']! + 1 } });
    });
    await changeStoredBoard(dataDir, unreadable.id, (doc) => {
      getMetaMap(doc).set(META_SCHEMA_KEY, 'kapot');
    });
    await changeStoredBoard(dataDir, unmigratable.id, (doc) => {
      // An older board (geo shapes from before their first migration) whose one geo shape the
      // migrations cannot read.
      const schema = ourSchema();
      doc.transact(() => {
        getMetaMap(doc).set(META_SCHEMA_KEY, { ...schema, sequences: { ...schema.sequences, 'com.tldraw.shape.geo': 0 } });
        writeRecordEntry(getRecordsMap(doc), 'shape:broken', { id: 'shape:broken', typeName: 'shape', type: 'geo', x: 0, y: 0, rotation: 0, index: 'a1', parentId: 'page:page', isLocked: false, opacity: 1, meta: {}, props: null });
      });
    });
    fixture.server = await startTestServer({ webDistDir, dataDir });

    const expectations = [
      { board: newer, reason: 'newer-schema', nl: /nieuwere versie van Koppelbord.*Herlaad de pagina/, en: /newer version of Koppelbord.*Reload the page/ },
      { board: unreadable, reason: 'incompatible-schema', nl: /kan deze versie van Koppelbord niet lezen.*Meld het bij de beheerder/, en: /cannot read the stored data.*Tell the Koppelbord administrator/ },
      { board: unmigratable, reason: 'migration-failed', nl: /oudere versie van Koppelbord en kon niet worden bijgewerkt/, en: /older version of Koppelbord and could not be updated/ },
    ] as const;
    const seen = new Set<string>();
    for (const { board, reason, nl, en } of expectations) {
      // The restarted server listens on a port of its own.
      const link = new URL(board.links.edit);
      const page = await openBoard(await fixture.newContext(), `${fixture.server.url}${link.pathname}${link.hash}`, 'Anne');
      await banner(page).waitFor({ timeout: 15_000 });
      expect(await banner(page).getAttribute('data-blocked')).toBe(reason);
      const dutch = await banner(page).innerText();
      expect(dutch).toMatch(nl);
      seen.add(dutch);
      // Read-only for this editor: no card toolbar, and tldraw takes no edits.
      expect(await page.getByRole('toolbar', { name: 'Kaarten toevoegen' }).count()).toBe(0);
      expect(await page.evaluate(() => (window.editor as { getIsReadonly(): boolean }).getIsReadonly())).toBe(true);

      await page.getByRole('button', { name: 'English' }).click();
      await waitFor(async () => en.test(await banner(page).innerText()), `the English message for ${reason}`);
      await page.context().close();
    }
    // Three reasons, three messages: not one text for all.
    expect(seen.size).toBe(3);
  });
});
