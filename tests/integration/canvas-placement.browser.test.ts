import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { isInside, overlaps, type Bounds } from '../helpers/page-bounds.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface PlacementEditor {
  createShape(shape: Record<string, unknown>): unknown;
  getCurrentPageShapes(): { id: string; type: string }[];
  getShapePageBounds(id: string): Bounds | undefined;
  getViewportPageBounds(): Bounds;
}

describe('Canvas: where new cards land', () => {
  it('cards added from the toolbar land in free space near the middle of the view, not on top of earlier ones', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'welfare');
    // A card someone put right in the middle of the view already.
    await anne.evaluate(() => {
      const editor = window.editor as PlacementEditor;
      const view = editor.getViewportPageBounds();
      editor.createShape({ id: 'shape:earlier', type: 'opportunity', x: view.x + view.w / 2 - 120, y: view.y + view.h / 2 - 75, props: { title: 'Eerder' } });
    });
    const add = anne.getByRole('toolbar', { name: 'Kaarten toevoegen' }).getByRole('button', { name: /Koppelkans/ });
    for (let count = 2; count <= 4; count++) {
      await add.click();
      await waitFor(async () => (await anne.evaluate(() => (window.editor as PlacementEditor).getCurrentPageShapes().filter((shape) => shape.type === 'opportunity').length)) === count, `opportunity ${count}`);
    }
    const { cards, view } = await anne.evaluate(() => {
      const editor = window.editor as PlacementEditor;
      const cards = editor.getCurrentPageShapes().flatMap((shape) => (shape.type === 'opportunity' ? [editor.getShapePageBounds(shape.id)!] : []));
      return { cards, view: editor.getViewportPageBounds() };
    });
    expect(cards).toHaveLength(4);
    for (const [i, a] of cards.entries()) {
      for (const b of cards.slice(i + 1)) expect(overlaps(a, b), `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(false);
      // In view, and close to its middle: within one card's size of the earlier card.
      expect(isInside(view, a)).toBe(true);
      const middle = { x: view.x + view.w / 2, y: view.y + view.h / 2 };
      expect(Math.hypot(a.x + a.w / 2 - middle.x, a.y + a.h / 2 - middle.y)).toBeLessThan(2 * a.w);
    }
  });
});
