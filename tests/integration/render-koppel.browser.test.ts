/**
 * The render worker on the 626-shape Koppelkansen board of `pnpm bench:web` (25 domain
 * cards, 300 opportunities, 300 arrows, a quadrant): the board is made in a real board page,
 * its records are rendered by the headless worker, every card's title is in the image, and
 * the PNG stays within its caps however wide the board is. Prints the render times.
 */
import { expect, test } from 'vitest';
import { createLogger } from '@koppelbord/server';
import { BoardRenderer, checkUploadedRender, type BoardRecord } from '../../apps/server/src/render/index.ts';
import { buildKoppelBoard, koppelShapeCount, seedKoppelBoard } from '../bench-web/koppel.ts';
import { findChromium } from '../helpers/browser.ts';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { webDistDir } from '../helpers/build-web.ts';
import { openBoard } from '../helpers/board-page.ts';

const fixture = useBrowserBoard();

const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

test('renders the 626-shape Koppelkansen board with every card, within the image caps', { timeout: 180_000 }, async () => {
  const created = await fixture.server.createBoard('Koppelkansen 626');
  const context = await fixture.newContext();
  const page = await openBoard(context, created.links.edit, 'Bench');
  const koppel = buildKoppelBoard();
  const seeded = await seedKoppelBoard(page, koppel);
  expect(seeded.shapes).toBe(koppelShapeCount(koppel.plan));
  const snapshot = await page.evaluate(() => {
    const editor = window.editor as { store: { getStoreSnapshot(scope: 'document'): { store: Record<string, unknown>; schema: unknown } } };
    return editor.store.getStoreSnapshot('document');
  });
  await context.close();
  const records = Object.values(snapshot.store) as BoardRecord[];
  expect(records.filter((record) => record.typeName === 'shape')).toHaveLength(626);

  const renderer = new BoardRenderer({ chromiumPath: findChromium(), webDistDir, timeoutMs: 120_000, maxQueue: 2, log: createLogger('silent') });
  try {
    const input = { records, schema: snapshot.schema as Parameters<BoardRenderer['render']>[0]['schema'], locale: 'nl' as const };
    let started = performance.now();
    const board = await renderer.render(input);
    const coldMs = performance.now() - started;
    started = performance.now();
    await renderer.render(input);
    const warmMs = performance.now() - started;
    console.log(JSON.stringify({ render626: { coldMs: Math.round(coldMs), warmMs: Math.round(warmMs), svgBytes: board.pages[0]!.svg.length, pngBytes: board.pages[0]!.png.length, png: pngSize(board.pages[0]!.png) } }));

    // Every opportunity's title is on its card in the image (the upload check looks for each).
    expect(() => checkUploadedRender({ records }, board, { maxBytes: 256 * 1024 * 1024 })).not.toThrow();
    const { width, height } = pngSize(board.pages[0]!.png);
    expect(Math.max(width, height)).toBeLessThanOrEqual(4096);
    expect(width * height).toBeLessThanOrEqual(16_000_000);
    expect(Math.min(width, height)).toBeGreaterThan(200);
  } finally {
    await renderer.close();
  }
});
