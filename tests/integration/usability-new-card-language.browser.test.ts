import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

interface CardEditor {
  getOnlySelectedShape(): { id: string } | null;
  getShape(id: string): { props: Record<string, unknown> } | undefined;
}

const propsOf = (page: Page, id: string) => page.evaluate((shapeId) => (window.editor as CardEditor).getShape(shapeId)?.props ?? null, id);
/** What the card shows on the canvas as its title. */
const shownTitle = (page: Page, id: string, selector: string) =>
  page.evaluate(([shapeId, css]) => document.querySelector(`[data-shape-id="${shapeId}"] ${css}`)?.textContent ?? null, [id, selector] as const);

async function addFromToolbar(page: Page, name: string): Promise<string> {
  const before = await page.evaluate(() => (window.editor as CardEditor).getOnlySelectedShape()?.id ?? null);
  await page.getByRole('toolbar', { name: 'Add cards' }).getByRole('button', { name }).click();
  return waitFor(async () => {
    const id = await page.evaluate(() => (window.editor as CardEditor).getOnlySelectedShape()?.id ?? null);
    return id !== before ? id : null;
  }, `a new card from "${name}"`);
}

describe('a new card stores no text in anyone’s language', () => {
  it('made in the English UI it stores no Dutch; each reader sees a stand-in in their own language', async () => {
    const board = await fixture.server.createBoard('New cards');
    const anne = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    await anne.getByRole('button', { name: 'English' }).click();
    await anne.getByRole('toolbar', { name: 'Add cards' }).waitFor();
    const bram = await openBoard(await fixture.newContext(), board.links.edit, 'Bram', 'sewerage-water');

    const opportunity = await addFromToolbar(anne, '+ Opportunity');
    const organisation = await addFromToolbar(anne, '+ Organisation');
    const quadrant = await addFromToolbar(anne, '+ Quadrant');
    // Stored: nothing of the model's Dutch defaults ("Nieuwe koppelkans", "Organisatie", "Kansen en risico’s").
    expect((await propsOf(anne, opportunity))?.title).toBe('');
    expect((await propsOf(anne, organisation))?.name).toBe('');
    expect((await propsOf(anne, quadrant))?.title).toBe('');

    await waitFor(async () => (await shownTitle(anne, opportunity, '.kb-card__title')) === 'New opportunity', 'the English stand-in on Anne’s opportunity');
    expect(await shownTitle(anne, organisation, '.kb-card__title')).toBe('Organisation');
    expect(await shownTitle(anne, quadrant, '.kb-quadrant__title')).toBe('Opportunities and risks');
    // Bram reads Dutch: the same cards, his own language.
    await waitFor(async () => (await shownTitle(bram, opportunity, '.kb-card__title')) === 'Nieuwe koppelkans', 'the Dutch stand-in at Bram');
    expect(await shownTitle(bram, organisation, '.kb-card__title')).toBe('Organisatie');
    expect(await shownTitle(bram, quadrant, '.kb-quadrant__title')).toBe('Kansen en risico’s');

    // The register names the untitled card in the reader's language too.
    await anne.getByRole('tab', { name: 'Register' }).click();
    await waitFor(async () => (await anne.locator(`tr[data-opportunity="${opportunity}"] button`).first().innerText()) === 'New opportunity', 'the register row in English');

    // What is typed is stored as typed, and shown to both alike.
    await anne.getByRole('tab', { name: 'Card' }).click();
    await anne.evaluate((id) => {
      (window.editor as unknown as { select(id: string): void }).select(id);
    }, opportunity);
    const title = anne.getByRole('form', { name: 'Opportunity' }).getByLabel('Title');
    expect(await title.inputValue()).toBe('');
    await title.fill('Buurtbus');
    await waitFor(async () => (await shownTitle(bram, opportunity, '.kb-card__title')) === 'Buurtbus', 'the typed title at Bram');
  });
});
