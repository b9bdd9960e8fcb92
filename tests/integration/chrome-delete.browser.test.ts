import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard, shapesOf } from '../helpers/board-page.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

interface DeleteEditor {
  createShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
  selectNone(): unknown;
  setEditingShape(id: string | null): unknown;
  focus(): unknown;
  updateShapes(shapes: Record<string, unknown>[]): unknown;
  getCurrentPageShapes(): { id: string; type: string; isLocked: boolean }[];
}

const countOf = async (page: Page, type: string) => (await shapesOf(page)).filter((shape) => shape.type === type).length;

/**
 * Gives the canvas keyboard focus with nothing selected and no text being edited, so tldraw's
 * shortcuts apply. (A click would land on whatever lies there at zoom to fit: the template's
 * legend, whose text a click can start editing.)
 */
async function focusCanvas(page: Page): Promise<void> {
  await page.evaluate(() => {
    const editor = window.editor as DeleteEditor;
    editor.setEditingShape(null);
    editor.selectNone();
    editor.focus();
  });
}

describe('deleting many cards or scaffolding asks first', () => {
  it('Ctrl+A, Delete names what goes, Escape keeps everything, "Verwijderen" deletes it for everyone', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Zuidwest');
    const anne = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    const bram = await openBoard(await fixture.newContext(), board.links.edit, 'Bram', 'sewerage-water');
    await anne.evaluate(() => {
      const editor = window.editor as DeleteEditor;
      for (let i = 0; i < 5; i++) editor.createShape({ id: `shape:o${i}`, type: 'opportunity', x: -2000 + i * 300, y: -600, props: { title: `Kans ${i}` } });
    });
    await waitFor(async () => (await countOf(bram, 'opportunity')) === 5, 'the five opportunities at Bram', 15_000);

    await focusCanvas(anne);
    await anne.keyboard.press('Control+a');
    await anne.keyboard.press('Delete');
    const dialog = anne.getByRole('dialog', { name: 'Voor iedereen verwijderen?' });
    await dialog.waitFor();
    // It names how many cards of which kind: the template's 9 domains and 3 organisations, the 5 opportunities.
    expect(await dialog.locator('[data-deleted-kind="opportunity"]').innerText()).toBe('5 × Koppelkans');
    expect(await dialog.locator('[data-deleted-kind="domain"]').innerText()).toBe('9 × Beleidsdomein');
    expect(await dialog.locator('[data-deleted-kind="organisation"]').innerText()).toBe('3 × Organisatie');
    // The locked scaffolding is not in the selection's deletion.
    expect(await dialog.locator('[data-deleted-kind="scaffold"]').count()).toBe(0);

    await anne.keyboard.press('Escape');
    await waitFor(async () => (await dialog.count()) === 0, 'the dialog closed by Escape');
    expect(await countOf(anne, 'opportunity')).toBe(5);
    expect(await countOf(anne, 'domain')).toBe(9);

    await focusCanvas(anne);
    await anne.keyboard.press('Control+a');
    await anne.keyboard.press('Delete');
    await dialog.getByRole('button', { name: 'Verwijderen' }).click();
    await waitFor(async () => (await countOf(bram, 'opportunity')) + (await countOf(bram, 'domain')) + (await countOf(bram, 'organisation')) === 0, 'the cards gone at Bram', 15_000);
    // The scaffolding stays: it was locked.
    expect(await countOf(bram, 'quadrant')).toBe(1);
  });

  it('a few cards go without a question; any scaffolding asks, in English too', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Zuidwest');
    const anne = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    await anne.evaluate(() => {
      const editor = window.editor as DeleteEditor;
      for (let i = 0; i < 3; i++) editor.createShape({ id: `shape:o${i}`, type: 'opportunity', x: -2000 + i * 300, y: -600, props: { title: `Kans ${i}` } });
    });
    await focusCanvas(anne);
    await anne.evaluate(() => {
      (window.editor as DeleteEditor).select('shape:o0', 'shape:o1', 'shape:o2');
    });
    await anne.keyboard.press('Delete');
    await waitFor(async () => (await countOf(anne, 'opportunity')) === 0, 'three cards deleted at once');
    expect(await anne.getByRole('dialog').count()).toBe(0);

    await anne.getByRole('button', { name: 'English' }).click();
    await waitFor(() => anne.getByRole('button', { name: 'Nederlands' }).count(), 'the English UI');
    // Unlock the template's text shapes (headings, legend) and select one heading.
    await anne.evaluate(() => {
      const editor = window.editor as DeleteEditor;
      const texts = editor.getCurrentPageShapes().filter((shape) => shape.type === 'text');
      editor.updateShapes(texts.map((shape) => ({ id: shape.id, type: 'text', isLocked: false })));
      editor.select(texts[0]!.id);
    });
    await anne.keyboard.press('Backspace');
    const dialog = anne.getByRole('dialog', { name: 'Delete for everyone?' });
    await dialog.waitFor();
    expect(await dialog.locator('[data-deleted-kind="scaffold"]').innerText()).toMatch(/^1 template part/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await waitFor(async () => (await dialog.count()) === 0, 'the dialog closed by Cancel');
    expect(await countOf(anne, 'text')).toBe(3);
  });
});
