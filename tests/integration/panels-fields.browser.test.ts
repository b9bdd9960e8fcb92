import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface FieldsEditor {
  createShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
  getShape(id: string): { props: Record<string, unknown> } | undefined;
}

const propOf = (page: Page, id: string, key: string) => page.evaluate(([shapeId, prop]) => (window.editor as FieldsEditor).getShape(shapeId)?.props[prop] ?? null, [id, key] as const);

/** The board is still up: tldraw's crash screen is not shown and the canvas still draws the card. */
async function boardAlive(page: Page, cardText: RegExp): Promise<void> {
  expect(await page.getByText('Something went wrong').count()).toBe(0);
  await waitFor(async () => (await page.locator('.tl-canvas').count()) === 1 && (await page.locator('.kb-card', { hasText: cardText }).count()) === 1, 'the canvas with the card');
}

describe('panel fields refuse what does not fit, and never take the board down', () => {
  it('an impossible date or a five-digit year keeps the old date, says why, and the board stays up; dates read in the UI language', async () => {
    const board = await fixture.server.createBoard('Datums');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram');
    const pageErrors: string[] = [];
    for (const page of [anne, bram]) page.on('pageerror', (error) => pageErrors.push(error.message));
    await anne.evaluate(() => {
      const editor = window.editor as FieldsEditor;
      editor.createShape({ id: 'shape:riool', type: 'domain', x: 100, y: 100, props: { domain: 'sewerage-water', consultation: 'consulted', consultedOn: '2026-11-20' } });
      editor.select('shape:riool');
    });
    const form = anne.getByRole('form', { name: 'Beleidsdomein' });
    const date = form.getByLabel('Geraadpleegd op');
    // Shown day first, as written in Dutch, on the card too.
    await waitFor(async () => (await date.inputValue()) === '20-11-2026', 'the date in Dutch form');
    await waitFor(async () => (await anne.locator('.kb-card', { hasText: 'Geraadpleegd 20-11-2026' }).count()) === 1, 'the card’s date');

    // 31 February does not exist: refused at the field, the stored date stays (here and at Bram).
    await date.fill('31-2-2026');
    const refusal = form.getByText('Dit is geen bestaande datum tussen 2000 en 2100. De vorige datum blijft staan.');
    await refusal.waitFor();
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    expect(await propOf(anne, 'shape:riool', 'consultedOn')).toBe('2026-11-20');

    // A valid date is written; a fifth year digit after it is refused and the valid one stays.
    await date.fill('1-12-2026');
    await waitFor(async () => (await propOf(bram, 'shape:riool', 'consultedOn')) === '2026-12-01', 'the new date at Bram', 15_000);
    expect(await refusal.count()).toBe(0);
    await date.press('End');
    await date.pressSequentially('3');
    expect(await date.inputValue()).toBe('1-12-20263');
    await refusal.waitFor();
    expect(await propOf(anne, 'shape:riool', 'consultedOn')).toBe('2026-12-01');
    // Year 9999 is no year a board is about.
    await date.fill('1-1-9999');
    await refusal.waitFor();
    expect(await propOf(anne, 'shape:riool', 'consultedOn')).toBe('2026-12-01');
    await boardAlive(anne, /Geraadpleegd 1-12-2026/);
    await waitFor(async () => (await bram.locator('.kb-card', { hasText: 'Geraadpleegd 1-12-2026' }).count()) === 1, 'the date at Bram', 15_000);

    // In English the field and the card write the date the English way.
    await anne.getByRole('button', { name: 'English' }).click();
    await waitFor(async () => (await anne.getByRole('form', { name: 'Policy domain' }).getByLabel('Consulted on').inputValue().catch(() => '')) === '1/12/2026', 'the English short date');
    await waitFor(async () => (await anne.locator('.kb-card', { hasText: 'Consulted 1/12/2026' }).count()) === 1, 'the English date on the card');
    expect(pageErrors).toEqual([]);
  });

  it('a value the model refuses that gets past a field is not written: the panel says so and the board stays up', async () => {
    const board = await fixture.server.createBoard('Te lang');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    const pageErrors: string[] = [];
    anne.on('pageerror', (error) => pageErrors.push(error.message));
    await anne.evaluate(() => {
      const editor = window.editor as FieldsEditor;
      editor.createShape({ id: 'shape:kans', type: 'opportunity', x: 100, y: 100, props: { title: 'Buurtwarmte', nextAction: 'Bellen' } });
      editor.select('shape:kans');
    });
    const field = anne.getByRole('form', { name: 'Koppelkans' }).getByLabel('Volgende stap');
    await waitFor(async () => (await field.inputValue()) === 'Bellen', 'the field');
    // maxLength stops typing, not a script or an extension setting the value: 400 characters reach React.
    await field.evaluate((input: HTMLInputElement) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, 'x'.repeat(400));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await anne.getByRole('alert').filter({ hasText: 'Niet opgeslagen: Deze waarde past niet in het veld; de vorige waarde blijft staan.' }).waitFor();
    expect(await propOf(anne, 'shape:kans', 'nextAction')).toBe('Bellen');
    await boardAlive(anne, /Buurtwarmte/);
    expect(pageErrors).toEqual([]);
  });
});
