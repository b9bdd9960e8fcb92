/**
 * `renderSnapshot` inside the app (the fallback when the server has no Chromium: the
 * owner's browser makes the images). On a real board page served by the real server, next
 * to the live board editor and under the app's Content-Security-Policy, the render module
 * from the production build makes the board's images from the board's own records; the
 * server's upload check accepts them; the board itself is not touched; nothing is fetched
 * from another origin.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { checkUploadedRender, type BoardRecord } from '../../apps/server/src/render/index.ts';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { webDistDir } from '../helpers/build-web.ts';
import { openBoard, type EditorHandle } from '../helpers/board-page.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';

const fixture = useBrowserBoard();

/** The render page's script in the build (render.html names it). */
function renderModuleUrl(): string {
  const html = readFileSync(path.join(webDistDir, 'render.html'), 'utf8');
  const src = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('render.html names no module script');
  return src;
}

interface StoreHandle {
  store: { getStoreSnapshot(scope: 'document'): { store: Record<string, BoardRecord>; schema: unknown } };
}

test('the owner’s browser renders the open board’s snapshot, and the server accepts the images', async () => {
  const board = await createTemplateBoard(fixture.server.url, 'Render in de app');
  const context = await fixture.newContext();
  const page = await openBoard(context, board.links.edit, 'Eigenaar');
  const title = 'Speeltuin op het nieuwe warmtenettracé';
  await page.evaluate((cardTitle) => {
    (window.editor as EditorHandle).createShape({ id: 'shape:render-in-app', type: 'opportunity', x: 1300, y: 950, props: { title: cardTitle } });
  }, title);

  // As a string: the test runner would rewrite an import() written in the function.
  await page.evaluate(`import(${JSON.stringify(renderModuleUrl())}).then(() => true)`);
  const result = await page.evaluate(async () => {
    const editor = window.editor as unknown as EditorHandle & StoreHandle;
    const before = editor.getCurrentPageShapes().length;
    const snapshot = editor.store.getStoreSnapshot('document');
    const render = (window as { koppelbordRender?: (json: string) => Promise<string> }).koppelbordRender!;
    const records = Object.values(snapshot.store);
    const json = await render(JSON.stringify({ records, schema: snapshot.schema, locale: 'nl' }));
    return { records, json, before, after: editor.getCurrentPageShapes().length, sameEditor: window.editor === editor, readonly: editor.getInstanceState().isReadonly };
  });

  // The board page's own editor is untouched by the render's editor.
  expect(result).toMatchObject({ sameEditor: true, readonly: false, after: result.before });
  const rendered = JSON.parse(result.json) as { pages: { pageId: string; svg: string; png: string }[] };
  expect(rendered.pages.map((p) => p.pageId)).toEqual(['page:page']);
  expect(rendered.pages[0]!.svg.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).toContain('Speeltuin op het');
  // What the integrator's upload endpoint will do with it: accepted as this snapshot's images.
  const accepted = checkUploadedRender({ records: result.records }, rendered, { maxBytes: 64 * 1024 * 1024 });
  expect(accepted.pages[0]!.png.length).toBeGreaterThan(1000);
  expect(accepted.thumbnail.length).toBeGreaterThan(100);
  // …and not as another board's: the check looks for this board's cards.
  const other = [...result.records, { id: 'shape:not-drawn', typeName: 'shape', type: 'opportunity', parentId: 'page:page', props: { title: 'Niet op dit bord getekend' } } as BoardRecord];
  expect(() => checkUploadedRender({ records: other }, rendered, { maxBytes: 64 * 1024 * 1024 })).toThrow(/does not show the snapshot's cards/);
  expect(fixture.foreign).toEqual([]);
  await context.close();
});
