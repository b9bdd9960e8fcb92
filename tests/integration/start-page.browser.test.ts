import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardMetadata } from '@koppelbord/contract';
import { launchBrowser } from '../helpers/browser.ts';
import { webDistDir } from '../helpers/build-web.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ webDistDir });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('start page in Chromium', () => {
  it('creates a board from the Dutch form, shows both links, and makes no foreign request', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (request: Request) => {
      if (new URL(request.url()).origin !== server.url) foreign.push(request.url());
    });

    await page.goto(`${server.url}/`);
    await page.getByLabel('Titel').fill('Wijk Noord');
    await page.getByLabel(/Gemeente/).fill('Tilburg');
    await page.getByRole('button', { name: 'Bord maken' }).click();
    const editLink = await page.getByLabel(/Link voor deelnemers/).inputValue();
    const viewLink = await page.getByLabel(/Link voor meekijkers/).inputValue();

    const boardId = new URL(editLink).pathname.split('/')[2]!;
    expect(new URL(viewLink).pathname).toBe(`/b/${boardId}`);
    const meta = (await (await fetch(`${server.url}/api/boards/${boardId}`, { headers: { authorization: `Bearer ${tokenOf(viewLink)}` } })).json()) as BoardMetadata;
    expect(meta).toMatchObject({ title: 'Wijk Noord', municipality: 'Tilburg', neighbourhood: null, role: 'viewer' });

    // The creator opens the board with the owner token: the share dialog offers both links.
    await page.getByRole('link', { name: 'Bord openen' }).click();
    await page.getByLabel('Je naam').fill('Coördinator');
    await page.getByRole('combobox').selectOption('energy-transition');
    await page.getByRole('button', { name: 'Meedoen' }).click();
    await page.waitForFunction(() => Boolean(window.editor));
    await page.getByRole('button', { name: 'Delen' }).click();
    const linkFields = page.getByRole('dialog', { name: 'Bord delen' }).locator('input');
    // The dialog asks the server for fresh links: wait for them.
    await expect.poll(() => linkFields.count()).toBe(2);
    const shared = await linkFields.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(shared.every((link) => link.includes(`/b/${boardId}#token=`))).toBe(true);
    await page.getByRole('button', { name: 'Sluiten' }).click();

    // Back on the start page, the board is listed as opened on this device.
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.getByRole('link', { name: 'Wijk Noord' }).count()).toBe(1);
    expect(await page.getByText(/Tilburg.*eigenaar/).count()).toBe(1);

    // An editor's page has no share button.
    const editorPage = await context.newPage();
    await editorPage.goto(editLink);
    await editorPage.waitForFunction(() => Boolean(window.editor));
    expect(await editorPage.getByRole('button', { name: 'Delen' }).count()).toBe(0);
    await editorPage.close();

    // English on request.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'New board' }).count()).toBe(1);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
