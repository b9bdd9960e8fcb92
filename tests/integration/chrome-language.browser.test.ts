import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

interface ChromeEditor {
  createShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
  selectNone(): unknown;
}

describe('the board chrome speaks the UI language', () => {
  it('<html lang> follows the language switch, on the board and after a reload', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const context = await fixture.newContext();
    const page = await openBoard(context, board.links.edit, 'Anne');
    const documentLanguage = () => page.evaluate(() => document.documentElement.lang);
    expect(await documentLanguage()).toBe('nl');

    await page.getByRole('button', { name: 'English' }).click();
    await waitFor(async () => (await documentLanguage()) === 'en', '<html lang="en"> after switching to English');
    // The choice is remembered: a reload opens in English with lang="en" from the start.
    await page.reload();
    await page.waitForFunction(() => Boolean(window.editor));
    await waitFor(async () => (await documentLanguage()) === 'en', '<html lang="en"> after a reload');

    await page.getByRole('button', { name: 'Nederlands' }).click();
    await waitFor(async () => (await documentLanguage()) === 'nl', '<html lang="nl"> after switching back');
    await context.close();
  });

  it('the screen-reader announcement of a selected card names its kind, in Dutch and in English', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const context = await fixture.newContext();
    const page = await openBoard(context, board.links.edit, 'Anne');
    const announcement = page.locator('.tl-container [role="status"][aria-live]');
    /**
     * Selects `id` until the announcement names its `title` in `language` ("1 van 2" /
     * "1 of 2"): tldraw loads its translations after mounting, and announces a selection in
     * the words it has at that moment.
     */
    const announced = (id: string, title: string, language: 'nl' | 'en') => {
      const index = language === 'nl' ? / \d+ van \d+$/ : / \d+ of \d+$/;
      return waitFor(
        async () => {
          const text = (await announcement.count()) > 0 ? await announcement.first().innerText() : '';
          if (text.includes(title) && index.test(text)) return text;
          await page.evaluate((shapeId) => {
            const editor = window.editor as ChromeEditor;
            editor.selectNone();
            editor.select(shapeId);
          }, id);
          return '';
        },
        `the ${language} announcement of ${id}`,
        10_000,
        100,
      );
    };
    await page.evaluate(() => {
      const editor = window.editor as ChromeEditor;
      editor.createShape({ id: 'shape:o', type: 'opportunity', x: 0, y: 0, props: { title: 'Warmtenet' } });
      editor.createShape({ id: 'shape:d', type: 'domain', x: 400, y: 0, props: { domain: 'welfare' } });
    });

    const dutch = await announced('shape:o', 'Warmtenet', 'nl');
    expect(dutch).toContain('Koppelkans.');
    expect(dutch).not.toMatch(/tool\./);
    expect(await announced('shape:d', 'Welzijn', 'nl')).toContain('Beleidsdomein.');

    await page.getByRole('button', { name: 'English' }).click();
    await waitFor(() => page.getByRole('button', { name: 'Nederlands' }).count(), 'the English UI');
    const english = await announced('shape:o', 'Warmtenet', 'en');
    expect(english).toContain('Opportunity.');
    expect(english).not.toMatch(/tool\./);
    await context.close();
  });

  it('the main menu has no "Insert embed" entry (embeds are off), and its shortcut opens nothing', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const context = await fixture.newContext();
    const page = await openBoard(context, board.links.edit, 'Anne');
    await page.getByTestId('main-menu.button').click();
    // The menu is open: its neighbour in the same group, "insert media", is there.
    await waitFor(() => page.getByTestId('main-menu.insert-media').count(), 'the open main menu');
    expect(await page.getByTestId('main-menu.insert-embed').count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: /insluiten|embed/i }).count()).toBe(0);
    await page.keyboard.press('Escape');

    await page.locator('.tl-canvas').click({ position: { x: 300, y: 300 } });
    await page.keyboard.press('Control+i');
    // tldraw's dialogs mount in .tlui-dialog__content; the embed dialog would be one.
    expect(await page.locator('.tlui-dialog__content').count()).toBe(0);
    await context.close();
  });
});
