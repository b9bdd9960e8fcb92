/**
 * The board page without a pointer and at 400 % zoom (WCAG 2.1 AA beyond what axe-core
 * sees): dialogs keep the focus inside and give it back, focus is visible at 3:1, the page
 * reflows at 320 CSS px (the canvas keeps the board in view as it shrinks, and every control
 * is reached by Tab and on screen when focused), a skip link is the first Tab stop (on a
 * fresh load and right after the first join) and reaches the side panel, landmarks and
 * headings are in order, and selecting a card with Tab leaves the focus on the board.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked, type EditorHandle } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

/** Makes a board from the start page, as its owner, and opens it. */
async function ownerPage(viewport = { width: 1400, height: 900 }): Promise<Page> {
  const context = await fixture.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${fixture.server.url}/`);
  await page.getByLabel('Titel').fill('Wijk Zuidwest');
  await page.getByRole('button', { name: 'Bord maken' }).click();
  await page.getByRole('link', { name: 'Bord openen' }).click();
  return page;
}

/**
 * Whether the canvas shows the board: all of it, or at least the middle of the view on it
 * (not an empty stretch beside it, as when the camera stays put while the canvas shrinks).
 */
function boardInView(page: Page): Promise<boolean> {
  type Bounds = { minX: number; minY: number; maxX: number; maxY: number; center: { x: number; y: number } };
  return page.evaluate(() => {
    const editor = window.editor as { getViewportPageBounds(): Bounds; getCurrentPageBounds(): Bounds | undefined };
    const view = editor.getViewportPageBounds();
    const content = editor.getCurrentPageBounds();
    if (!content) return false;
    const whole = content.minX >= view.minX && content.maxX <= view.maxX && content.minY >= view.minY && content.maxY <= view.maxY;
    const middle = view.center.x >= content.minX && view.center.x <= content.maxX && view.center.y >= content.minY && view.center.y <= content.maxY;
    return whole || middle;
  });
}

/**
 * Tabs through the whole page from its start until the focus comes round again. Returns the
 * controls that were off the 320 × 640 viewport while focused, and the focusable controls on
 * the page that Tab never reached.
 */
async function walkByTab(page: Page): Promise<{ reached: number; offScreen: string[]; missed: string[] }> {
  await page.locator('.board-page').focus();
  const offScreen: string[] = [];
  let reached = 0;
  for (let press = 0; press < 400; press++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const again = element.dataset['walked'] === 'yes';
      element.dataset['walked'] = 'yes';
      const rect = element.getBoundingClientRect();
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? element.tagName).trim().slice(0, 60);
      const onScreen = rect.width > 0 && rect.height > 0 && rect.left >= 0 && rect.top >= 0 && rect.right <= window.innerWidth + 0.5 && rect.bottom <= window.innerHeight + 0.5;
      return { again, name, onScreen };
    });
    if (!stop) continue;
    if (stop.again) break;
    reached += 1;
    if (!stop.onScreen) offScreen.push(stop.name);
  }
  const missed = await page.evaluate(() => {
    const selector = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
    const found = [...document.querySelectorAll<HTMLElement>(selector)].filter((element) => element.tabIndex >= 0 && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden' && !element.closest('[inert], [hidden]'));
    // A roving-focus group (tldraw's toolbars) hands its Tab stop to the item in it that was last active.
    const names = found.filter((element) => element.dataset['walked'] !== 'yes' && !element.querySelector('[data-walked]')).map((element) => (element.getAttribute('aria-label') ?? element.textContent ?? element.tagName).trim().slice(0, 60));
    for (const element of document.querySelectorAll<HTMLElement>('[data-walked]')) delete element.dataset['walked'];
    return names;
  });
  return { reached, offScreen, missed };
}

const focusInside = (dialog: Locator) => dialog.evaluate((element) => element.contains(document.activeElement));

/** Tab (or Shift+Tab) `presses` times; the focus never leaves the dialog. */
async function tabStaysIn(page: Page, dialog: Locator, presses: number, key = 'Tab'): Promise<void> {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(key);
    expect(await focusInside(dialog), `after ${i + 1} × ${key}`).toBe(true);
  }
}

/** WCAG relative luminance contrast of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('the board page by keyboard', () => {
  it('dialogs keep Tab inside, close with Escape and give the focus back; copy buttons have their own names; focus is visible at 3:1', async () => {
    const page = await ownerPage();
    const join = page.getByRole('dialog');
    await join.waitFor();
    expect(await focusInside(join)).toBe(true);
    const joinStops = await join.evaluate((element) => element.querySelectorAll('input, select, button').length);
    await tabStaysIn(page, join, joinStops + 2);
    await tabStaysIn(page, join, joinStops + 2, 'Shift+Tab');
    await joinIfAsked(page, 'Coördinator');

    const share = page.getByRole('button', { name: 'Delen', exact: true });
    await share.focus();
    // Keyboard focus (focus-visible): the indicator against the header's white.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const outline = await share.evaluate((element) => {
      const style = getComputedStyle(element);
      return { color: style.outlineColor, width: parseFloat(style.outlineWidth), style: style.outlineStyle, behind: getComputedStyle(element.closest('header')!).backgroundColor };
    });
    expect(outline.style).toBe('solid');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    expect(contrast(outline.color, outline.behind)).toBeGreaterThanOrEqual(3);

    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Bord delen' });
    await dialog.waitFor();
    expect(await focusInside(dialog)).toBe(true);
    const copyNames = await dialog.locator('.share-links').getByRole('button', { name: /^Kopiëren/ }).evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(copyNames).toEqual(['Kopiëren: Link voor deelnemers (bewerken)', 'Kopiëren: Link voor meekijkers (alleen lezen)']);
    expect(await dialog.getByRole('textbox', { name: 'Link voor deelnemers (bewerken)', exact: true }).count()).toBe(1);
    const stops = await dialog.evaluate((element) => element.querySelectorAll('input, select, button, a[href]').length);
    await tabStaysIn(page, dialog, stops + 2);
    await tabStaysIn(page, dialog, 3, 'Shift+Tab');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await share.evaluate((element) => element === document.activeElement)).toBe(true);
  }, 90_000);

  it('a skip link is the first stop and reaches the side panel; landmarks and headings are in order on every tab', async () => {
    const page = await ownerPage();
    await joinIfAsked(page, 'Coördinator');
    const skip = page.getByRole('link', { name: 'Naar het zijpaneel' });
    // Right after the join dialog closed on first join: the next Tab is the skip link too.
    await page.keyboard.press('Tab');
    expect(await skip.evaluate((element) => element === document.activeElement), 'the skip link first after joining').toBe(true);
    // As the page opens for someone who joined before (no dialog): the first Tab.
    await page.reload();
    await page.waitForFunction(() => Boolean(window.editor));
    await page.keyboard.press('Tab');
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await waitFor(() => page.evaluate(() => document.getElementById('side-panel')!.contains(document.activeElement)), 'the focus in the side panel');
    // From there, the tabs are a Tab away.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.getAttribute('role'))).toMatch(/Zijpaneel inklappen|tab/);

    expect(await page.getByRole('banner').count()).toBe(1);
    const main = page.getByRole('main', { name: 'Bord' });
    expect(await main.count()).toBe(1);
    expect(await main.getByRole('toolbar', { name: 'Kaarten toevoegen' }).count()).toBe(1);
    expect(await page.getByRole('complementary', { name: 'Zijpaneel' }).count()).toBe(1);
    for (const tab of ['Overzicht', 'Kaart', 'Deelnemers', 'Register', 'Dekking', 'Versies']) {
      await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      const levels = await page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((heading) => Number(heading.tagName[1])));
      expect(levels[0], `first heading on ${tab}`).toBe(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `headings on ${tab}: ${levels.join(' ')}`).toBeLessThanOrEqual(1);
      expect(levels, `a level-2 heading on ${tab}`).toContain(2);
    }
  }, 90_000);

  it('reflows at 320 CSS px: every header control on screen, no sideways scrolling, a canvas to work on, the side panel below it', async () => {
    // Opened on a wide screen, then zoomed to 400 %: 1280 CSS px become 320, the canvas shrinks under the camera.
    const page = await ownerPage({ width: 1280, height: 900 });
    await joinIfAsked(page, 'Coördinator');
    await waitFor(() => boardInView(page), 'the board in view on the wide canvas');
    await page.setViewportSize({ width: 320, height: 640 });
    await waitFor(() => page.evaluate(() => window.innerWidth === 320), 'the narrow viewport');
    const header = await page.locator('.board-header').evaluate((element) =>
      [...element.querySelectorAll('button, a, select')].map((control) => {
        const rect = control.getBoundingClientRect();
        return { name: control.textContent?.trim() || control.getAttribute('aria-label'), left: rect.left, right: rect.right };
      }),
    );
    expect(header.length).toBeGreaterThanOrEqual(4);
    for (const control of header) {
      expect(control.left, `${control.name}`).toBeGreaterThanOrEqual(0);
      expect(control.right, `${control.name}`).toBeLessThanOrEqual(320);
    }
    expect(await page.locator('.board-page').evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await page.locator('.canvas').evaluate((element) => element.getBoundingClientRect().height)).toBeGreaterThanOrEqual(250);
    // The canvas shows the board (the template), not an empty stretch beside it, once the size has settled.
    await waitFor(() => boardInView(page), 'the board in view on the 320 px canvas');
    // The side panel is reached by scrolling down, and fits the width.
    const tabs = page.getByRole('tablist');
    await tabs.scrollIntoViewIfNeeded();
    const box = await tabs.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 320 && box.y >= 0 && box.y + box.height <= 640).toBe(true);
    await page.getByRole('tab', { name: /^Register/ }).click();
    expect(await page.getByRole('tabpanel').isVisible()).toBe(true);

    // Every control is reached by Tab, and is on screen (scrolled to) when it has the focus:
    // the page with the outline tab open (the longest), and again with the card tab.
    for (const tab of ['Overzicht', 'Kaart']) {
      await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      const walk = await walkByTab(page);
      expect(walk.offScreen, `controls off screen when focused (${tab})`).toEqual([]);
      expect(walk.missed, `controls Tab never reached (${tab})`).toEqual([]);
      expect(walk.reached, `controls reached (${tab})`).toBeGreaterThanOrEqual(20);
    }
  }, 150_000);

  it('selecting a card with Tab on the board leaves the focus on the board, after its fields were opened once', async () => {
    const page = await ownerPage();
    await joinIfAsked(page, 'Coördinator');
    await page.evaluate(() => {
      const editor = window.editor as EditorHandle & { select(...ids: string[]): unknown; setCurrentTool(id: string): unknown };
      editor.createShape({ id: 'shape:a', type: 'opportunity', x: 100, y: 100, props: { title: 'Kaart A' } });
      editor.createShape({ id: 'shape:b', type: 'opportunity', x: 500, y: 100, props: { title: 'Kaart B' } });
      editor.select('shape:a');
      editor.getContainer().focus();
    });
    // Enter opens card A's fields: the focus goes there, as asked.
    await page.keyboard.press('Enter');
    await waitFor(() => page.evaluate(() => Boolean(document.activeElement?.closest('.card-panel'))), 'the focus in the card fields');
    await page.keyboard.press('Escape');
    await waitFor(() => page.evaluate(() => !document.activeElement?.closest('.card-panel')), 'the focus back on the board');
    const selected = () => page.evaluate(() => (window.editor as { getSelectedShapeIds(): string[] }).getSelectedShapeIds().join());
    const inFields = () => page.evaluate(() => Boolean(document.activeElement?.closest('.card-panel')));
    // Away from card A with Tab, and back to it with Shift+Tab: its fields stay where they are.
    await page.keyboard.press('Tab');
    await waitFor(async () => (await selected()) !== 'shape:a' && (await selected()) !== '', 'Tab to select the next shape');
    expect(await inFields()).toBe(false);
    await page.keyboard.press('Shift+Tab');
    await waitFor(async () => (await selected()) === 'shape:a', 'Shift+Tab to select card A again');
    // The card panel shows card A (its title field), and the focus is still on the board.
    await page.getByRole('textbox', { name: /Titel|Title/ }).first().waitFor();
    expect(await inFields()).toBe(false);
    expect(await page.evaluate(() => (window.editor as EditorHandle).getContainer().contains(document.activeElement))).toBe(true);
  }, 90_000);
});
