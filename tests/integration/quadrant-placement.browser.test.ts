/**
 * placeInQuadrantClass (apps/web/src/editor/quadrant-placement.ts) on its own: the module is
 * bundled for the browser as it is and called on the real editor of a real board, so its
 * geometry is checked without the card panel around it.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QuadrantClass } from '@koppelbord/board-model';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const webDir = path.resolve(import.meta.dirname, '../../apps/web');

interface ViteBuild {
  build(config: Record<string, unknown>): Promise<{ output: { code?: string }[] } | { output: { code?: string }[] }[]>;
}

let placementScript = '';
beforeAll(async () => {
  // The client's own Vite, on the module itself: `window.koppelPlacement` is its exports.
  const vite = (await import(pathToFileURL(path.join(webDir, 'node_modules/vite/dist/node/index.js')).href)) as ViteBuild;
  const result = await vite.build({
    configFile: false,
    root: webDir,
    logLevel: 'silent',
    // As the app's own build does: tldraw reads it to leave out its development checks.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: false,
      lib: { entry: path.join(webDir, 'src/editor/quadrant-placement.ts'), formats: ['iife'], name: 'koppelPlacement', fileName: 'placement' },
    },
  });
  const output = Array.isArray(result) ? result[0]!.output : result.output;
  placementScript = output.find((chunk) => chunk.code)!.code!;
}, 120_000);

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

declare global {
  interface Window {
    koppelPlacement?: { placeInQuadrantClass(editor: unknown, id: string, quadrantClass: QuadrantClass | null): boolean };
  }
}

interface PlacementEditor {
  createShape(shape: Record<string, unknown>): unknown;
  updateShape(shape: Record<string, unknown>): unknown;
  rotateShapesBy(ids: string[], radians: number): unknown;
  getShape(id: string): { parentId: string; x: number; y: number; rotation: number; props: { w: number; h: number } } | undefined;
  getShapePageBounds(id: string): { x: number; y: number; w: number; h: number } | undefined;
}

function place(page: Page, id: string, quadrantClass: QuadrantClass | null): Promise<boolean> {
  return page.evaluate(([shapeId, to]) => window.koppelPlacement!.placeInQuadrantClass(window.editor, shapeId, to), [id, quadrantClass] as const);
}

/** A card's box in its parent's space, and its parent. */
function cardOf(page: Page, id: string): Promise<{ parentId: string; box: Box; page: Box }> {
  return page.evaluate((shapeId) => {
    const editor = window.editor as PlacementEditor;
    const shape = editor.getShape(shapeId)!;
    const bounds = editor.getShapePageBounds(shapeId)!;
    return { parentId: shape.parentId, box: { x: shape.x, y: shape.y, w: shape.props.w, h: shape.props.h }, page: { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h } };
  }, id);
}

const within = (inner: Box, outer: Box) => inner.x >= outer.x - 0.01 && inner.y >= outer.y - 0.01 && inner.x + inner.w <= outer.x + outer.w + 0.01 && inner.y + inner.h <= outer.y + outer.h + 0.01;
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const centre = (box: Box) => ({ x: box.x + box.w / 2, y: box.y + box.h / 2 });

/** Benefit up, risk right: the method's four classes as halves-by-halves of a w × h quadrant. */
function cellOf(quadrantClass: QuadrantClass, w: number, h: number): Box {
  const column = quadrantClass === 'win-win' || quadrantClass === 'no-regret' ? 0 : 1;
  const row = quadrantClass === 'win-win' || quadrantClass === 'conditional' ? 0 : 1;
  return { x: (column * w) / 2, y: (row * h) / 2, w: w / 2, h: h / 2 };
}

/** The class badge the card draws (the model's classification of where it now is). */
const badgeOf = (page: Page, id: string) => page.evaluate((shapeId) => document.querySelector(`[data-shape-id="${shapeId}"] [data-quadrant-class]`)?.getAttribute('data-quadrant-class') ?? null, id);

