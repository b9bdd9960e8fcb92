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

    // English on request.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'New board' }).count()).toBe(1);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
