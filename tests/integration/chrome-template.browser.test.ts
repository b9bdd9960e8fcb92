import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard, shapesOf } from '../helpers/board-page.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

describe('the template buttons', () => {
  it('the lock button says what it will do and the status beside it how the template is', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Zuidwest');
    // The owner's page: only the owner may lock and unlock (the server puts an editor's change back).
    const page = await openBoard(await fixture.newContext(), `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`, 'Anne');
    const status = page.locator('[data-scaffold-state]');
    // A template board starts locked: the first click unlocks, and says so.
    await page.getByRole('button', { name: 'Sjabloon losmaken' }).waitFor();
    expect(await status.innerText()).toBe('Sjabloon staat vast');
    await page.getByRole('button', { name: 'Sjabloon losmaken' }).click();
    await page.getByRole('button', { name: 'Sjabloon vastzetten' }).waitFor();
    expect(await status.innerText()).toBe('Sjabloon is los');
    // Keyboard: Enter on the focused button locks it again.
    await page.getByRole('button', { name: 'Sjabloon vastzetten' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sjabloon losmaken' }).waitFor();
    expect(await status.innerText()).toBe('Sjabloon staat vast');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Unlock template' }).waitFor();
    expect(await status.innerText()).toBe('Template is locked');
  });

  it('"Sjabloon invoegen" on a board with the template asks before adding a second copy', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Zuidwest');
    const page = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    const domains = async () => (await shapesOf(page)).filter((shape) => shape.type === 'domain').length;
    await waitFor(async () => (await domains()) === 9, 'the template on the board');
    const insert = page.getByRole('button', { name: 'Sjabloon invoegen' });
    const question = page.getByRole('alertdialog', { name: 'Nog een sjabloon invoegen?' });

    await insert.click();
    await question.waitFor();
    await page.keyboard.press('Escape');
    await waitFor(async () => (await question.count()) === 0, 'the question closed by Escape');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sjabloon invoegen');
    expect(await domains()).toBe(9);

    await insert.click();
    await question.getByRole('button', { name: 'Annuleren' }).click();
    expect(await domains()).toBe(9);

    await insert.click();
    await question.getByRole('button', { name: 'Toch invoegen' }).click();
    await waitFor(async () => (await domains()) === 18, 'a second copy of the template');
  });
});
