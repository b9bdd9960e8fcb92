/**
 * Comments on cards with three participants in Chromium, each with a browser profile (and so
 * a participant key) of its own: a thread reaches the others, the count on the card follows
 * (on the canvas and in its SVG export), resolving and reopening sync, a new comment by
 * someone else is announced, editing and deleting one's own comment works (deleting after a
 * confirmation), and two comments added at the same moment both survive.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface CommentEditor {
  createShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
  getShape(id: string): unknown;
  getSvgString(ids: string[]): Promise<{ svg: string } | undefined>;
}

const cardId = 'shape:warmtenet';

/** Selects the card and shows its panel (the card tab). */
async function openCard(page: Page): Promise<Locator> {
  await waitFor(() => page.evaluate((id) => Boolean((window.editor as CommentEditor).getShape(id)), cardId), 'the card on the board', 15_000);
  await page.evaluate((id) => {
    (window.editor as CommentEditor).select(id);
  }, cardId);
  await page.getByRole('tab', { name: 'Kaart' }).click();
  const section = page.getByRole('region', { name: /^Opmerkingen \(\d+\)$/ });
  await section.waitFor();
  return section;
}

const thread = (section: Locator) => section.getByRole('list', { name: 'Opmerkingen bij deze kaart' }).getByRole('listitem');
/** The count's text name on the card on the canvas, or null when it shows none. */
const countOnCard = (page: Page) =>
  page.evaluate((id) => document.querySelector(`[data-shape-id="${id}"] .kb-card__comments`)?.getAttribute('aria-label') ?? null, cardId);

async function post(section: Locator, text: string): Promise<void> {
  await section.getByLabel('Nieuwe opmerking').fill(text);
  await section.getByRole('button', { name: 'Plaatsen' }).click();
}

