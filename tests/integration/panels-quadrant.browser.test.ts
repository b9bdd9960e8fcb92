import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface QuadrantEditor {
  createShape(shape: Record<string, unknown>): unknown;
  updateShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
  focus(): unknown;
  getContainer(): HTMLElement;
  getShape(id: string): { parentId: string } | undefined;
}

const parentOf = (page: Page, id: string) => page.evaluate((shapeId) => (window.editor as QuadrantEditor).getShape(shapeId)?.parentId ?? null, id);
const registerRow = (page: Page, id: string) => page.locator(`tr[data-opportunity="${id}"]`).innerText().catch(() => '');

describe('the card panel’s quadrant choice', () => {
  it('keyboard-only classification reaches the other participant’s register, and the choice follows the card’s own moves', async () => {
    const board = await fixture.server.createBoard('Kwadrant met toetsenbord');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram');
    await anne.evaluate(() => {
      const editor = window.editor as QuadrantEditor;
      editor.createShape({ id: 'shape:q', type: 'quadrant', x: 0, y: 0, props: { w: 800, h: 600 } });
      editor.createShape({ id: 'shape:kans', type: 'opportunity', x: 1000, y: 0, props: { title: 'Buurtwarmte' } });
      editor.select('shape:kans');
      // The keyboard is on the board with the card selected, as after Tab from one card to the next.
      editor.getContainer().focus();
      editor.focus();
    });
    await bram.getByRole('tab', { name: 'Register' }).click();
    await waitFor(async () => /Buurtwarmte/.test(await registerRow(bram, 'shape:kans')), 'the row at Bram', 15_000);

    // Enter opens the card's fields; Tab goes on to the quadrant choice.
    await anne.keyboard.press('Enter');
    const choice = anne.getByRole('form', { name: 'Koppelkans' }).getByLabel('Kwadrant', { exact: true });
    await waitFor(() => anne.getByRole('form', { name: 'Koppelkans' }).getByLabel('Titel').evaluate((field) => field === document.activeElement).catch(() => false), 'the focus in the title');
    expect(await choice.inputValue()).toBe('none');
    for (let presses = 0; presses < 10 && !(await choice.evaluate((field) => field === document.activeElement)); presses++) await anne.keyboard.press('Tab');
    expect(await choice.evaluate((field) => field === document.activeElement)).toBe(true);
    expect(await choice.getAttribute('aria-describedby')).toBeTruthy();

    // Home picks the first class, win-win: the card goes into the quadrant, at Bram too.
    await anne.keyboard.press('Home');
    await waitFor(async () => (await parentOf(anne, 'shape:kans')) === 'shape:q', 'the card in the quadrant');
    await waitFor(async () => /Win-win — koppelen/.test(await registerRow(bram, 'shape:kans')), 'win-win in Bram’s register', 15_000);
    expect(await choice.inputValue()).toBe('win-win');

    // Moved by other means (here: to the bottom right), the choice shows the new class.
    await anne.evaluate(() => {
      (window.editor as QuadrantEditor).updateShape({ id: 'shape:kans', type: 'opportunity', x: 520, y: 420 });
    });
    await waitFor(async () => (await choice.inputValue()) === 'park', 'the choice following the move');

    // End picks "not in the quadrant": out of it, and no class in Bram's register.
    await choice.focus();
    await anne.keyboard.press('End');
    await waitFor(async () => (await parentOf(bram, 'shape:kans'))?.startsWith('page:'), 'the card out of the quadrant at Bram', 15_000);
    await waitFor(async () => /Buurtwarmte\s[\s\S]*—/.test(await registerRow(bram, 'shape:kans')), 'no class in Bram’s register', 15_000);
    expect(await choice.inputValue()).toBe('none');
  });

  it('without a quadrant on the board the choice is disabled and says why', async () => {
    const board = await fixture.server.createBoard('Geen kwadrant');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    await anne.evaluate(() => {
      const editor = window.editor as QuadrantEditor;
      editor.createShape({ id: 'shape:kans', type: 'opportunity', x: 0, y: 0, props: { title: 'Buurtwarmte' } });
      editor.select('shape:kans');
    });
    const form = anne.getByRole('form', { name: 'Koppelkans' });
    expect(await form.getByLabel('Kwadrant', { exact: true }).isDisabled()).toBe(true);
    await form.getByText('Er staat nog geen kwadrant op het bord.').waitFor();
  });
});
