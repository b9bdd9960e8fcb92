import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard, shapesOf } from '../helpers/board-page.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

interface CutEditor {
  createShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
  selectNone(): unknown;
  setEditingShape(id: string | null): unknown;
  focus(): unknown;
}

const countOf = async (page: Page, type: string) => (await shapesOf(page)).filter((shape) => shape.type === type).length;
const cardCount = async (page: Page) => (await countOf(page, 'opportunity')) + (await countOf(page, 'domain')) + (await countOf(page, 'organisation'));

/** Keyboard focus on the canvas, nothing being edited, so Ctrl+A / Ctrl+X / Ctrl+V reach tldraw. */
async function focusCanvas(page: Page): Promise<void> {
  await page.evaluate(() => {
    const editor = window.editor as CutEditor;
    editor.setEditingShape(null);
    editor.selectNone();
    editor.focus();
  });
}

/** A participant with the clipboard a cut and a paste need (a page may use it only when allowed). */
async function openWithClipboard(link: string, name: string): Promise<Page> {
  const context = await fixture.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fixture.server.url });
  return openBoard(context, link, name);
}

/**
 * Waits until the page's clipboard holds `text`. tldraw deletes the cut shapes without awaiting
 * its clipboard write, so "the cards are gone" does not yet mean "the cards are on the clipboard".
 */
async function waitForClipboard(page: Page, text: string): Promise<void> {
  await waitFor(async () => (await page.evaluate(() => navigator.clipboard.readText())).includes(text), `"${text}" on the clipboard`);
}

describe('cutting many cards asks first, as deleting does', () => {
  it('Ctrl+X on many cards names what goes; Escape keeps everything, "Knippen" cuts them for everyone', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Zuidwest');
    const anne = await openWithClipboard(board.links.edit, 'Anne');
    const bram = await openBoard(await fixture.newContext(), board.links.edit, 'Bram', 'sewerage-water');
    await anne.evaluate(() => {
      const editor = window.editor as CutEditor;
      for (let i = 0; i < 5; i++) editor.createShape({ id: `shape:o${i}`, type: 'opportunity', x: -2000 + i * 300, y: -600, props: { title: `Kans ${i}` } });
    });
    await waitFor(async () => (await countOf(bram, 'opportunity')) === 5, 'the five opportunities at Bram', 15_000);

    await focusCanvas(anne);
    await anne.keyboard.press('Control+a');
    await anne.keyboard.press('Control+x');
    const dialog = anne.getByRole('dialog', { name: 'Knippen en voor iedereen verwijderen?' });
    await dialog.waitFor();
    expect(await dialog.locator('[data-deleted-kind="opportunity"]').innerText()).toBe('5 × Koppelkans');
    expect(await dialog.locator('[data-deleted-kind="domain"]').innerText()).toBe('9 × Beleidsdomein');
    expect(await dialog.locator('[data-deleted-kind="organisation"]').innerText()).toBe('3 × Organisatie');

    await anne.keyboard.press('Escape');
    await waitFor(async () => (await dialog.count()) === 0, 'the dialog closed by Escape');
    expect(await cardCount(anne)).toBe(17);
    // Nothing was cut at all: Bram still has every card.
    expect(await cardCount(bram)).toBe(17);

    await focusCanvas(anne);
    await anne.keyboard.press('Control+a');
    await anne.keyboard.press('Control+x');
    await dialog.getByRole('button', { name: 'Knippen' }).click();
    await waitFor(async () => (await cardCount(bram)) === 0, 'the cards gone at Bram', 15_000);
    // The locked scaffolding stays.
    expect(await countOf(bram, 'quadrant')).toBe(1);
    // What was cut is on Anne's clipboard: pasting brings the seventeen cards back, for Bram too.
    await waitForClipboard(anne, 'Kans 4');
    await focusCanvas(anne);
    await anne.keyboard.press('Control+v');
    await waitFor(async () => (await cardCount(bram)) === 17, 'the cut cards pasted back, at Bram', 15_000);
  });

  it('a few cards are cut without a question and paste back; the question is in English in the English UI', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Zuidwest');
    const anne = await openWithClipboard(board.links.edit, 'Anne');
    await anne.evaluate(() => {
      const editor = window.editor as CutEditor;
      for (let i = 0; i < 4; i++) editor.createShape({ id: `shape:o${i}`, type: 'opportunity', x: -2000 + i * 300, y: -600, props: { title: `Kans ${i}` } });
    });
    await anne.evaluate(() => navigator.clipboard.writeText('leeg'));
    await focusCanvas(anne);
    await anne.evaluate(() => {
      (window.editor as CutEditor).select('shape:o0', 'shape:o1', 'shape:o2');
    });
    await anne.keyboard.press('Control+x');
    await waitFor(async () => (await countOf(anne, 'opportunity')) === 1, 'three cards cut at once');
    expect(await anne.getByRole('dialog').count()).toBe(0);
    await waitForClipboard(anne, 'Kans 2');
    await focusCanvas(anne);
    await anne.keyboard.press('Control+v');
    await waitFor(async () => (await countOf(anne, 'opportunity')) === 4, 'the three cards pasted back', 15_000);
    const titles = await anne.evaluate(() =>
      (window.editor as unknown as { getCurrentPageShapes(): { type: string; props: { title?: string } }[] })
        .getCurrentPageShapes()
        .filter((shape) => shape.type === 'opportunity')
        .map((shape) => shape.props.title)
        .sort(),
    );
    expect(titles).toEqual(['Kans 0', 'Kans 1', 'Kans 2', 'Kans 3']);

    await anne.getByRole('button', { name: 'English' }).click();
    await waitFor(() => anne.getByRole('button', { name: 'Nederlands' }).count(), 'the English UI');
    await focusCanvas(anne);
    // The four opportunities (a pasted card can land in the quadrant, out of Ctrl+A's reach).
    const opportunities = (await shapesOf(anne)).filter((shape) => shape.type === 'opportunity').map((shape) => shape.id);
    await anne.evaluate((ids) => {
      (window.editor as CutEditor).select(...ids);
    }, opportunities);
    await anne.keyboard.press('Control+x');
    const dialog = anne.getByRole('dialog', { name: 'Cut and delete for everyone?' });
    await dialog.waitFor();
    expect(await dialog.locator('[data-deleted-kind="opportunity"]').innerText()).toBe('4 × Opportunity');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await waitFor(async () => (await dialog.count()) === 0, 'the dialog closed by Cancel');
    expect(await countOf(anne, 'opportunity')).toBe(4);

    // A viewer's Ctrl+X removes nothing, so nothing is asked.
    const viewer = await openWithClipboard(board.links.view, 'Vera');
    await waitFor(async () => (await countOf(viewer, 'opportunity')) === 4, 'the board at the viewer');
    await viewer.evaluate(() => navigator.clipboard.writeText('leeg'));
    await focusCanvas(viewer);
    await viewer.keyboard.press('Control+a');
    await viewer.keyboard.press('Control+x');
    // The cut went through as a copy (asking would have held the clipboard back).
    await waitForClipboard(viewer, 'Kans');
    expect(await viewer.getByRole('dialog').count()).toBe(0);
    expect(await countOf(anne, 'opportunity')).toBe(4);
  });
});