describe('comments on cards', () => {
  it('a thread reaches the others with author, domain and time; the count, resolving and reopening follow everywhere', async () => {
    const board = await fixture.server.createBoard('Opmerkingen');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'sewerage-water');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram', 'education');
    const carla = await openBoard(await newContext(), board.links.edit, 'Carla', 'housing');
    const pageErrors: string[] = [];
    for (const page of [anne, bram, carla]) page.on('pageerror', (error) => pageErrors.push(error.message));

    await anne.evaluate((id) => {
      (window.editor as CommentEditor).createShape({ id, type: 'opportunity', x: 200, y: 200, props: { title: 'Warmtenet bij rioolvervanging' } });
    }, cardId);
    const [atAnne, atBram, atCarla] = [await openCard(anne), await openCard(bram), await openCard(carla)];
    expect(await atBram.getByText('Nog geen opmerkingen bij deze kaart.').count()).toBe(1);
    expect(await countOnCard(bram)).toBeNull();

    // An empty comment is refused with a message, and nothing is written.
    await atAnne.getByRole('button', { name: 'Plaatsen' }).click();
    await atAnne.getByRole('alert').filter({ hasText: 'Typ eerst een opmerking.' }).waitFor();

    await post(atAnne, 'Kan de warmteleiding mee in de sleuf van 2028?');
    // At Bram and Carla: the comment with Anne's name, her domain and its time, the heading's count, and the count on the card.
    for (const [page, section] of [[bram, atBram], [carla, atCarla]] as const) {
      await waitFor(() => thread(section).filter({ hasText: 'Kan de warmteleiding mee in de sleuf van 2028?' }).count(), 'Anne’s comment', 15_000);
      const item = thread(section).first();
      expect(await item.locator('.comment__author').textContent()).toBe('Anne');
      expect(await item.locator('.comment__domain').textContent()).toBe('Riolering & water');
      expect(Date.parse((await item.locator('time').getAttribute('datetime'))!)).toBeGreaterThan(Date.now() - 120_000);
      expect(await item.locator('time').textContent()).toMatch(/^nu \(\d+ december \d{4} om \d{2}:\d{2} CET\)$/);
      expect(await page.getByRole('region', { name: 'Opmerkingen (1)' }).count()).toBe(1);
      await waitFor(async () => (await countOnCard(page)) === '1 opmerking', 'the count on the card', 15_000);
      // Someone else's comment: no edit or delete, but it can be resolved.
      expect(await item.getByRole('button', { name: 'Opmerking van Anne bewerken' }).count()).toBe(0);
      expect(await item.getByRole('button', { name: 'Opmerking van Anne verwijderen' }).count()).toBe(0);
    }
    // Bram had the card open: the new comment was announced to him, politely.
    await waitFor(async () => ((await atBram.getByRole('status').textContent()) ?? '').includes('Nieuwe opmerking van Anne: Kan de warmteleiding'), 'the announcement at Bram', 15_000);
    // Anne's own comment is not announced to her; it is marked as hers.
    expect(await atAnne.getByRole('status').textContent()).toBe('');
    expect(await thread(atAnne).first().locator('.comment__author').textContent()).toBe('Anne (jij)');

    // The card's SVG export carries the count too.
    const svg = await carla.evaluate(async (id) => (await (window.editor as CommentEditor).getSvgString([id]))?.svg ?? '', cardId);
    expect(svg).toContain('<title>1 opmerking</title>');

    // Bram resolves it: Carla and Anne see who did, and the count says nothing is open.
    await thread(atBram).first().getByRole('button', { name: 'Opmerking van Anne afhandelen' }).click();
    for (const [page, section] of [[carla, atCarla], [anne, atAnne]] as const) {
      await waitFor(() => thread(section).first().getByText('Afgehandeld door Bram').count(), 'the resolution', 15_000);
      await waitFor(async () => (await countOnCard(page)) === '1 opmerking, 0 open', 'the count with none open', 15_000);
    }
    // Carla reopens it.
    await thread(atCarla).first().getByRole('button', { name: 'Opmerking van Anne heropenen' }).click();
    await waitFor(async () => (await thread(atAnne).first().getByText('Afgehandeld door Bram').count()) === 0, 'the reopening at Anne', 15_000);
    await waitFor(async () => (await countOnCard(bram)) === '1 opmerking', 'the count open again at Bram', 15_000);

    // Anne edits her comment; the others see the new text, marked as edited.
    await thread(atAnne).first().getByRole('button', { name: 'Opmerking van Anne bewerken' }).click();
    await atAnne.getByRole('textbox', { name: 'Tekst van de opmerking' }).fill('Kan de warmteleiding mee in de sleuf van 2028? Graag voor de zomer antwoord.');
    await atAnne.getByRole('button', { name: 'Opslaan' }).click();
    await waitFor(() => thread(atCarla).filter({ hasText: 'Graag voor de zomer antwoord.' }).filter({ hasText: '(gewijzigd)' }).count(), 'the edit at Carla', 15_000);
    expect(await thread(atAnne).first().getByRole('button', { name: 'Opmerking van Anne bewerken' }).evaluate((button) => button === document.activeElement)).toBe(true);

    expect(pageErrors).toEqual([]);
    for (const page of [anne, bram, carla]) await page.context().close();
  });

  it('two comments added at the same moment both survive; the author deletes hers after confirming', async () => {
    const board = await fixture.server.createBoard('Tegelijk');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'sewerage-water');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram', 'education');
    const carla = await openBoard(await newContext(), board.links.edit, 'Carla', 'housing');
    await anne.evaluate((id) => {
      (window.editor as CommentEditor).createShape({ id, type: 'domain', x: 200, y: 200, props: { domain: 'sewerage-water' } });
    }, cardId);
    const [atAnne, atBram, atCarla] = [await openCard(anne), await openCard(bram), await openCard(carla)];

    // Bram and Carla each write while neither can see the other's: their comments are concurrent.
    for (const page of [bram, carla]) {
      await waitFor(() => page.locator('[data-status="connected"]').count(), 'connected', 15_000);
      await page.context().setOffline(true);
    }
    await post(atBram, 'Bram: de school wil meedenken.');
    await post(atCarla, 'Carla: de corporatie renoveert in 2027.');
    for (const page of [bram, carla]) await page.context().setOffline(false);

    for (const [page, section] of [[anne, atAnne], [bram, atBram], [carla, atCarla]] as const) {
      await waitFor(async () => (await thread(section).count()) === 2, 'both comments', 30_000);
      await waitFor(async () => (await countOnCard(page)) === '2 opmerkingen', 'the count of two', 15_000);
    }
    const order = async (section: Locator) => thread(section).locator('.comment__text').allTextContents();
    // One order everywhere (by time, then id).
    expect(await order(atAnne)).toEqual(await order(atBram));
    expect(await order(atCarla)).toEqual(await order(atBram));

    // Carla deletes hers: a confirmation first (cancel keeps it), then it is gone for everyone.
    const carlas = thread(atCarla).filter({ hasText: 'Carla: de corporatie' });
    await carlas.getByRole('button', { name: 'Opmerking van Carla verwijderen' }).click();
    await carla.getByRole('alertdialog', { name: 'Opmerking verwijderen?' }).getByRole('button', { name: 'Annuleren' }).click();
    expect(await thread(atCarla).count()).toBe(2);
    await carlas.getByRole('button', { name: 'Opmerking van Carla verwijderen' }).click();
    await carla.getByRole('alertdialog', { name: 'Opmerking verwijderen?' }).getByRole('button', { name: 'Verwijderen' }).click();
    for (const [page, section] of [[anne, atAnne], [bram, atBram]] as const) {
      await waitFor(async () => (await thread(section).count()) === 1, 'the deletion', 15_000);
      await waitFor(async () => (await countOnCard(page)) === '1 opmerking', 'the count of one', 15_000);
    }
    // The focus went to the thread's heading, not lost to the page.
    expect(await carla.evaluate(() => document.activeElement?.textContent)).toBe('Opmerkingen (1)');
    for (const page of [anne, bram, carla]) await page.context().close();
  });

  it('a viewer reads the thread but has no form and no buttons, in Dutch and English', async () => {
    const board = await fixture.server.createBoard('Meekijken');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'sewerage-water');
    await anne.evaluate((id) => {
      (window.editor as CommentEditor).createShape({ id, type: 'organisation', x: 200, y: 200, props: { name: 'Woonstad', kind: 'housing-corporation' } });
    }, cardId);
    await post(await openCard(anne), 'Woonstad doet mee.');

    const viewer = await openBoard(await newContext(), board.links.view, 'Vera', 'welfare');
    const section = await openCard(viewer);
    await waitFor(() => section.getByText('Woonstad doet mee.').count(), 'the comment at the viewer', 15_000);
    await waitFor(async () => (await countOnCard(viewer)) === '1 opmerking', 'the count at the viewer', 15_000);
    expect(await section.getByText('Meekijkers kunnen de opmerkingen lezen, niet plaatsen.').count()).toBe(1);
    expect(await section.getByRole('textbox').count()).toBe(0);
    expect(await section.getByRole('button').count()).toBe(0);

    // In English: the heading, the hint and the count's name on the card.
    await viewer.getByRole('button', { name: 'English' }).click();
    const english = viewer.getByRole('region', { name: 'Comments (1)' });
    await english.waitFor();
    expect(await english.getByText('Observers can read the comments, not post them.').count()).toBe(1);
    expect(await english.locator('.comment__domain').textContent()).toBe('Sewerage & water');
    await waitFor(async () => (await countOnCard(viewer)) === '1 comment', 'the English count on the card', 15_000);
    for (const page of [anne, viewer]) await page.context().close();
  });
});