describe('placeInQuadrantClass', () => {
  it('puts a card in the middle of each class’s area, in free space, and takes it out to the left; on a moved and resized quadrant too', async () => {
    const board = await fixture.server.createBoard('Kwadrant');
    const page = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    // Through DevTools rather than a <script>: the page's CSP allows no inline script, rightly.
    await page.evaluate(`${placementScript}\nwindow.koppelPlacement = koppelPlacement;`);
    await page.evaluate(() => {
      const editor = window.editor as PlacementEditor;
      // Room for two cards in a class (in a full class a card goes to its middle all the same).
      editor.createShape({ id: 'shape:q', type: 'quadrant', x: 0, y: 0, props: { w: 1600, h: 1200 } });
      editor.createShape({ id: 'shape:a', type: 'opportunity', x: -1600, y: 0, props: { title: 'A' } });
      editor.createShape({ id: 'shape:b', type: 'opportunity', x: -1600, y: 400, props: { title: 'B' } });
      editor.createShape({ id: 'shape:d', type: 'domain', x: -1600, y: 800 });
    });

    for (const quadrantClass of ['win-win', 'conditional', 'no-regret', 'park'] as const) {
      expect(await place(page, 'shape:a', quadrantClass)).toBe(true);
      const card = await cardOf(page, 'shape:a');
      expect(card.parentId).toBe('shape:q');
      const cell = cellOf(quadrantClass, 1600, 1200);
      expect(within(card.box, cell), `${quadrantClass}: ${JSON.stringify(card.box)} in ${JSON.stringify(cell)}`).toBe(true);
      // Nothing else there: right in the middle.
      expect(centre(card.box).x).toBeCloseTo(centre(cell).x, 0);
      expect(centre(card.box).y).toBeCloseTo(centre(cell).y, 0);
      await waitFor(async () => (await badgeOf(page, 'shape:a')) === quadrantClass, `the badge ${quadrantClass}`);
    }

    // A second card in the same class goes beside the first, not on it, still in the class.
    expect(await place(page, 'shape:b', 'park')).toBe(true);
    const [a, b] = [await cardOf(page, 'shape:a'), await cardOf(page, 'shape:b')];
    expect(b.parentId).toBe('shape:q');
    expect(within(b.box, cellOf('park', 1600, 1200))).toBe(true);
    expect(overlap(a.box, b.box)).toBe(false);

    // Not in the quadrant: back on the page, left of the quadrant, covering nothing.
    expect(await place(page, 'shape:a', null)).toBe(true);
    const out = await cardOf(page, 'shape:a');
    expect(out.parentId).toBe('page:page');
    expect(out.page.x + out.page.w).toBeLessThanOrEqual(0);
    expect(overlap(out.page, (await cardOf(page, 'shape:b')).page)).toBe(false);
    await waitFor(async () => (await badgeOf(page, 'shape:a')) === null, 'no badge outside the quadrant');
    // Taking out a card that is not in a quadrant, or placing what is not an opportunity, does nothing.
    expect(await place(page, 'shape:a', null)).toBe(false);
    expect(await place(page, 'shape:d', 'win-win')).toBe(false);

    // Moved and resized (wide and low): the areas follow.
    await page.evaluate(() => {
      (window.editor as PlacementEditor).updateShape({ id: 'shape:q', type: 'quadrant', x: 3000, y: 2000, props: { w: 1400, h: 500 } });
    });
    for (const quadrantClass of ['conditional', 'no-regret'] as const) {
      expect(await place(page, 'shape:a', quadrantClass)).toBe(true);
      const card = await cardOf(page, 'shape:a');
      expect(card.parentId).toBe('shape:q');
      expect(within(card.box, cellOf(quadrantClass, 1400, 500))).toBe(true);
      expect(within(card.page, { x: 3000, y: 2000, w: 1400, h: 500 })).toBe(true);
      await waitFor(async () => (await badgeOf(page, 'shape:a')) === quadrantClass, `the badge ${quadrantClass} on the resized quadrant`);
    }

    // A quadrant is not turned (its classes read benefit up, risk right): rotating leaves it upright.
    await page.evaluate(() => {
      (window.editor as PlacementEditor).rotateShapesBy(['shape:q'], Math.PI / 4);
    });
    expect(await page.evaluate(() => (window.editor as PlacementEditor).getShape('shape:q')!.rotation)).toBe(0);
    expect((await page.evaluate(() => (window.editor as PlacementEditor).getShape('shape:q')!.x))).toBe(3000);
  });
});
