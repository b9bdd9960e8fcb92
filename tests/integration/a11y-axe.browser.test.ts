/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) on every state of the non-canvas UI, in Dutch and in
 * English: the start page, the join dialog, each side-panel tab (the outline with a card's
 * fields open, the card tab with an opportunity, the history with its dialogs), the share
 * dialog, the board menu's dialogs and the template's question. The canvas itself is tldraw's
 * drawing surface (its shapes have their own keyboard and screen-reader support); tldraw's UI
 * around it (toolbar, menus) is checked once per language.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BoardLanguage } from '@koppelbord/contract';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked } from '../helpers/board-page.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';

const fixture = useBrowserBoard();

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page as it is; returns one line per violation (rule, impact, where), tagged
 * with the state's name. tldraw's drawing surface (shapes as SVG/HTML placed by the camera)
 * is always left out; tldraw's UI around it (toolbar, menus) is checked once per language
 * (`withTldrawUi`), as it does not change with the side panel's state and is the slowest part.
 */
async function violations(page: Page, state: string, withTldrawUi = false): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(wcagTags)
    .exclude(withTldrawUi ? '.tl-canvas' : '.canvas')
    .analyze();
  return result.violations.map((violation) => `${state}: ${violation.id} (${violation.impact ?? '?'}) at ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
}

/** The dialog that is open now (ours are dialog or alertdialog). */
const openDialog = (page: Page): Locator => page.locator('[role="dialog"], [role="alertdialog"]').last();

/** Opens a dialog with `opener`, checks it, and closes it with Escape. */
async function checkDialog(page: Page, opener: Locator, state: string, found: string[]): Promise<void> {
  await opener.click();
  const dialog = openDialog(page);
  await dialog.waitFor();
  found.push(...(await violations(page, state)));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
}

async function selectTab(page: Page, name: RegExp): Promise<Locator> {
  await page.getByRole('tab', { name }).click();
  const panel = page.getByRole('tabpanel');
  await panel.waitFor();
  // The tab's own content, not the moment its code is still coming (lazy/deferred.tsx).
  await panel.locator('.deferred-loading').waitFor({ state: 'detached' });
  return panel;
}

/** Every state of the UI in `language`; returns what axe found in all of them. */
async function everyState(language: BoardLanguage): Promise<string[]> {
  const en = language === 'en';
  const found: string[] = [];
  const context = await fixture.newContext();
  // The device's language choice, as the language switch stores it.
  await context.addInitScript((chosen) => localStorage.setItem('koppelbord.locale', chosen), language);
  const page = await context.newPage();

  await page.goto(`${fixture.server.url}/`);
  await page.getByRole('button', { name: en ? 'Create board' : 'Bord maken' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
  found.push(...(await violations(page, 'start page')));

  const board = await createTemplateBoard(fixture.server.url, en ? 'Axe check' : 'Axe-controle', language);
  const snapshot = await fetch(`${fixture.server.url}/api/boards/${board.id}/snapshots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${board.ownerToken}` },
    body: JSON.stringify({ label: en ? 'Before the session' : 'Voor de sessie' }),
  });
  expect(snapshot.status).toBe(201);

  await page.goto(`${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`);
  await page.getByRole('dialog').waitFor();
  found.push(...(await violations(page, 'join dialog')));
  await joinIfAsked(page, 'Axel');

  // The outline: the lists, then a card's fields open, then the question before deleting.
  const outline = await selectTab(page, en ? /^Outline/ : /^Overzicht/);
  found.push(...(await violations(page, 'outline tab, with tldraw’s UI', true)));
  await outline.getByRole('button', { name: en ? '+ Add opportunity' : '+ Koppelkans toevoegen' }).click();
  await outline.getByRole('group', { name: en ? /^Fields of/ : /^Velden van/ }).waitFor();
  found.push(...(await violations(page, 'outline with an opportunity’s fields')));
  await checkDialog(page, outline.getByRole('button', { name: en ? /^Delete: / : /^Verwijderen: / }).first(), 'outline delete question', found);

  // The card tab with that opportunity selected (the outline selected it when it was added).
  await selectTab(page, en ? /^Card/ : /^Kaart/);
  await page.locator('form.card-panel').waitFor();
  found.push(...(await violations(page, 'card tab')));

  for (const [name, state] of [
    [en ? /^Participants/ : /^Deelnemers/, 'participants tab'],
    [/^Register/, 'register tab'],
    [en ? /^Coverage/ : /^Dekking/, 'coverage tab'],
  ] as const) {
    await selectTab(page, name);
    found.push(...(await violations(page, state)));
  }

  // The history, with the snapshot taken above, and each of its dialogs.
  const history = await selectTab(page, en ? /^Versions/ : /^Versies/);
  const actions = history.getByRole('group', { name: en ? /^Actions for “Before the session”/ : /^Acties voor “Voor de sessie”/ });
  await actions.waitFor({ timeout: 15_000 });
  found.push(...(await violations(page, 'history tab')));
  const dialogButtons = actions.getByRole('button', { name: en ? /Revert|Archive|Open as|^Delete/ : /terugzetten|Archiveren|Openen als|^Verwijderen/ });
  const count = await dialogButtons.count();
  expect(count, 'snapshot actions that ask first').toBeGreaterThanOrEqual(2);
  for (let index = 0; index < count; index++) {
    const button = dialogButtons.nth(index);
    await checkDialog(page, button, `history dialog “${(await button.innerText()).trim()}”`, found);
  }

  // The header's dialogs: share, the board menu's two, changing one's profile.
  await checkDialog(page, page.getByRole('button', { name: en ? 'Share' : 'Delen', exact: true }), 'share dialog', found);
  const menu = page.locator('.board-header');
  await checkDialog(page, menu.getByRole('button', { name: en ? /^Rename/ : /^Naam wijzigen/ }), 'rename dialog', found);
  await checkDialog(page, menu.getByRole('button', { name: en ? /^Delete board/ : /^Bord verwijderen/ }), 'delete board dialog', found);
  await checkDialog(page, menu.getByRole('button', { name: en ? /^Change name or domain/ : /^Naam of domein wijzigen/ }), 'profile dialog', found);
  // The template is on the board already: inserting it again asks first.
  await checkDialog(page, page.getByRole('button', { name: en ? /^Insert template/ : /^Sjabloon invoegen/ }), 'second template question', found);

  await context.close();
  return found;
}

describe('axe-core on the non-canvas UI', () => {
  it('finds no WCAG 2.1 A/AA violations in any state, in Dutch', async () => {
    expect(await everyState('nl')).toEqual([]);
  }, 360_000);

  it('finds no WCAG 2.1 A/AA violations in any state, in English', async () => {
    expect(await everyState('en')).toEqual([]);
  }, 360_000);
});
