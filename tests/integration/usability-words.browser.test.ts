/**
 * Words are never split inside: the far-zoom titles of the starter template's cards (where a
 * narrow domain card broke "Onderwi|js") and the register's column headings, in Dutch and in
 * English, measured in the rendered layout: each word's client rects must lie on one line.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked } from '../helpers/board-page.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

interface Layout {
  /** Every word checked, and those whose rects lie on more than one line. */
  words: number;
  split: string[];
  /** Elements whose text runs past their own box (over a neighbour). */
  overflowing: string[];
}

/** Looks at the text of every element matching `selector`. */
function wordLayout(page: Page, selector: string): Promise<Layout> {
  return page.evaluate((css) => {
    const layout: Layout = { words: 0, split: [], overflowing: [] };
    for (const element of document.querySelectorAll<HTMLElement>(css)) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (const match of node.data.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
          // Lines differ by a whole line height; rounding absorbs sub-pixel differences.
          const lines = new Set(rects.map((rect) => Math.round(rect.top)));
          layout.words += 1;
          if (lines.size > 1) layout.split.push(`${element.textContent} (${match[0]})`);
        }
      }
      if (element.scrollWidth > element.clientWidth + 1) layout.overflowing.push(element.textContent ?? '');
    }
    return layout;
  }, selector);
}

async function openAt1440(link: string): Promise<Page> {
  const context = await fixture.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(link);
  await joinIfAsked(page, 'Anne');
  return page;
}

const farTitles = '.kb-far .kb-card__title';

/** The far titles once drawn in `language`'s words (the first domain card tells). */
async function farTitlesIn(page: Page, first: string): Promise<Layout> {
  await waitFor(async () => (await page.locator(farTitles).first().innerText()) === first, `the far titles in the language of "${first}"`);
  return wordLayout(page, farTitles);
}

describe('no word is split inside', () => {
  for (const language of ['nl', 'en'] as const) {
    it(`far-zoom titles of the starter template (${language} board), in Dutch and in English`, async () => {
      const board = await createTemplateBoard(fixture.server.url, 'Wijk Zuidwest', language);
      const page = await openAt1440(board.links.edit);
      // The template opens showing all of it, below the far-zoom threshold.
      await page.locator('.kb-far').first().waitFor();
      const cards = await page.locator(farTitles).count();
      expect(cards).toBe(12);

      const dutch = await farTitlesIn(page, 'Zorg & ondersteuning (Wmo)');
      expect(dutch.words).toBeGreaterThan(20);
      expect(dutch.split).toEqual([]);
      expect(dutch.overflowing).toEqual([]);
      // Still large type: at least the near title's 16 px on the card.
      const sizes = await page.locator(farTitles).evaluateAll((titles) => titles.map((title) => parseFloat(getComputedStyle(title).fontSize)));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);

      await page.getByRole('button', { name: 'English' }).click();
      const english = await farTitlesIn(page, 'Care & support (Wmo)');
      expect(english.split).toEqual([]);
      expect(english.overflowing).toEqual([]);
      await page.context().close();
    });
  }

  it('register headings, in Dutch and in English, at the side panel’s default and narrowest width', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const page = await openAt1440(board.links.edit);
    await page.evaluate(() => {
      (window.editor as { createShape(shape: Record<string, unknown>): unknown }).createShape({ id: 'shape:o', type: 'opportunity', x: 0, y: 0, props: { title: 'Warmtenet' } });
    });
    const headings = '.register th button';
    const check = async (what: string) => {
      const layout = await wordLayout(page, headings);
      expect(layout.words, what).toBeGreaterThanOrEqual(4);
      expect(layout.split, what).toEqual([]);
      // Nor does a heading run into the next column.
      const past = await page.locator('.register th').evaluateAll((cells) =>
        cells.flatMap((cell) => {
          const button = cell.querySelector('button')!;
          return button.getBoundingClientRect().right > cell.getBoundingClientRect().right + 0.5 || button.scrollWidth > button.clientWidth + 1 ? [cell.textContent] : [];
        }),
      );
      expect(past, what).toEqual([]);
    };
    const separator = page.getByRole('separator');
    for (const [language, register, other] of [
      ['nl', 'Register', 'English'],
      ['en', 'Register', 'Nederlands'],
    ] as const) {
      await page.getByRole('tab', { name: register }).click();
      await page.locator(headings).first().waitFor();
      await separator.focus();
      await page.keyboard.press('End');
      await page.keyboard.press('Home');
      await waitFor(async () => (await separator.getAttribute('aria-valuenow')) === '320', 'the narrowest panel');
      await check(`${language}, narrowest`);
      // Sorted by another column, its arrow added.
      await page.locator(headings).nth(3).click();
      await check(`${language}, narrowest, sorted by votes`);
      await separator.focus();
      for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
      await check(`${language}, wider`);
      await page.getByRole('button', { name: other }).click();
    }
  });
});
