import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard, screenPoint } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface CanvasEditor {
  createShape(shape: Record<string, unknown>): unknown;
  getShape(id: string): { parentId: string; x: number; y: number } | undefined;
  select(...ids: string[]): unknown;
  setCamera(camera: { x: number; y: number; z: number }): unknown;
  getContainer(): HTMLElement;
}

/** The quadrant (800 × 600 at 400,0) and one opportunity left of it, the camera showing both. */
async function quadrantAndCard(page: Page): Promise<void> {
  await page.evaluate(() => {
    const editor = window.editor as CanvasEditor;
    editor.createShape({ id: 'shape:q', type: 'quadrant', x: 400, y: 0, props: { w: 800, h: 600 } });
    editor.createShape({ id: 'shape:o', type: 'opportunity', x: 0, y: 450, props: { title: 'Buurtkamer in de school' } });
    editor.setCamera({ x: 60, y: 60, z: 1 });
  });
}

const parentOf = (page: Page) => page.evaluate(() => (window.editor as CanvasEditor).getShape('shape:o')?.parentId);
const badgeOf = (page: Page) =>
  page.evaluate(() => {
    const badge = document.querySelector('[data-shape-id="shape:o"] .kb-badge');
    return badge ? { quadrantClass: badge.getAttribute('data-quadrant-class'), text: badge.textContent } : null;
  });

describe('Canvas: the class badge and the quadrant', () => {
  it('the dragger sees the right badge on their own card during and after a drag across two classes, as the other participant does', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'welfare');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram', 'sewerage-water');
    await quadrantAndCard(anne);
    await waitFor(() => bram.locator('[data-shape-id="shape:o"]').count(), 'the card at Bram', 15_000);

    // Anne presses on the card and, still holding the button, moves it into the win-win part …
    const grab = await screenPoint(anne, { x: 120, y: 525 });
    await anne.mouse.move(grab.x, grab.y);
    await anne.mouse.down();
    const winWin = await screenPoint(anne, { x: 400 + 200, y: 150 });
    await anne.mouse.move(winWin.x, winWin.y, { steps: 10 });
    await waitFor(async () => (await badgeOf(anne))?.quadrantClass === 'win-win', 'the win-win badge at the dragger, mid-drag');
    expect((await badgeOf(anne))?.text).toBe('Win-win — koppelen');
    // … then on to "park" (high risk, low benefit) without letting go.
    const park = await screenPoint(anne, { x: 400 + 600, y: 450 });
    await anne.mouse.move(park.x, park.y, { steps: 10 });
    await waitFor(async () => (await badgeOf(anne))?.quadrantClass === 'park', 'the park badge at the dragger, mid-drag');
    await anne.mouse.up();

    expect(await parentOf(anne)).toBe('shape:q');
    expect(await badgeOf(anne)).toEqual({ quadrantClass: 'park', text: 'Niet koppelen — parkeren' });
    await waitFor(async () => (await badgeOf(bram))?.quadrantClass === 'park', 'the park badge at Bram', 15_000);
    // Nothing left over from the first class at either of them.
    for (const page of [anne, bram]) expect(await page.locator('[data-quadrant-class="win-win"]').count()).toBe(0);
  });

  it('arrow-key moves that end over the quadrant make the card its child and classify it (at the other participant too), and moving it out takes it out', async () => {
    const board = await fixture.server.createBoard('Wijk Noord');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'welfare');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram', 'sewerage-water');
    await quadrantAndCard(anne);
    // Keyboard only: the board has the focus, the card is selected (as after Tab).
    await anne.evaluate(() => {
      const editor = window.editor as CanvasEditor;
      editor.getContainer().focus();
      editor.select('shape:o');
    });

    // Shift+→ moves the card 10 units; 40 presses take its centre (120 → 520) into the left half.
    for (let press = 0; press < 40; press++) await anne.keyboard.press('Shift+ArrowRight');
    await waitFor(async () => (await parentOf(anne)) === 'shape:q', 'the card inside the quadrant after the key presses');
    // Low benefit (its centre at y 525 of 600), low risk: no-regret.
    await waitFor(async () => (await badgeOf(anne))?.quadrantClass === 'no-regret', 'the no-regret badge at Anne');
    await waitFor(async () => (await badgeOf(bram))?.quadrantClass === 'no-regret', 'the no-regret badge at Bram', 15_000);

    // Up into the win-win half: the class follows.
    for (let press = 0; press < 30; press++) await anne.keyboard.press('Shift+ArrowUp');
    await waitFor(async () => (await badgeOf(anne))?.quadrantClass === 'win-win', 'the win-win badge at Anne');
    await waitFor(async () => (await badgeOf(bram))?.quadrantClass === 'win-win', 'the win-win badge at Bram', 15_000);

    // Back out to the left: no longer the quadrant's child, no badge.
    for (let press = 0; press < 40; press++) await anne.keyboard.press('Shift+ArrowLeft');
    await waitFor(async () => (await parentOf(anne))?.startsWith('page:'), 'the card back on the page');
    await waitFor(async () => (await badgeOf(anne)) === null, 'no badge at Anne');
    await waitFor(async () => (await badgeOf(bram)) === null, 'no badge at Bram', 15_000);
  });
});
