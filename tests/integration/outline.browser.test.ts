/**
 * The outline tab (issue 14, "Accessible outline view"): the board as lists and forms, used by
 * keyboard only. Anne never touches the mouse: she adds an opportunity, classifies it, links
 * it to a domain, edits and deletes it from the outline, and Bram's canvas and register
 * follow, as after the same edits on the canvas.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

interface OutlineEditor {
  getCurrentPageShapes(): { id: string; type: string; parentId: string; props: Record<string, unknown> }[];
  createShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
  getShape(id: string): { id: string; type: string; parentId: string } | undefined;
  getBindingsToShape(id: string, type: 'arrow'): { fromId: string }[];
}

/** What the element with the keyboard focus is called (its aria-label, else its text), and its role. */
function focused(page: Page): Promise<{ name: string; role: string; tag: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const labelled = element?.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
    const wrapping = element?.closest('label')?.textContent;
    return {
      name: (element?.getAttribute('aria-label') ?? labelled ?? wrapping ?? element?.textContent ?? '').trim(),
      role: element?.getAttribute('role') ?? '',
      tag: element?.tagName.toLowerCase() ?? '',
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused control's name matches (at most `presses` times). */
async function tabTo(page: Page, name: RegExp, presses = 80, key = 'Tab'): Promise<void> {
  for (let i = 0; i < presses; i++) {
    if (name.test((await focused(page)).name)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`no control named ${name} within ${presses} Tab presses; last: ${JSON.stringify(await focused(page))}`);
}

/** Joins by keyboard: the name field has the focus, the domain is chosen from the list, Enter on "Meedoen". */
async function joinByKeyboard(page: Page, name: string): Promise<void> {
  await page.getByLabel('Je naam').waitFor();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  // The native select takes typed letters: "Welzijn & wijkteams".
  await page.keyboard.type('Welzijn');
  await tabTo(page, /^Meedoen$/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Boolean(window.editor), null, { timeout: 30_000 });
}

/** From the top of the page: the skip link, the side panel, and the tabs by arrow keys to the outline. */
async function openOutlineByKeyboard(page: Page): Promise<void> {
  await page.keyboard.press('Tab');
  expect((await focused(page)).name).toBe('Naar het zijpaneel');
  await page.keyboard.press('Enter');
  await tabTo(page, /^Deelnemers$/, 4);
  for (let i = 0; i < 6 && (await focused(page)).name !== 'Overzicht'; i++) await page.keyboard.press('ArrowLeft');
  expect(await page.getByRole('tab', { name: 'Overzicht' }).getAttribute('aria-selected')).toBe('true');
}

const opportunities = (page: Page) =>
  page.evaluate(() =>
    (window.editor as OutlineEditor)
      .getCurrentPageShapes()
      .filter((shape) => shape.type === 'opportunity')
      .map((shape) => ({ id: shape.id, title: String(shape.props['title']), parent: shape.parentId })),
  );

/** The shapes an arrow links to `id` (its other bound end), read through the editor's bindings. */
const linkedTo = (page: Page, id: string) =>
  page.evaluate((shapeId) => {
    const editor = window.editor as OutlineEditor & { getBindingsFromShape(id: string, type: 'arrow'): { toId: string }[] };
    return editor.getBindingsToShape(shapeId, 'arrow').flatMap((binding) => editor.getBindingsFromShape(binding.fromId, 'arrow').map((end) => end.toId).filter((other) => other !== shapeId));
  }, id);

const registerRow = (page: Page, id: string) => page.locator(`tr[data-opportunity="${id}"]`).innerText().catch(() => '');
const status = (page: Page) => page.locator('.outline-status').innerText();

describe('the outline by keyboard', () => {
  it('adds, classifies, links, edits and deletes an opportunity without a pointer; the other participant’s canvas and register follow', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Overzicht zonder muis');
    const anne = await (await fixture.newContext()).newPage();
    await anne.goto(board.links.edit);
    await joinByKeyboard(anne, 'Anne');
    const bram = await openBoard(await fixture.newContext(), board.links.edit, 'Bram');
    // Bram reads the register (by keyboard as well: the tab is focused and Enter pressed).
    await bram.getByRole('tab', { name: 'Register' }).focus();
    await bram.keyboard.press('Enter');
    await bram.getByRole('tabpanel', { name: 'Register' }).waitFor();

    await openOutlineByKeyboard(anne);
    const outline = anne.getByRole('tabpanel', { name: 'Overzicht' });
    // The template's cards are listed by kind, each kind under its own heading.
    expect(await outline.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['Beleidsdomeinen (9)', 'Organisaties (3)', 'Koppelkansen (0)', 'Plannen (0)']);
    expect(await outline.getByRole('heading', { level: 4, name: 'Welzijn & wijkteams' }).count()).toBe(1);

    // A jump link past the domains and organisations to the opportunities' section; Tab reaches its Add button.
    await tabTo(anne, /^Koppelkansen$/);
    await anne.keyboard.press('Enter');
    await waitFor(() => anne.evaluate(() => document.activeElement?.getAttribute('data-outline-section') === 'opportunity'), 'the focus on the opportunities’ section');
    await anne.keyboard.press('Tab');
    expect((await focused(anne)).name).toBe('+ Koppelkans toevoegen');
    // Add: the new card's title field takes the focus, and the live region says what happened.
    await anne.keyboard.press('Enter');
    await waitFor(async () => (await focused(anne)).name === 'Titel', 'the focus in the new card’s title');
    expect(await status(anne)).toMatch(/^Kans toegevoegd/);
    expect(await anne.getByRole('status').filter({ hasText: 'Kans toegevoegd' }).count()).toBe(1);
    await anne.keyboard.type('Buurtwarmte');
    const [card] = await waitFor(async () => {
      const list = await opportunities(anne);
      return list.length === 1 && list[0]!.title === 'Buurtwarmte' ? list : null;
    }, 'the opportunity on Anne’s board');
    const id = card!.id;
    // A sensible place: inside what Anne sees of the canvas, clear of the template's cards.
    const placed = await anne.evaluate((shapeId) => {
      const editor = window.editor as OutlineEditor & { getViewportPageBounds(): { x: number; y: number; w: number; h: number }; getShapePageBounds(id: string): { x: number; y: number; w: number; h: number } };
      const view = editor.getViewportPageBounds();
      const box = editor.getShapePageBounds(shapeId);
      const overlaps = editor
        .getCurrentPageShapes()
        .filter((shape) => shape.id !== shapeId && (shape.type === 'domain' || shape.type === 'organisation'))
        .some((shape) => {
          const other = editor.getShapePageBounds(shape.id);
          return other.x < box.x + box.w && box.x < other.x + other.w && other.y < box.y + box.h && box.y < other.y + other.h;
        });
      return { inView: box.x >= view.x && box.y >= view.y && box.x + box.w <= view.x + view.w && box.y + box.h <= view.y + view.h, overlaps };
    }, id);
    expect(placed).toEqual({ inView: true, overlaps: false });

    // Classify: the quadrant choice, Home picks the first class (win-win).
    await tabTo(anne, /^Kwadrant$/);
    await anne.keyboard.press('Home');
    await waitFor(async () => (await anne.evaluate((shapeId) => (window.editor as OutlineEditor).getShape(shapeId)?.parentId, id)) === 'shape:template-quadrant', 'the card in the template’s quadrant');

    // Link: the checkbox of a domain card draws an arrow bound to both cards.
    await tabTo(anne, /^Welzijn & wijkteams$/);
    await anne.keyboard.press('Space');
    await waitFor(async () => (await linkedTo(anne, id)).includes('shape:template-domain-welfare'), 'the arrow to the welfare domain');

    // Bram's canvas has the card, in the quadrant and linked; his register shows the class and the domain.
    await waitFor(async () => (await opportunities(bram)).some((shape) => shape.id === id && shape.title === 'Buurtwarmte' && shape.parent === 'shape:template-quadrant'), 'the card on Bram’s canvas', 15_000);
    await waitFor(async () => (await linkedTo(bram, id)).includes('shape:template-domain-welfare'), 'the link on Bram’s canvas', 15_000);
    await waitFor(async () => {
      const row = await registerRow(bram, id);
      return /Buurtwarmte/.test(row) && /Win-win — koppelen/.test(row) && /Welzijn & wijkteams/.test(row);
    }, 'the row in Bram’s register', 15_000);
    // Anne's own list says the same.
    const item = outline.locator(`li[data-shape-id="${id}"]`);
    await waitFor(async () => /Win-win — koppelen/.test(await item.innerText()) && /Gekoppeld aan\s*Welzijn & wijkteams/.test(await item.innerText()), 'the facts in Anne’s outline');

    // Edit: Escape closes the fields and gives the focus to Edit; Enter opens them again.
    await anne.keyboard.press('Escape');
    await waitFor(async () => (await focused(anne)).name === 'Bewerken: Buurtwarmte', 'the focus on Edit');
    expect(await anne.getByRole('button', { name: 'Bewerken: Buurtwarmte' }).getAttribute('aria-expanded')).toBe('false');
    await anne.keyboard.press('Enter');
    expect(await anne.getByRole('button', { name: 'Bewerken: Buurtwarmte' }).getAttribute('aria-expanded')).toBe('true');
    await tabTo(anne, /^Titel$/);
    await anne.keyboard.press('End');
    await anne.keyboard.type(' Zuid');
    await waitFor(async () => (await opportunities(bram)).some((shape) => shape.id === id && shape.title === 'Buurtwarmte Zuid'), 'the new title on Bram’s canvas', 15_000);

    // Delete asks first; Escape cancels (the card stays, the focus goes back). Delete is just before the fields.
    await tabTo(anne, /^Verwijderen: Buurtwarmte Zuid$/, 5, 'Shift+Tab');
    await anne.keyboard.press('Enter');
    const dialog = anne.getByRole('alertdialog', { name: 'Voor iedereen verwijderen?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Koppelkans: Buurtwarmte Zuid');
    expect((await focused(anne)).name).toBe('Annuleren');
    await anne.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await focused(anne)).name).toBe('Verwijderen: Buurtwarmte Zuid');
    expect((await opportunities(anne)).length).toBe(1);

    // Confirmed: gone for both; said in the live region; the focus on the section's Add button.
    await anne.keyboard.press('Enter');
    await dialog.waitFor();
    await anne.keyboard.press('Tab');
    expect((await focused(anne)).name).toBe('Verwijderen');
    await anne.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await waitFor(async () => (await opportunities(bram)).length === 0, 'the card gone from Bram’s canvas', 15_000);
    await waitFor(async () => (await registerRow(bram, id)) === '', 'the row gone from Bram’s register', 15_000);
    expect(await status(anne)).toMatch(/^Verwijderd: Buurtwarmte Zuid/);
    await waitFor(async () => (await focused(anne)).name === '+ Koppelkans toevoegen', 'the focus on Add');
    expect(await outline.getByRole('heading', { level: 3, name: /^Koppelkansen/ }).innerText()).toBe('Koppelkansen (0)');
  }, 120_000);

  it('edits a domain card’s consultation from the outline; a viewer sees the lists without controls', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Overzicht raadpleging');
    const anne = await (await fixture.newContext()).newPage();
    await anne.goto(board.links.edit);
    await joinByKeyboard(anne, 'Anne');
    const viewer = await openBoard(await fixture.newContext(), board.links.view, 'Vera');

    await openOutlineByKeyboard(anne);
    await tabTo(anne, /^Bewerken: Onderwijs$/);
    await anne.keyboard.press('Enter');
    await tabTo(anne, /^Raadpleging$/);
    // The last status, "consulted", with today's date.
    await anne.keyboard.press('End');
    await waitFor(
      () =>
        anne.evaluate(() => {
          const shape = (window.editor as OutlineEditor).getCurrentPageShapes().find((candidate) => candidate.id === 'shape:template-domain-education');
          return shape?.props['consultation'] === 'consulted' && shape.props['consultedOn'] !== '';
        }),
      'the education domain consulted',
    );

    // Typing a title that sorts after another card's: every character arrives and the focus stays in the field.
    await tabTo(anne, /^Koppelkansen$/, 40, 'Shift+Tab');
    await anne.keyboard.press('Enter');
    await anne.keyboard.press('Tab');
    await anne.keyboard.press('Enter');
    await waitFor(async () => (await focused(anne)).name === 'Titel', 'the focus in the first card’s title');
    await anne.keyboard.type('Zonnedak');
    await anne.keyboard.press('Escape');
    await tabTo(anne, /^\+ Koppelkans toevoegen$/, 10, 'Shift+Tab');
    await anne.keyboard.press('Enter');
    await waitFor(async () => (await focused(anne)).name === 'Titel', 'the focus in the second card’s title');
    await anne.keyboard.type('Zwembad');
    const titles = () => anne.evaluate(() => (window.editor as OutlineEditor).getCurrentPageShapes().filter((shape) => shape.type === 'opportunity').map((shape) => String(shape.props['title'])).sort());
    await waitFor(async () => (await titles()).join() === 'Zonnedak,Zwembad', 'both titles whole');
    expect((await focused(anne)).name).toBe('Titel');

    await viewer.getByRole('tab', { name: 'Overzicht' }).focus();
    await viewer.keyboard.press('Enter');
    const list = viewer.getByRole('tabpanel', { name: 'Overzicht' });
    await waitFor(async () => /Raadpleging\s*Geraadpleegd/.test(await list.locator('li', { has: viewer.getByRole('heading', { name: 'Onderwijs' }) }).innerText()), 'the consultation in the viewer’s outline', 15_000);
    expect(await list.getByRole('button').count()).toBe(0);
    expect(await list.innerText()).toContain('Je kunt dit bord alleen bekijken.');
  }, 120_000);

  it('adds a plan by keyboard, which the other participant’s canvas shows; an opportunity’s row counts the comments on it, and its fields hold the thread to read and answer', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Overzicht plannen');
    const anne = await (await fixture.newContext()).newPage();
    await anne.goto(board.links.edit);
    await joinByKeyboard(anne, 'Anne');
    const bram = await openBoard(await fixture.newContext(), board.links.edit, 'Bram');
    await openOutlineByKeyboard(anne);
    const outline = anne.getByRole('tabpanel', { name: 'Overzicht' });

    // The plans' jump link, the section's Add button (the toolbar's "+ Plan"), and the plan's title.
    await tabTo(anne, /^Plannen$/);
    await anne.keyboard.press('Enter');
    await anne.keyboard.press('Tab');
    expect((await focused(anne)).name).toBe('+ Plan toevoegen');
    await anne.keyboard.press('Enter');
    await waitFor(async () => (await focused(anne)).name === 'Titel', 'the focus in the new plan’s title');
    expect(await status(anne)).toMatch(/^Plan toegevoegd/);
    await anne.keyboard.type('Rioolvervanging');
    const plans = (page: Page) => page.evaluate(() => (window.editor as OutlineEditor).getCurrentPageShapes().filter((shape) => shape.type === 'plan').map((shape) => String(shape.props['title'])));
    await waitFor(async () => (await plans(bram)).join() === 'Rioolvervanging', 'the plan on Bram’s canvas', 15_000);
    await anne.keyboard.press('Escape');
    const plan = outline.locator('li', { has: anne.getByRole('heading', { level: 4, name: 'Rioolvervanging' }) });
    await waitFor(async () => /Periode\s*\d{4}/.test(await plan.innerText()) && /Hardheid/.test(await plan.innerText()) && /Koppelmomenten/.test(await plan.innerText()), 'the plan’s facts in the outline');

    // Bram puts an opportunity on the board and comments on it from his card panel.
    await bram.evaluate(() => {
      const editor = window.editor as OutlineEditor;
      editor.createShape({ id: 'shape:buurtwarmte', type: 'opportunity', x: 200, y: 200, props: { title: 'Buurtwarmte' } });
      editor.select('shape:buurtwarmte');
    });
    await bram.getByRole('tab', { name: 'Kaart' }).focus();
    await bram.keyboard.press('Enter');
    const comments = bram.getByRole('region', { name: /^Opmerkingen \(\d+\)$/ });
    await comments.getByLabel('Nieuwe opmerking').fill('Kan dit mee met de riolering?');
    await comments.getByRole('button', { name: 'Plaatsen' }).focus();
    await bram.keyboard.press('Enter');
    const opportunity = outline.locator('li[data-shape-id="shape:buurtwarmte"]');
    await waitFor(async () => /Opmerkingen\s*1 opmerking/.test(await opportunity.innerText().catch(() => '')), 'the comment count in Anne’s outline', 15_000);
    expect(await opportunity.innerText()).toMatch(/Stemmen\s*0 stemmen/);

    // Anne reads the thread in the row's fields and answers it, by keyboard only; Bram's panel shows her answer.
    await tabTo(anne, /^Bewerken: Buurtwarmte$/, 120);
    await anne.keyboard.press('Enter');
    const thread = opportunity.getByRole('region', { name: /^Opmerkingen \(1\)$/ });
    await waitFor(async () => (await thread.innerText().catch(() => '')).includes('Kan dit mee met de riolering?'), 'Bram’s comment in Anne’s outline');
    await tabTo(anne, /^Nieuwe opmerking$/, 60);
    await anne.keyboard.type('Ja, in 2028.');
    await tabTo(anne, /^Plaatsen$/, 5);
    await anne.keyboard.press('Enter');
    await waitFor(async () => (await comments.innerText().catch(() => '')).includes('Ja, in 2028.'), 'Anne’s answer in Bram’s card panel', 15_000);
  }, 120_000);
});
