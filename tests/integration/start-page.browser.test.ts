import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardMetadata } from '@koppelbord/contract';
import { joinIfAsked } from '../helpers/board-page.ts';
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

/** What these tests read through `window.editor` (the tldraw Editor). */
interface TemplateEditor {
  getCurrentPageShapes(): { id: string; type: string }[];
  getShapePageBounds(id: string): { x: number; y: number; w: number; h: number } | undefined;
}

/** How many shapes of each type the board's current page holds. */
const shapeCounts = (page: Page) =>
  page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const shape of (window.editor as TemplateEditor).getCurrentPageShapes()) counts[shape.type] = (counts[shape.type] ?? 0) + 1;
    return counts;
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
    // The starter template is the default choice.
    // The form's code comes after the page's own (lazy/deferred.tsx).
    await page.getByRole('group', { name: 'Beginnen met' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Sjabloon: Sociale koppelkansen verkennen' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Leeg bord' }).isChecked()).toBe(false);
    await page.getByLabel('Titel').fill('Wijk Noord');
    await page.getByLabel(/Gemeente/).fill('Tilburg');
    await page.getByRole('button', { name: 'Bord maken' }).click();
    const editLink = await page.getByRole('textbox', { name: /Link voor deelnemers/ }).inputValue();
    const viewLink = await page.getByRole('textbox', { name: /Link voor meekijkers/ }).inputValue();

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

    // The board starts from the template: nine domain cards, three organisations, the quadrant.
    await expect.poll(() => shapeCounts(page), { timeout: 15_000 }).toMatchObject({ domain: 9, organisation: 3, quadrant: 1 });
    // Laid out without overlaps, as the browser measures them (text heights included).
    const overlaps = await page.evaluate(() => {
      const editor = window.editor as TemplateEditor;
      const boxes = editor.getCurrentPageShapes().map((shape) => ({ id: shape.id, box: editor.getShapePageBounds(shape.id)! }));
      const hits: string[] = [];
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          if (a.box.x < b.box.x + b.box.w && b.box.x < a.box.x + a.box.w && a.box.y < b.box.y + b.box.h && b.box.y < a.box.y + a.box.h) hits.push(`${a.id} × ${b.id}`);
        }
      }
      return hits;
    });
    expect(overlaps).toEqual([]);

    await page.getByRole('button', { name: 'Delen' }).click();
    const linkFields = page.getByRole('dialog', { name: 'Bord delen' }).locator('.share-links input');
    // The dialog shows the links made with the board (kept on this device): wait for them.
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

  it('"Leeg bord", chosen with the keyboard, gives a board without cards', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Titel').fill('Wijk Zuid');
    // Tab from the last text field into the radio group, then the arrow key picks the next option.
    await page.getByLabel(/^Wijk/).focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('sociale-koppelkansen');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'Leeg bord' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Bord maken' }).click();
    await page.getByRole('link', { name: 'Bord openen' }).click();
    await joinIfAsked(page, 'Coördinator', 'energy-transition');
    // The page record arrives with the same sync as any shape would: once it is there, so is everything.
    await expect.poll(() => page.evaluate(() => (window.editor as { getPages(): { name: string }[] }).getPages().map((p) => p.name))).toEqual(['Pagina 1']);
    expect(await shapeCounts(page)).toEqual({});
    await context.close();
  });
});
