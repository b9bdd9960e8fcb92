import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked, openBoard } from '../helpers/board-page.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

/** Counts the websocket connections the page opens from now on (a reconnect would add one). */
function countSockets(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('websocket', () => {
    seen.count += 1;
  });
  return seen;
}

const ownerLink = (boardId: string, token: string) => `${fixture.server.url}/b/${boardId}#token=${token}`;

describe('invites in the web client', () => {
  it('the owner makes a labelled editor link, a participant joins with it, the owner revokes it: the participant sees "Deze link is ingetrokken" within 2 s and stays away', async () => {
    const board = await fixture.server.createBoard('Wijk Noord');
    const owner = await openBoard(await fixture.newContext(), ownerLink(board.id, board.ownerToken), 'Coördinator');

    await owner.getByRole('button', { name: 'Delen' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Bord delen' });
    await dialog.waitFor();
    await dialog.getByLabel('Naam van de link').fill('Welzijn');
    await dialog.getByLabel('Rol', { exact: true }).selectOption('editor');
    // "No expiry" is for viewer links only.
    expect(await dialog.getByLabel('Geldig', { exact: true }).locator('option').allTextContents()).not.toContain('geen vervaldatum');
    expect(await dialog.getByLabel('Geldig', { exact: true }).inputValue()).toBe('14');
    await dialog.getByRole('button', { name: 'Link maken', exact: true }).click();
    const link = await dialog.getByRole('textbox', { name: 'Nieuwe link “Welzijn”' }).inputValue();
    expect(link).toContain(`/b/${board.id}#token=`);
    const row = dialog.locator('tr[data-invite="Welzijn"]');
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('bewerken');

    const participantContext = await fixture.newContext();
    const participant = await participantContext.newPage();
    const sockets = countSockets(participant);
    await participant.goto(link);
    await joinIfAsked(participant, 'Anne');
    // The open dialog refreshes its list: the participant shows as connected through the link.
    await waitFor(async () => (await row.locator('[data-invite-connected]').textContent()) === '1', 'the list shows one connection through "Welzijn"');
    expect(Number(await row.locator('[data-invite-uses]').textContent())).toBeGreaterThanOrEqual(1);

    await row.getByRole('button', { name: 'Link “Welzijn” intrekken' }).click();
    const confirm = owner.getByRole('alertdialog', { name: 'Link “Welzijn” intrekken?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('direct van het bord gestuurd');
    const socketsBefore = sockets.count;
    const started = Date.now();
    await confirm.getByRole('button', { name: 'Intrekken' }).click();
    await participant.getByRole('heading', { name: 'Deze link is ingetrokken.' }).waitFor({ timeout: 2000 });
    const elapsed = Date.now() - started;
    console.log(`revoked in the owner's UI → "Deze link is ingetrokken" on the participant's page: ${elapsed} ms`);
    expect(elapsed).toBeLessThan(2000);
    // The share dialog stays open and shows the revocation.
    await waitFor(async () => (await row.getAttribute('data-invite-state')) === 'revoked', 'the list shows the link as revoked');

    // No reconnect: the stock provider would retry within a few seconds (backoff from 200 ms).
    const until = Date.now() + 3000;
    await waitFor(() => Date.now() >= until, 'three seconds passed', 5000, 100);
    expect(sockets.count).toBe(socketsBefore);
    expect(await participant.getByRole('heading', { name: 'Deze link is ingetrokken.' }).count()).toBe(1);

    // Opening the link again is refused on opening, with the same kind of message.
    const again = await participantContext.newPage();
    await again.goto(link);
    await again.locator('[data-access-ended="refused"]').waitFor();
    await participantContext.close();
    await owner.context().close();
  });

  it('an editor and a viewer see no invite management and no lock button; the owner does', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Oost');
    const editor = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    const viewer = await openBoard(await fixture.newContext(), board.links.view, 'Bert');
    const owner = await openBoard(await fixture.newContext(), ownerLink(board.id, board.ownerToken), 'Coördinator');
    await owner.getByRole('button', { name: 'Sjabloon losmaken' }).waitFor();
    await owner.getByRole('button', { name: 'Delen' }).waitFor();
    for (const page of [editor, viewer]) {
      expect(await page.getByRole('button', { name: 'Delen' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Bord verwijderen' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Sessie van/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Sjabloon (vastzetten|losmaken)/ }).count()).toBe(0);
    }
    // The editor still sees how the template stands.
    expect(await editor.locator('[data-scaffold-state]').count()).toBe(1);
    // The owner can end a participant's session from the list (but not their own).
    await waitFor(async () => (await owner.getByRole('button', { name: /^Sessie van .* beëindigen$/ }).count()) === 2, 'end-session buttons for Anne and Bert');
    for (const page of [editor, viewer, owner]) await page.context().close();
  });

  it('the owner ends one session from the participant list; that participant is told so and the other stays', async () => {
    const board = await fixture.server.createBoard('Wijk West');
    const anne = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    const bert = await openBoard(await fixture.newContext(), board.links.edit, 'Bert');
    const owner = await openBoard(await fixture.newContext(), ownerLink(board.id, board.ownerToken), 'Coördinator');
    const end = owner.getByRole('button', { name: 'Sessie van Anne beëindigen' });
    await end.waitFor();
    await end.click();
    await owner.getByRole('alertdialog', { name: 'Sessie van Anne beëindigen?' }).getByRole('button', { name: 'Sessie beëindigen' }).click();
    await anne.locator('[data-access-ended="ended"]').waitFor({ timeout: 5000 });
    await waitFor(async () => (await owner.locator('[data-participant="Anne"]').count()) === 0, 'Anne gone from the owner\'s list');
    expect(await bert.locator('[data-access-ended]').count()).toBe(0);
    expect(await owner.locator('[data-participant="Bert"]').count()).toBe(1);
    for (const page of [anne, bert, owner]) await page.context().close();
  });

  it('a rename shows for everyone connected; a delete asks, names the board, and leaves the owner on the start page without it', async () => {
    const board = await fixture.server.createBoard('Wijk Zuid');
    const owner = await openBoard(await fixture.newContext(), ownerLink(board.id, board.ownerToken), 'Coördinator');
    const editor = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
    await owner.getByRole('button', { name: 'Naam wijzigen' }).click();
    const rename = owner.getByRole('dialog', { name: 'Bord een andere naam geven' });
    await rename.getByLabel('Nieuwe naam').fill('Wijk Zuid-Oost');
    await rename.getByRole('button', { name: 'Opslaan' }).click();
    await owner.getByRole('heading', { level: 1, name: 'Wijk Zuid-Oost' }).waitFor();
    await editor.getByRole('heading', { level: 1, name: 'Wijk Zuid-Oost' }).waitFor({ timeout: 5000 });
    const meta = (await (await fetch(`${fixture.server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.ownerToken}` } })).json()) as { title: string };
    expect(meta.title).toBe('Wijk Zuid-Oost');

    await owner.getByRole('button', { name: 'Bord verwijderen' }).click();
    const confirm = owner.getByRole('alertdialog', { name: 'Bord “Wijk Zuid-Oost” verwijderen?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('niet ongedaan');
    expect(await confirm.textContent()).toContain('logboek');
    // Escape cancels and focus returns to the button.
    await owner.keyboard.press('Escape');
    await waitFor(async () => (await confirm.count()) === 0, 'the delete dialog closed by Escape');
    expect(await owner.evaluate(() => document.activeElement?.textContent)).toBe('Bord verwijderen');
    await owner.keyboard.press('Enter');
    await confirm.getByRole('button', { name: 'Definitief verwijderen' }).click();
    await owner.waitForURL(`${fixture.server.url}/`);
    const recent = await owner.evaluate(() => localStorage.getItem('koppelbord.recentBoards') ?? '[]');
    expect(recent).not.toContain(board.id);
    await editor.locator('[data-access-ended="boardDeleted"]').waitFor({ timeout: 5000 });
    for (const page of [owner, editor]) await page.context().close();
  });

  it('"no expiry" is offered for viewer links only and the server’s refusal is shown; rotating the owner link keeps this page working on the new token; the audit log says it all in words, without a token', async () => {
    const board = await fixture.server.createBoard('Wijk Midden');
    const owner = await openBoard(await fixture.newContext(), ownerLink(board.id, board.ownerToken), 'Coördinator');
    await owner.getByRole('button', { name: 'Delen' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Bord delen' });
    await dialog.getByLabel('Naam van de link').fill('Bewoners');
    await dialog.getByLabel('Rol', { exact: true }).selectOption('viewer');
    await dialog.getByLabel('Geldig', { exact: true }).selectOption('none');
    await dialog.getByRole('button', { name: 'Link maken', exact: true }).click();
    // The test server leaves ALLOW_UNEXPIRING_VIEW_LINKS off: its message is shown as it is.
    await dialog.locator('.invite-form [role="alert"]').waitFor();
    expect(await dialog.locator('.invite-form [role="alert"]').textContent()).toMatch(/^Het lukte niet: \S/);
    await dialog.getByLabel('Geldig', { exact: true }).selectOption('30');
    await dialog.getByRole('button', { name: 'Link maken', exact: true }).click();
    await dialog.locator('tr[data-invite="Bewoners"]').waitFor();
    // Change its role in place.
    await dialog.getByRole('button', { name: 'Bewerken toestaan — link “Bewoners”' }).click();
    await waitFor(async () => (await dialog.locator('tr[data-invite="Bewoners"] td').first().textContent()) === 'bewerken', 'the role changed to editing');

    await dialog.getByRole('button', { name: 'Nieuwe eigenaarslink maken' }).click();
    const confirm = owner.getByRole('alertdialog', { name: 'Eigenaarslink vervangen?' });
    await confirm.waitFor();
    // Escape closes only the confirm dialog; the share dialog stays.
    await owner.keyboard.press('Escape');
    await waitFor(async () => (await confirm.count()) === 0, 'the confirm dialog closed by Escape');
    expect(await dialog.count()).toBe(1);
    await dialog.getByRole('button', { name: 'Nieuwe eigenaarslink maken' }).click();
    await confirm.getByRole('button', { name: 'Nieuwe eigenaarslink maken' }).click();
    const rotated = await dialog.getByRole('textbox', { name: 'Nieuwe eigenaarslink (bewaar hem goed)' }).inputValue();
    const newToken = rotated.slice(rotated.indexOf('#token=') + '#token='.length);
    expect(newToken).not.toBe(board.ownerToken);
    expect(await owner.evaluate((id) => localStorage.getItem(`koppelbord.token.${id}`), board.id)).toBe(newToken);
    // This page goes on with the new token: the list still loads, and the board is connected.
    await waitFor(async () => (await dialog.locator('tr[data-invite="Bewoners"]').count()) === 1 && (await dialog.locator('[role="alert"]').count()) === 0, 'the list read with the new token');
    await owner.keyboard.press('Escape');
    expect(await owner.locator('[data-access-ended]').count()).toBe(0);
    const old = await fetch(`${fixture.server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.ownerToken}` } });
    expect(old.status).toBe(401);

    await owner.getByRole('tab', { name: 'Versies' }).click();
    await owner.locator('.audit-log summary').click();
    const log = owner.locator('.audit-log');
    await log.getByText('Link “Bewoners” gemaakt (alleen lezen, verloopt', { exact: false }).waitFor();
    await log.getByText('Rol van link “Bewoners” gewijzigd van alleen lezen naar bewerken', { exact: false }).waitFor();
    await log.getByText('Eigenaarslink vervangen', { exact: false }).waitFor();
    const text = (await log.textContent()) ?? '';
    expect(text).not.toContain(newToken);
    expect(text).not.toContain(board.ownerToken);
    expect(text).not.toMatch(/invite\.|owner\.rotate/);
    await owner.context().close();
  });
});
