import type { CreateBoardResponse } from '@koppelbord/contract';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { isInside, type Bounds } from '../helpers/page-bounds.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface ViewEditor {
  createShape(shape: Record<string, unknown>): unknown;
  select(...ids: string[]): unknown;
  selectNone(): unknown;
  getCurrentPageBounds(): Bounds | undefined;
  getViewportPageBounds(): Bounds;
  getZoomLevel(): number;
}

async function createTemplateBoard(title: string): Promise<CreateBoardResponse> {
  const response = await fetch(`${fixture.server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, template: 'sociale-koppelkansen' }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateBoardResponse;
}

/** What a person sees of a card's title: its type size on screen, and whether it is drawn at all. */
const titleOnScreen = (text: string) => {
  const title = [...document.querySelectorAll<HTMLElement>('.kb-card__title')].find((element) => element.textContent === text);
  if (!title) return null;
  const card = title.closest<HTMLElement>('.kb-card')!;
  const zoom = (window.editor as ViewEditor).getZoomLevel();
  return {
    visible: title.getBoundingClientRect().height > 0 && getComputedStyle(title).display !== 'none',
    fontPx: parseFloat(getComputedStyle(title).fontSize) * zoom,
    edgePx: parseFloat(getComputedStyle(card).borderLeftWidth) * zoom,
    background: getComputedStyle(card).backgroundColor,
  };
};

describe('Canvas: the first view of a board', () => {
  it('a new template board opens showing the whole template, with the cards’ titles readable and their colours drawn', async () => {
    const board = await createTemplateBoard('Wijk Zuidwest');
    const context = await newContext();
    const anne = await openBoard(context, board.links.edit, 'Anne', 'welfare');

    const view = await anne.evaluate(() => {
      const editor = window.editor as ViewEditor;
      return { content: editor.getCurrentPageBounds()!, viewport: editor.getViewportPageBounds(), zoom: editor.getZoomLevel() };
    });
    expect(isInside(view.viewport, view.content), `${JSON.stringify(view.content)} in ${JSON.stringify(view.viewport)}`).toBe(true);
    // The template is wide: seen whole on a laptop it is far out (below 30 %), where cards draw their far level of detail …
    expect(view.zoom).toBeLessThan(0.3);
    await waitFor(() => anne.evaluate(() => window.editor !== undefined && (window.editor as ViewEditor & { getContainer(): HTMLElement }).getContainer().classList.contains('kb-far')), 'the far level of detail');
    // … in which a card still shows its title, large enough to read, and its colours.
    const welfare = await waitFor(() => anne.evaluate(titleOnScreen, 'Welzijn & wijkteams'), 'the welfare card');
    expect(welfare.visible).toBe(true);
    expect(welfare.fontPx).toBeGreaterThanOrEqual(10);
    expect(welfare.edgePx).toBeGreaterThanOrEqual(3);
    expect(welfare.background).not.toBe('rgb(255, 255, 255)');
    // The small print is not drawn out there.
    expect(await anne.locator('.kb-card__kind').first().isVisible()).toBe(false);
  });

  it('tldraw’s style panel shows only while a shape it applies to is selected, not for the cards', async () => {
    const board = await fixture.server.createBoard('Stijlen');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'welfare');
    const panel = anne.getByTestId('style.panel');
    await anne.evaluate(() => {
      const editor = window.editor as ViewEditor;
      editor.createShape({ id: 'shape:card', type: 'opportunity', x: 100, y: 100, props: { title: 'Buurtkamer' } });
      editor.createShape({ id: 'shape:box', type: 'geo', x: 500, y: 100, props: { w: 160, h: 100, geo: 'rectangle' } });
    });
    // Nothing selected: no panel (tldraw would show it for the next shape's styles).
    expect(await panel.count()).toBe(0);
    const select = (id: string | null) =>
      anne.evaluate((shapeId) => {
        const editor = window.editor as ViewEditor;
        if (shapeId) editor.select(shapeId);
        else editor.selectNone();
      }, id);
    // A geo shape has colours and sizes: the panel is there for it …
    await select('shape:box');
    await waitFor(async () => (await panel.count()) === 1, 'the style panel for the geo shape');
    // … and goes when a card is selected instead, or nothing.
    await select('shape:card');
    await waitFor(async () => (await panel.count()) === 0, 'no style panel for the card');
    await select('shape:box');
    await waitFor(async () => (await panel.count()) === 1, 'the style panel for the geo shape again');
    await select(null);
    await waitFor(async () => (await panel.count()) === 0, 'no style panel without a selection');
  });
});
