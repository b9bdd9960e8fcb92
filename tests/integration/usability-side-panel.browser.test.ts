import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

const widthOf = (page: Page, selector: string) => page.evaluate((css) => (document.querySelector(css) as HTMLElement).getBoundingClientRect().width, selector);
const separator = (page: Page) => page.getByRole('separator', { name: 'Breedte van het zijpaneel' });
const valueOf = async (page: Page) => Number(await separator(page).getAttribute('aria-valuenow'));

/** The separator says `width`, and the panel is drawn that wide. */
async function panelIs(page: Page, width: number): Promise<void> {
  await waitFor(async () => (await valueOf(page)) === width && Math.round(await widthOf(page, '.side')) === width, `the side panel ${width} px wide`);
}

describe('the side panel can be resized', () => {
  it('by keyboard and by dragging its handle, within bounds, and keeps its width on the device', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const context = await fixture.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(board.links.edit);
    await joinIfAsked(page, 'Anne');

    const handle = separator(page);
    expect(await handle.getAttribute('aria-orientation')).toBe('vertical');
    expect(await handle.getAttribute('aria-controls')).toBe('side-panel');
    expect([await handle.getAttribute('aria-valuemin'), await handle.getAttribute('aria-valuemax')]).toEqual(['320', '640']);
    await panelIs(page, 373);
    const canvasBefore = await widthOf(page, '.canvas');

    // Keyboard: left widens (the panel is on the right), Shift for larger steps, Home and End;
    // a card selected on the board is not moved by those keys.
    await page.evaluate(() => {
      const editor = window.editor as { createShape(shape: Record<string, unknown>): unknown; select(id: string): unknown };
      editor.createShape({ id: 'shape:o', type: 'opportunity', x: 0, y: 0 });
      editor.select('shape:o');
    });
    const cardX = () => page.evaluate(() => (window.editor as { getShape(id: string): { x: number } }).getShape('shape:o')!.x);
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await panelIs(page, 389);
    expect(Math.round(canvasBefore - (await widthOf(page, '.canvas')))).toBe(16);
    await page.keyboard.press('Shift+ArrowLeft');
    await panelIs(page, 453);
    await page.keyboard.press('ArrowRight');
    await panelIs(page, 437);
    await page.keyboard.press('End');
    await panelIs(page, 640);
    await page.keyboard.press('ArrowLeft');
    await panelIs(page, 640);
    await page.keyboard.press('Home');
    await panelIs(page, 320);
    await page.keyboard.press('ArrowRight');
    await panelIs(page, 320);
    expect(await cardX()).toBe(0);

    // Pointer: dragging the handle 100 px to the left makes the panel 100 px wider; the board
    // under the pointer is not panned or selected by it.
    const box = (await handle.boundingBox())!;
    const camera = () => page.evaluate(() => JSON.stringify((window.editor as { getCamera(): unknown }).getCamera()));
    const cameraBefore = await camera();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 50, box.y + box.height / 2, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2 - 100, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await panelIs(page, 420);
    expect(await camera()).toBe(cameraBefore);

    // Kept on this device.
    await page.reload();
    await joinIfAsked(page, 'Anne');
    await panelIs(page, 420);

    // Never more than half the window: a narrower window narrows the panel and its maximum.
    await page.setViewportSize({ width: 760, height: 900 });
    await panelIs(page, 380);
    expect(await separator(page).getAttribute('aria-valuemax')).toBe('380');
    // A wider window again gives back the width that was set.
    await page.setViewportSize({ width: 1440, height: 900 });
    await panelIs(page, 420);

    // Folded there is nothing to resize; unfolded it has its width back.
    await page.getByRole('button', { name: 'Zijpaneel inklappen' }).click();
    await waitFor(async () => (await separator(page).count()) === 0, 'no handle while folded');
    await page.getByRole('button', { name: 'Zijpaneel uitklappen' }).click();
    await panelIs(page, 420);
    await context.close();
  });
});
