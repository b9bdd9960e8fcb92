import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

describe('the start page after creating a board', () => {
  it('clears the form and shows the new board with its links, so a second click makes no duplicate', async () => {
    const context = await fixture.newContext();
    const page = await context.newPage();
    let creations = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/boards') creations += 1;
    });
    await page.goto(`${fixture.server.url}/`);
    await page.getByLabel('Titel').fill('Wijk Zuidwest');
    await page.getByLabel(/Gemeente/).fill('Tilburg');
    await page.getByLabel(/^Wijk/).fill('Zuidwest');
    await page.getByRole('radio', { name: 'Leeg bord' }).check();
    const create = page.getByRole('button', { name: 'Bord maken' });
    await create.click();

    const created = page.getByRole('status').filter({ hasText: 'Het bord “Wijk Zuidwest” is gemaakt.' });
    await created.waitFor();
    expect(await created.getByRole('link', { name: 'Bord openen' }).count()).toBe(1);
    expect(await created.getByRole('textbox', { name: /Link voor deelnemers/ }).inputValue()).toContain('#token=');
    expect(await page.getByLabel('Titel').inputValue()).toBe('');
    expect(await page.getByLabel(/Gemeente/).inputValue()).toBe('');
    expect(await page.getByLabel(/^Wijk/).inputValue()).toBe('');
    // Back to the default choice of template.
    expect(await page.getByRole('radio', { name: 'Sjabloon: Sociale koppelkansen verkennen' }).isChecked()).toBe(true);

    // A second click asks for a title instead of making the same board again.
    await create.click();
    expect(await page.getByLabel('Titel').evaluate((input) => (input as HTMLInputElement).validity.valueMissing)).toBe(true);
    await waitFor(async () => (await create.isEnabled()) && (await created.count()) === 1, 'the page settled');
    expect(creations).toBe(1);
    await context.close();
  });
});
