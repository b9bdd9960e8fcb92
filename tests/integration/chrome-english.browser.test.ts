import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as labels from '../../packages/board-model/src/labels.ts';
import { domains, organisationKinds } from '../../packages/board-model/src/catalogue.ts';
import { starterTemplate } from '../../packages/board-model/src/template.ts';
import { messages } from '../../apps/web/src/i18n/messages.ts';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard, shapesOf } from '../helpers/board-page.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

/** Every text of a Dutch/English pair whose Dutch differs from its English: what must not show in English. */
function dutchOnly(nl: unknown, en: unknown, into: Set<string>): Set<string> {
  if (typeof nl === 'string' && typeof en === 'string') {
    if (nl !== en) for (const line of nl.split('\n')) into.add(line.trim());
  } else if (nl && en && typeof nl === 'object' && typeof en === 'object') {
    for (const key of Object.keys(nl)) dutchOnly((nl as Record<string, unknown>)[key], (en as Record<string, unknown>)[key], into);
  }
  return into;
}

function scaffoldTexts(locale: 'nl' | 'en'): string[] {
  return starterTemplate({ locale }).flatMap((shape) => {
    if (shape.type === 'quadrant') return [(shape.props as { title: string }).title];
    if (shape.type !== 'text' && shape.type !== 'geo') return [];
    const doc = shape.props.richText as { content?: { content?: { text?: string }[] }[] };
    return [(doc.content ?? []).map((paragraph) => (paragraph.content ?? []).map((node) => node.text ?? '').join('')).join('\n')];
  });
}

const dutch = new Set<string>(['Pagina 1']);
dutchOnly(messages.nl, messages.en, dutch);
for (const table of Object.values(labels)) if (typeof table === 'object') for (const entry of Object.values(table)) if (entry && typeof entry === 'object') dutchOnly((entry as { nl?: unknown }).nl, (entry as { en?: unknown }).en, dutch);
for (const entry of [...domains, ...organisationKinds]) dutchOnly(entry.nl, entry.en, dutch);
dutchOnly(scaffoldTexts('nl'), scaffoldTexts('en'), dutch);
// The language switch names the other language in that language, on purpose.
dutch.delete(messages.en.language);
dutch.delete('');

/**
 * The visible text of the page outside the cards (whose texts are the board's own content),
 * one entry per text node and line: the header, the toolbar, the side panel, tldraw's UI,
 * and the template's scaffolding on the canvas.
 */
const visibleTexts = (page: Page) =>
  page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      // tldraw's off-screen text measuring element is not shown to anyone.
      if (!element || element.closest('.kb-card, .tl-text-measure, script, style') || !element.checkVisibility()) continue;
      for (const line of (node.textContent ?? '').split('\n')) if (line.trim()) texts.push(line.trim());
    }
    return texts;
  });

describe('the English UI on a board made in Dutch', () => {
  it('shows no Dutch text in the chrome, the panels or the template’s scaffolding', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Zuidwest');
    const context = await fixture.newContext();
    await context.addInitScript(() => localStorage.setItem('koppelbord.locale', 'en'));
    const page = await openBoard(context, board.links.edit, 'Anne');
    await waitFor(async () => (await shapesOf(page)).filter((shape) => shape.type === 'domain').length === 9, 'the template');
    // The scaffolding reads in English although the board was made in Dutch.
    await waitFor(() => page.getByText('Opportunities and risks').count(), 'the quadrant title in English', 15_000);
    await waitFor(() => page.getByText('Policy domains', { exact: true }).count(), 'the heading in English');

    const found: string[] = [];
    for (const tab of ['Outline', 'Card', 'Participants', 'Register', 'Coverage']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tab', { name: tab, selected: true }).waitFor();
      for (const text of await visibleTexts(page)) if (dutch.has(text)) found.push(`${tab}: ${text}`);
    }
    expect(found).toEqual([]);
    // The record keeps the board's language: nothing was rewritten for everyone.
    const title = await page.evaluate(() => (window.editor as { getCurrentPageShapes(): { type: string; props: { title?: string } }[] }).getCurrentPageShapes().find((shape) => shape.type === 'quadrant')?.props.title);
    expect(title).toBe('Kansen en risico’s');
  });
});
