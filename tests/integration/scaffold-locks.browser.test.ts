/**
 * An editor in Chromium cannot unlock the template, even when the page does what the lock
 * button does (forced: the button is the owner's): the server puts the scaffolding back, the
 * editor's own page shows it locked again, a participant watching the board never sees it
 * unlocked, and the editor's ordinary edits still arrive. The owner's page unlocks it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isScaffold } from '@koppelbord/board-model';
import { getRecordsMap, readRecordEntry } from '@koppelbord/tldraw-yjs';
import type { Page } from 'playwright-core';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { tokenOf } from '../helpers/server.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const clients: TestClient[] = [];

afterAll(() => {
  for (const client of clients) client.destroy();
});

interface ScaffoldView {
  id: string;
  type: string;
  locked: boolean;
}

/** The page's scaffolding, each with whether it is locked (the quadrant and the timeline: pinned). */
function scaffoldOf(page: Page): Promise<ScaffoldView[]> {
  return page.evaluate(() => {
    interface Shape {
      id: string;
      type: string;
      isLocked: boolean;
      meta: Record<string, unknown>;
    }
    const editor = window.editor as { getCurrentPageShapes(): Shape[] };
    return editor
      .getCurrentPageShapes()
      .filter((shape) => shape.meta['scaffold'] === true)
      .map((shape) => ({ id: shape.id, type: shape.type, locked: shape.type === 'quadrant' || shape.type === 'timeline' ? shape.meta['pinned'] === true : shape.isLocked }));
  });
}

/** What "Sjabloon losmaken" does (apps/web/src/editor/scaffold.ts), run in the page whether or not the button is shown. */
function forceUnlock(page: Page): Promise<void> {
  return page.evaluate(() => {
    interface Shape {
      id: string;
      type: string;
      meta: Record<string, unknown>;
    }
    const editor = window.editor as {
      getCurrentPageShapes(): Shape[];
      run(fn: () => void, options: { ignoreShapeLock: boolean }): void;
      updateShapes(partials: object[]): void;
    };
    const scaffold = editor.getCurrentPageShapes().filter((shape) => shape.meta['scaffold'] === true);
    editor.run(
      () =>
        editor.updateShapes(
          scaffold.map((shape) =>
            shape.type === 'quadrant' || shape.type === 'timeline' ? { id: shape.id, type: shape.type, meta: { ...shape.meta, pinned: false } } : { id: shape.id, type: shape.type, isLocked: false },
          ),
        ),
      { ignoreShapeLock: true },
    );
  });
}

function moveShape(page: Page, id: string, x: number): Promise<void> {
  return page.evaluate(
    ([shapeId, px]) => {
      const editor = window.editor as { getShape(id: string): { type: string } | undefined; updateShape(partial: object): void };
      editor.updateShape({ id: shapeId, type: editor.getShape(shapeId)!.type, x: px });
    },
    [id, x] as const,
  );
}

describe('locking the template, in the browser', () => {
  it('an editor’s forced unlock is put back for everyone; the editor’s card move still arrives; the owner unlocks', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Oost');
    const watcher = await connectSynced(fixture.server.wsUrl, board.id, tokenOf(board.links.edit));
    clients.push(watcher);
    const unlockedSeen: string[] = [];
    const watchRecords = () =>
      getRecordsMap(watcher.doc).forEach((entry, id) => {
        const record = readRecordEntry(entry) as { typeName: string; type: string; isLocked: boolean; meta: Record<string, unknown> };
        if (record.typeName !== 'shape' || !isScaffold(record)) return;
        if (!(record.type === 'quadrant' || record.type === 'timeline' ? record.meta['pinned'] === true : record.isLocked)) unlockedSeen.push(id);
      });
    watcher.doc.on('afterTransaction', watchRecords);

    const page = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    await waitFor(async () => (await scaffoldOf(page)).length === 6, 'the template’s scaffolding on the page');
    expect((await scaffoldOf(page)).every((shape) => shape.locked)).toBe(true);

    await forceUnlock(page);
    await waitFor(async () => (await scaffoldOf(page)).every((shape) => shape.locked), 'the editor’s page to show the template locked again', 5_000);

    // An ordinary edit after it still arrives, and nothing keeps reverting (no loop with the page).
    const reverts = async () => {
      const text = await (await fetch(`${fixture.server.url}/metrics`)).text();
      return Number(text.match(/^koppelbord_records_reverted_total\{reason="locked_scaffold"\} (\S+)$/m)?.[1] ?? 0);
    };
    const card = 'shape:template-domain-care';
    await moveShape(page, card, -400);
    await waitFor(() => (readRecordEntry(getRecordsMap(watcher.doc).get(card)) as { x: number }).x === -400, 'the watcher to get the card move');
    const settled = await reverts();
    expect(settled).toBeGreaterThanOrEqual(1);
    await moveShape(page, card, -420);
    await waitFor(() => (readRecordEntry(getRecordsMap(watcher.doc).get(card)) as { x: number }).x === -420, 'the watcher to get the second card move');
    expect(await reverts()).toBe(settled);
    expect(unlockedSeen).toEqual([]);

    // The owner's page may unlock it.
    watcher.doc.off('afterTransaction', watchRecords);
    const ownerPage = await openBoard(await fixture.newContext(), `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`, 'Coördinator');
    await waitFor(async () => (await scaffoldOf(ownerPage)).length === 6, 'the template on the owner’s page');
    await forceUnlock(ownerPage);
    await waitFor(async () => (await scaffoldOf(page)).every((shape) => !shape.locked), 'the editor’s page to see the owner’s unlock');
  });
});
