import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface NewCardEditor {
  getOnlySelectedShape(): { id: string } | null;
  getShape(id: string): { props: Record<string, unknown> } | undefined;
}

const propOf = (page: Page, id: string, key: string) => page.evaluate(([shapeId, prop]) => (window.editor as NewCardEditor).getShape(shapeId)?.props[prop] ?? null, [id, key] as const);
const isFocused = (page: Page, label: string) => page.getByRole('form').getByLabel(label, { exact: true }).evaluate((field) => field === document.activeElement).catch(() => false);

/** Clicks a toolbar button and returns the id of the new card once it is selected. */
async function addFromToolbar(page: Page, name: string): Promise<string> {
  await page.getByRole('toolbar', { name: 'Kaarten toevoegen' }).getByRole('button', { name }).click();
  return waitFor(() => page.evaluate(() => (window.editor as NewCardEditor).getOnlySelectedShape()?.id ?? null), `a new card from "${name}"`);
}

describe('new cards and the limits of their fields', () => {
  it('a new card opens with its title field focused and empty, the hint as placeholder: typing gives exactly what was typed', async () => {
    const board = await fixture.server.createBoard('Nieuwe kaarten');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');

    const opportunityId = await addFromToolbar(anne, '+ Koppelkans');
    const title = anne.getByRole('form', { name: 'Koppelkans' }).getByLabel('Titel');
    await waitFor(() => isFocused(anne, 'Titel'), 'the focus in the title field');
    expect(await title.inputValue()).toBe('');
    expect(await title.getAttribute('placeholder')).toBe('Nieuwe koppelkans');
    await anne.keyboard.type('Huurders');
    await waitFor(async () => (await propOf(anne, opportunityId, 'title')) === 'Huurders', 'the title "Huurders"');
    // Emptying the field makes the card untitled again: it stores no text (in nobody's
    // language) and shows the stand-in, as a new card does.
    await title.fill('');
    await waitFor(async () => (await propOf(anne, opportunityId, 'title')) === '', 'the untitled card');
    expect(await title.getAttribute('placeholder')).toBe('Nieuwe koppelkans');

    const organisationId = await addFromToolbar(anne, '+ Organisatie');
    await waitFor(() => isFocused(anne, 'Naam'), 'the focus in the name field');
    await anne.keyboard.type('Woonstede');
    await waitFor(async () => (await propOf(anne, organisationId, 'name')) === 'Woonstede', 'the name "Woonstede"');
  });

  it('a title over the limit shows the counter and says so; after adding a benefit or a risk the focus is in the new field', async () => {
    const board = await fixture.server.createBoard('Grenzen');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    const id = await addFromToolbar(anne, '+ Koppelkans');
    const form = anne.getByRole('form', { name: 'Koppelkans' });
    const title = form.getByLabel('Titel');
    await title.fill('Warmtenet');
    await form.getByText('9 / 120').waitFor();
    expect(await form.getByText('Maximaal 120 tekens: wat je verder typt of plakt, valt weg.').count()).toBe(0);
    await title.fill('x'.repeat(130));
    await form.getByText('120 / 120').waitFor();
    await form.getByText('Maximaal 120 tekens: wat je verder typt of plakt, valt weg.').waitFor();
    // The counter and the message are what a screen reader hears with the field.
    expect(await title.getAttribute('aria-describedby')).toMatch(/\S+ \S+/);
    await waitFor(async () => (await propOf(anne, id, 'title')) === 'x'.repeat(120), 'the title at its limit');

    await form.getByRole('button', { name: 'Baat toevoegen' }).click();
    await waitFor(() => isFocused(anne, 'Baat 1'), 'the focus in the new benefit');
    await anne.keyboard.type('Minder wateroverlast');
    await form.getByRole('button', { name: 'Baat toevoegen' }).click();
    await waitFor(() => isFocused(anne, 'Baat 2'), 'the focus in the second benefit');
    await form.getByRole('button', { name: 'Risico toevoegen' }).click();
    await waitFor(() => isFocused(anne, 'Risico 1'), 'the focus in the new risk');
    await anne.keyboard.type('Planning loopt uiteen');
    await waitFor(async () => JSON.stringify(await propOf(anne, id, 'benefits')) === JSON.stringify(['Minder wateroverlast', '']), 'the benefits');
    expect(await propOf(anne, id, 'risks')).toEqual([{ risk: 'Planning loopt uiteen', mitigation: '' }]);
  });
});
