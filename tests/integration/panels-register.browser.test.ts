import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

interface RegisterEditor {
  createShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
}

/** A participant at the screen size the board was tried at. */
async function openAt1440(link: string, name: string): Promise<Page> {
  const context = await fixture.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(link);
  await joinIfAsked(page, name);
  return page;
}

const titlesInOrder = (page: Page) => page.locator('.register tbody tr td:first-child > button').allInnerTexts();

/** Nothing in the side panel needs a horizontal scroll, and the six tabs take at most two rows. */
async function fitsTheSidePanel(page: Page): Promise<void> {
  const layout = await page.evaluate(() => {
    const side = document.querySelector('.side') as HTMLElement;
    const register = document.querySelector('.register') as HTMLElement;
    const tabs = [...document.querySelectorAll('[role="tab"]')].map((tab) => tab.getBoundingClientRect().top);
    return { side: side.scrollWidth - side.clientWidth, register: register.scrollWidth - register.clientWidth, tabRows: new Set(tabs).size, tabs: tabs.length };
  });
  expect({ ...layout, tabRows: undefined }).toEqual({ side: 0, register: 0, tabRows: undefined, tabs: 6 });
  expect(layout.tabRows).toBeLessThanOrEqual(2);
}

describe('the register panel', () => {
  it('shows benefits, risks and timing, sorts by quadrant in the method’s order, reverses on a second click, fits the side panel at 1440 × 900, and exports a short report', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const anne = await openAt1440(board.links.edit, 'Anne');
    await anne.evaluate(() => {
      const editor = window.editor as RegisterEditor;
      editor.createShape({ id: 'shape:q', type: 'quadrant', x: 0, y: 0, props: { w: 800, h: 600 } });
      // Centres: top left win-win, top right conditional, bottom left no-regret, bottom right park.
      const inQuadrant = (id: string, x: number, y: number, props: Record<string, unknown>) => editor.createShape({ id, type: 'opportunity', parentId: 'shape:q', x, y, props });
      inQuadrant('shape:park', 500, 400, { title: 'Parkeerdak' });
      inQuadrant('shape:winwin', 60, 60, {
        title: 'Warmtenetaansluitingbijrioolvervangingindehelewijk',
        benefits: ['Eén keer de straat open'],
        risks: [{ risk: 'Planning loopt uiteen', mitigation: 'Gezamenlijke regie' }],
        timing: 'two-years',
        owner: 'Karin',
        // A legacy card vote, Anne's own: the server refuses anyone else's id (voting/voting-guard.ts).
        voters: [(JSON.parse(localStorage.getItem('koppelbord.identity') ?? '{}') as { id: string }).id],
      });
      inQuadrant('shape:noregret', 60, 400, { title: 'Afvalpunt' });
      inQuadrant('shape:conditional', 500, 60, { title: 'Buurtbus' });
      editor.createShape({ id: 'shape:loose', type: 'opportunity', x: 900, y: 0, props: { title: 'Zonnepanelen op de gymzaal' } });
      editor.createShape({ id: 'shape:d', type: 'domain', x: 900, y: 300, props: { domain: 'sewerage-water', consultation: 'consulted', consultedOn: '2026-11-02' } });
    });
    await anne.getByRole('tab', { name: 'Register' }).click();
    await waitFor(async () => (await titlesInOrder(anne)).length === 5, 'five rows');

    const row = anne.locator('tr[data-opportunity="shape:winwin"]');
    expect(await row.locator('[data-detail="benefits"]').innerText()).toMatch(/Baten:?\s*Eén keer de straat open/);
    expect(await row.locator('[data-detail="risks"]').innerText()).toMatch(/Risico’s:?\s*Planning loopt uiteen/);
    expect(await row.locator('[data-detail="timing"]').innerText()).toMatch(/Koppelmoment:?\s*Over ~2 jaar/);

    const quadrantHeader = anne.getByRole('columnheader', { name: /Kwadrant/ });
    await quadrantHeader.getByRole('button').click();
    await waitFor(async () => (await quadrantHeader.getAttribute('aria-sort')) === 'ascending', 'sorted by quadrant');
    expect(await titlesInOrder(anne)).toEqual(['Warmtenetaansluitingbijrioolvervangingindehelewijk', 'Buurtbus', 'Afvalpunt', 'Parkeerdak', 'Zonnepanelen op de gymzaal']);
    await quadrantHeader.getByRole('button').click();
    await waitFor(async () => (await quadrantHeader.getAttribute('aria-sort')) === 'descending', 'the sort reversed');
    expect(await titlesInOrder(anne)).toEqual(['Zonnepanelen op de gymzaal', 'Parkeerdak', 'Afvalpunt', 'Buurtbus', 'Warmtenetaansluitingbijrioolvervangingindehelewijk']);
    // Votes sort most first, and reverse too.
    const votesHeader = anne.getByRole('columnheader', { name: /Stemmen/ });
    await votesHeader.getByRole('button').click();
    expect((await titlesInOrder(anne))[0]).toBe('Warmtenetaansluitingbijrioolvervangingindehelewijk');
    await votesHeader.getByRole('button').click();
    expect((await titlesInOrder(anne))[4]).toBe('Warmtenetaansluitingbijrioolvervangingindehelewijk');

    await fitsTheSidePanel(anne);

    // The Markdown export is a short report, its terms those of the panel.
    const [download] = await Promise.all([anne.waitForEvent('download'), anne.getByRole('button', { name: 'Markdown' }).click()]);
    const report = readFileSync(await download.path(), 'utf8');
    const lines = report.split('\n');
    expect(lines[0]).toBe('# Wijk Zuidwest');
    expect(report).toMatch(/\n- Datum: \d{1,2} [a-z]+ \d{4}\n/);
    expect(report).toMatch(/## Dekking\n\n- Op het bord: Riolering & water \(geraadpleegd 2-11-2026\)\n- Nog niet aan tafel: Zorg & ondersteuning \(Wmo\), /);
    expect(report).toContain('## Register van koppelkansen (5)');
    expect(report).toMatch(/\| Titel \| Omschrijving \|.*\| Trekker \| Volgende stap \| Stemmen \|/);

    // In English it still fits, tabs included.
    await anne.getByRole('button', { name: 'English' }).click();
    await anne.getByRole('tab', { name: 'Participants' }).waitFor();
    await anne.getByRole('tab', { name: 'Register' }).click();
    await fitsTheSidePanel(anne);
  });

  it('the report names the board’s municipality and neighbourhood; the side panel folds away and back', async () => {
    const response = await fetch(`${fixture.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Wijk Zuidwest', municipality: 'Leiden', neighbourhood: 'Zuidwest' }),
    });
    const board = (await response.json()) as { links: { edit: string } };
    const anne = await openAt1440(board.links.edit, 'Anne');
    await anne.getByRole('tab', { name: 'Register' }).click();
    const [download] = await Promise.all([anne.waitForEvent('download'), anne.getByRole('button', { name: 'Markdown' }).click()]);
    const report = readFileSync(await download.path(), 'utf8');
    expect(report).toContain('- Gemeente: Leiden\n');
    expect(report).toContain('- Wijk: Zuidwest\n');

    const canvasWidth = () => anne.evaluate(() => (document.querySelector('.canvas') as HTMLElement).getBoundingClientRect().width);
    const unfolded = await canvasWidth();
    const fold = anne.getByRole('button', { name: 'Zijpaneel inklappen' });
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
    await fold.click();
    const unfold = anne.getByRole('button', { name: 'Zijpaneel uitklappen' });
    await unfold.waitFor();
    expect(await unfold.getAttribute('aria-expanded')).toBe('false');
    expect(await anne.getByRole('tab', { name: 'Register' }).count()).toBe(0);
    await waitFor(async () => (await canvasWidth()) > unfolded + 250, 'the board to take the panel’s width');
    await unfold.click();
    await anne.getByRole('tab', { name: 'Register' }).waitFor();
    await fitsTheSidePanel(anne);
  });

  it('a template organisation named after its kind is listed once among an opportunity’s links, not "School — School"', async () => {
    const board = await fixture.server.createBoard('Sjabloon');
    const anne = await openAt1440(board.links.edit, 'Anne');
    await anne.getByRole('button', { name: 'Sjabloon invoegen' }).click();
    await waitFor(() => anne.locator('.kb-card', { hasText: 'Woningcorporatie' }).count(), 'the template');
    await anne.evaluate(() => {
      const editor = window.editor as RegisterEditor;
      editor.createShape({ id: 'shape:kans', type: 'opportunity', x: -2000, y: 0, props: { title: 'Schoolplein' } });
      editor.select('shape:kans');
    });
    const links = anne.getByRole('form', { name: 'Koppelkans' }).getByRole('group', { name: /Betrokken domeinen en organisaties/ });
    await links.getByRole('checkbox', { name: 'School', exact: true }).waitFor();
    expect(await links.getByRole('checkbox', { name: 'Woningcorporatie', exact: true }).count()).toBe(1);
    expect(await links.getByRole('checkbox', { name: /School — School|\(School\)/ }).count()).toBe(0);
  });
});
