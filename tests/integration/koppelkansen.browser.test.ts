import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { dragOnCanvas, openBoard, shapesOf } from '../helpers/board-page.ts';
import { connectSynced } from '../helpers/client.ts';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface BoardEditor {
  createShape(shape: Record<string, unknown>): unknown;
  createBindings(bindings: Record<string, unknown>[]): unknown;
  updateShape(shape: Record<string, unknown>): unknown;
  zoomToFit(): unknown;
  setCamera(camera: { x: number; y: number; z: number }): unknown;
  getShape(id: string): { parentId: string } | undefined;
}

describe('Koppelkansen shapes between two participants', () => {
  it('domain cards, an opportunity linked by arrows and dragged into the win-win quadrant show up at the other participant with the badge', async () => {
    const board = await fixture.server.createBoard('Wijk Zuid');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'sewerage-water');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram', 'welfare');

    await anne.evaluate(() => {
      const editor = window.editor as BoardEditor;
      editor.createShape({ id: 'shape:d-sewer', type: 'domain', x: 0, y: 0, props: { domain: 'sewerage-water', consultation: 'consulted', consultedOn: '2026-11-02' } });
      editor.createShape({ id: 'shape:d-welfare', type: 'domain', x: 0, y: 200, props: { domain: 'welfare' } });
      editor.createShape({ id: 'shape:q', type: 'quadrant', x: 400, y: 0, props: { w: 800, h: 600 } });
      editor.createShape({ id: 'shape:o', type: 'opportunity', x: 0, y: 450, props: { title: 'Warmtenet bij rioolvervanging' } });
      // Link the opportunity to both domains with bound arrows.
      for (const [arrow, target] of [['shape:a1', 'shape:d-sewer'], ['shape:a2', 'shape:d-welfare']] as const) {
        editor.createShape({ id: arrow, type: 'arrow', x: 0, y: 0, props: { start: { x: 0, y: 0 }, end: { x: 100, y: 100 } } });
        editor.createBindings([
          { type: 'arrow', fromId: arrow, toId: 'shape:o', props: { terminal: 'start', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false } },
          { type: 'arrow', fromId: arrow, toId: target, props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false } },
        ]);
      }
      editor.zoomToFit();
    });
    // Anne drags the opportunity with the mouse into the top-left (high benefit, low risk) part of the quadrant.
    await dragOnCanvas(anne, { x: 120, y: 525 }, { x: 400 + 200, y: 150 });
    await waitFor(async () => (await anne.evaluate(() => (window.editor as BoardEditor).getShape('shape:o')?.parentId)) === 'shape:q', 'the opportunity dropped into the quadrant');
    await bram.evaluate(() => {
      (window.editor as BoardEditor).zoomToFit();
    });

    await waitFor(async () => (await shapesOf(bram)).filter((s) => ['domain', 'opportunity', 'quadrant'].includes(s.type)).length === 4, 'the cards at Bram', 15_000);
    await waitFor(() => bram.locator('[data-quadrant-class="win-win"]', { hasText: 'Win-win — koppelen' }).count(), 'the win-win badge at Bram', 15_000);
    // The card shows its two linked domains as colour chips, and the domain card its status.
    await waitFor(async () => (await bram.locator('.kb-chip').count()) === 2, 'two domain chips', 15_000);
    expect(await bram.getByText('Geraadpleegd 2-11-2026').count()).toBe(1);

    // Bram's register lists the opportunity with both linked domains and its class.
    await bram.getByRole('tab', { name: 'Register' }).click();
    const row = bram.locator('tr[data-opportunity="shape:o"]');
    await waitFor(async () => (await row.count()) === 1, 'the register row', 15_000);
    // The linked domains are listed under the title, before the class column.
    expect(await row.innerText()).toMatch(/Warmtenet bij rioolvervanging[\s\S]*Riolering & water, Welzijn & wijkteams[\s\S]*Win-win — koppelen/);
    // Exported CSV: BOM, ';' and the row with both domains.
    const [csvDownload] = await Promise.all([bram.waitForEvent('download'), bram.getByRole('button', { name: 'CSV' }).click()]);
    const csv = readFileSync(await csvDownload.path(), 'utf8');
    expect(csv.startsWith('\uFEFFTitel;')).toBe(true);
    expect(csv).toContain('Warmtenet bij rioolvervanging;');
    expect(csv).toMatch(/Riolering & water \| Welzijn & wijkteams|Welzijn & wijkteams \| Riolering & water/);
    // Coverage: who is at the table, consulted, with how many opportunities; who is missing.
    await bram.getByRole('tab', { name: 'Dekking' }).click();
    await waitFor(async () => /Geraadpleegd 2-11-2026 · 1 koppelkans/.test(await bram.locator('li[data-coverage="sewerage-water"]').innerText().catch(() => '')), 'coverage of sewerage', 15_000);
    expect(await bram.locator('li[data-missing="education"]').count()).toBe(1);
    expect(await bram.locator('li[data-missing="sewerage-water"]').count()).toBe(0);

    // Moving it to the bottom-right re-classifies it live at the other participant.
    await anne.evaluate(() => {
      (window.editor as BoardEditor).updateShape({ id: 'shape:o', type: 'opportunity', x: 600, y: 480 });
    });
    await waitFor(() => bram.locator('[data-quadrant-class="park"]').count(), 'the park badge at Bram', 15_000);

    // Zoomed far out, cards show their title (in large type) and colours, not the small print;
    // back at 100 % the small print returns.
    const title = bram.locator('.kb-card__title', { hasText: 'Warmtenet bij rioolvervanging' });
    const smallPrint = bram.locator('[data-shape-id="shape:o"] .kb-card__kind');
    expect(await smallPrint.isVisible()).toBe(true);
    await bram.evaluate(() => {
      (window.editor as BoardEditor).setCamera({ x: 0, y: 0, z: 0.2 });
    });
    await waitFor(async () => !(await smallPrint.isVisible()), 'the small print hidden when zoomed out');
    expect(await title.isVisible()).toBe(true);
    expect(await bram.locator('[data-quadrant-class="park"]').isVisible()).toBe(true);
    await bram.evaluate(() => {
      (window.editor as BoardEditor).setCamera({ x: 0, y: 0, z: 1 });
    });
    await waitFor(() => smallPrint.isVisible(), 'the small print back at 100 %');
  });

  it('a card with invalid props from a hostile client is rejected without breaking either participant', async () => {
    const board = await fixture.server.createBoard('Vijandig');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram');
    const pageErrors: string[] = [];
    for (const page of [anne, bram]) page.on('pageerror', (error) => pageErrors.push(error.message));

    // A stock client with an editor link writes a domain card with props the validators refuse.
    const hostile = await connectSynced(fixture.server.wsUrl, board.id, tokenOf(board.links.edit));
    try {
      hostile.doc.getMap('records').set('shape:evil', {
        id: 'shape:evil', typeName: 'shape', type: 'domain', parentId: 'page:page', index: 'a9', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, meta: {},
        props: { w: 200, h: 120, domain: 'x'.repeat(5000), contact: '', ambitions: '', consultation: 'hacked', consultedOn: 'never' },
      });
    } finally {
      hostile.destroy();
    }
    // Both keep working: a valid card made afterwards arrives, the invalid one never shows.
    await anne.evaluate(() => {
      (window.editor as BoardEditor).createShape({ id: 'shape:fine', type: 'domain', x: 300, y: 0, props: { domain: 'housing' } });
    });
    await waitFor(async () => (await shapesOf(bram)).some((s) => s.id === 'shape:fine'), 'the valid card at Bram', 15_000);
    for (const page of [anne, bram]) expect((await shapesOf(page)).some((s) => s.id === 'shape:evil')).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
