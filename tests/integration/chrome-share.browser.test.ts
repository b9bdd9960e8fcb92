import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked, openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

/** Counts the requests that make share links (POST …/links) from now on. */
function countLinkRequests(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/links')) seen.count += 1;
  });
  return seen;
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
const linkValues = (page: Page) =>
  page
    .getByRole('dialog', { name: 'Bord delen' })
    // The two quick links; the invite management below has inputs of its own.
    .locator('.share-links input')
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));

describe('the share dialog and the profile dialog', () => {
  it('"Delen" shows the links made with the board; Escape closes it and focus returns; new links only on request', async () => {
    const context = await fixture.newContext();
    const page = await context.newPage();
    await page.goto(`${fixture.server.url}/`);
    await page.getByLabel('Titel').fill('Wijk Zuidwest');
    await page.getByRole('button', { name: 'Bord maken' }).click();
    const created = [await page.getByRole('textbox', { name: /Link voor deelnemers/ }).inputValue(), await page.getByRole('textbox', { name: /Link voor meekijkers/ }).inputValue()];
    await page.getByRole('link', { name: 'Bord openen' }).click();
    await joinIfAsked(page, 'Coördinator');
    const linkRequests = countLinkRequests(page);

    const share = page.getByRole('button', { name: 'Delen' });
    await share.click();
    const dialog = page.getByRole('dialog', { name: 'Bord delen' });
    await dialog.waitFor();
    expect(await linkValues(page)).toEqual(created);
    await page.keyboard.press('Escape');
    await waitFor(async () => (await dialog.count()) === 0, 'the share dialog closed by Escape');
    expect(await focusedText(page)).toBe('Delen');

    // Opened again: the same links, and still none made.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await linkValues(page)).toEqual(created);
    expect(linkRequests.count).toBe(0);

    await dialog.getByRole('button', { name: 'Nieuwe link maken' }).click();
    await waitFor(() => linkRequests.count === 1, 'one request for new links');
    await waitFor(async () => (await dialog.getByRole('button', { name: 'Nieuwe link maken' }).isEnabled()) && (await linkValues(page)).length === 2, 'the new links shown');
    const fresh = await linkValues(page);
    await dialog.getByRole('button', { name: 'Sluiten' }).click();
    // The new links are the ones kept from now on.
    await share.click();
    await dialog.waitFor();
    expect(await linkValues(page)).toEqual(fresh);
    expect(linkRequests.count).toBe(1);
    await context.close();
  });

  it('an owner on a device without kept links gets no links until asking for them', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const context = await fixture.newContext();
    const page = await context.newPage();
    const linkRequests = countLinkRequests(page);
    await openBoard(context, `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`, 'Coördinator').then((opened) => opened.close());
    await page.goto(`${fixture.server.url}/b/${board.id}`);
    await joinIfAsked(page, 'Coördinator');
    await page.getByRole('button', { name: 'Delen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bord delen' });
    await dialog.waitFor();
    expect(await dialog.locator('.share-links input').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Nieuwe link maken' }).click();
    await waitFor(async () => (await linkValues(page)).length === 2, 'the links made on request');
    expect((await linkValues(page)).every((link) => link.includes(`/b/${board.id}#token=`))).toBe(true);
    expect(linkRequests.count).toBe(1);
    await context.close();
  });

  it('Escape closes the profile dialog and focus returns to its button', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const page = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    await page.getByRole('button', { name: 'Naam of domein wijzigen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Wie ben je?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await page.keyboard.press('Escape');
    await waitFor(async () => (await dialog.count()) === 0, 'the profile dialog closed by Escape');
    expect(await focusedText(page)).toBe('Naam of domein wijzigen');
  });
});
