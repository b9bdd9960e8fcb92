/**
 * The plans timeline between two participants (issue 14): plans on the template's timeline
 * sit by their years; two plans running at the same time show a coupling moment on the other
 * participant's canvas; editing a plan's years moves it there; and an opportunity linked to a
 * plan takes the plan's years as its coupling moment in the other's register.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { dragOnCanvas, openBoard } from '../helpers/board-page.ts';
import { connectSynced } from '../helpers/client.ts';
import { tokenOf } from '../helpers/server.ts';
import { defaultPlanProps } from '@koppelbord/board-model';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const timelineId = 'shape:template-timeline';
const year = new Date().getFullYear();

interface PlanEditor {
  createShape(shape: Record<string, unknown>): unknown;
  getShape(id: string): { id: string; x: number; y: number; parentId: string; props: Record<string, unknown> } | undefined;
  getShapePageBounds(id: string): { x: number; y: number; w: number; h: number; center: { x: number; y: number } } | undefined;
  getSelectedShapeIds(): string[];
  getCurrentPageShapes(): { id: string; type: string; props: Record<string, unknown> }[];
  select(...ids: string[]): unknown;
  zoomToBounds(bounds: { x: number; y: number; w: number; h: number }, options?: Record<string, unknown>): unknown;
}

const shapeOf = (page: Page, id: string) => page.evaluate((shapeId) => (window.editor as PlanEditor).getShape(shapeId), id);
const periodOf = async (page: Page, id: string) => (await shapeOf(page, id))?.props['period'] as { start: number; end: number } | undefined;

/** Shows the whole timeline (the template puts it below the cards). */
async function showTimeline(page: Page): Promise<void> {
  await page.evaluate((id) => {
    const editor = window.editor as PlanEditor;
    const bounds = editor.getShapePageBounds(id)!;
    editor.zoomToBounds({ x: bounds.x - 40, y: bounds.y - 300, w: bounds.w + 80, h: bounds.h + 340 }, { immediate: true });
  }, timelineId);
}

describe('the plans timeline between two participants', () => {
  it('overlapping plans show a coupling moment at the other participant, and a linked opportunity takes the plan’s years in the register', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk Oost');
    const anne = await openBoard(await fixture.newContext(), board.links.edit, 'Anne', 'sewerage-water');
    const bram = await openBoard(await fixture.newContext(), board.links.edit, 'Bram', 'public-space');
    await waitFor(() => shapeOf(bram, timelineId), 'the template’s timeline at Bram', 15_000);
    await showTimeline(bram);
    const timeline = (await anne.evaluate((id) => (window.editor as PlanEditor).getShapePageBounds(id), timelineId))!;
    const column = timeline.w / 21;
    // Anne looks at the empty space above the timeline's middle years, and the timeline's top.
    await anne.evaluate(
      (view) => {
        (window.editor as PlanEditor).zoomToBounds(view, { immediate: true });
      },
      { x: timeline.x + 600, y: timeline.y - 700, w: 1300, h: 1100 },
    );

    // Anne adds a plan with the toolbar (it lands in free space above the timeline) and names it in the card panel.
    await anne.getByRole('button', { name: '+ Plan' }).click();
    const title = anne.getByRole('textbox', { name: 'Titel', exact: true });
    await title.fill('Rioolvervanging');
    const sewerId = await anne.evaluate(() => (window.editor as PlanEditor).getSelectedShapeIds()[0]!);
    await waitFor(async () => (await shapeOf(bram, sewerId))?.props['title'] === 'Rioolvervanging', 'the plan at Bram', 15_000);
    expect((await shapeOf(anne, sewerId))?.parentId).toBe('page:page');

    // She drags it onto the timeline, its left edge into the column six years from now: it starts then.
    const card = (await anne.evaluate((id) => (window.editor as PlanEditor).getShapePageBounds(id), sewerId))!;
    const grabAt = { x: card.x + 20, y: card.y + card.h / 2 };
    const dropAt = { x: timeline.x + 6 * column + 30 + 20, y: timeline.y + 160 + card.h / 2 };
    await dragOnCanvas(anne, grabAt, dropAt);
    await waitFor(async () => (await shapeOf(anne, sewerId))?.parentId === timelineId, 'the plan on the timeline');
    await waitFor(async () => (await periodOf(bram, sewerId))?.start === year + 6, 'the plan’s start year from where it was dropped, at Bram', 15_000);
    expect(await periodOf(bram, sewerId)).toEqual({ start: year + 6, end: year + 7 });

    // Four nudges with the arrow key move it four years earlier: to the year after next.
    for (let press = 0; press < 4; press++) await anne.keyboard.press('ArrowLeft');
    await waitFor(async () => (await periodOf(bram, sewerId))?.start === year + 2, 'the nudged plan at Bram', 15_000);
    // A new plan runs two years; on the timeline it covers exactly its two columns.
    expect(await periodOf(bram, sewerId)).toEqual({ start: year + 2, end: year + 3 });
    const placed = (await shapeOf(bram, sewerId))!;
    expect(placed.x).toBeCloseTo(2 * column, 5);
    expect(placed.props['w']).toBeCloseTo(2 * column, 5);

    // No coupling moment yet at Bram: one plan only.
    expect(await bram.locator('[data-coupling-moment]').count()).toBe(0);

    // Anne puts a second plan on the timeline that overlaps the first in its second year.
    await anne.evaluate(
      ([id, start]) => {
        (window.editor as PlanEditor).createShape({ id: 'shape:street', type: 'plan', parentId: id, x: 0, y: 320, props: { title: 'Herinrichting Dorpsstraat', owner: 'public-space', period: { start, end: start + 2 } } });
      },
      [timelineId, year + 3] as const,
    );
    const moment = `Rioolvervanging × Herinrichting Dorpsstraat: ${year + 3}`;
    await waitFor(() => bram.locator(`[data-coupling-moment="${moment}"]`).count(), 'the coupling moment on Bram’s timeline', 15_000);
    await waitFor(() => bram.locator('[data-coupling-moments="1"]').count().then((n) => n === 2), 'both plan cards marked at Bram', 15_000);
    // Made through the editor with x 0, the plan was still placed over its years.
    expect((await shapeOf(bram, 'shape:street'))!.x).toBeCloseTo(3 * column, 5);
    // The sweet spot (one to three years ahead) is shaded.
    expect(await bram.locator(`[data-sweet-spot="${year + 1}-${year + 3}"]`).count()).toBe(1);

    // Anne moves the street plan later in its panel: it moves along the timeline at Bram, and the moment is gone.
    await anne.evaluate(() => {
      (window.editor as PlanEditor).select('shape:street');
    });
    await anne.getByRole('tab', { name: 'Kaart' }).click().catch(() => undefined);
    const start = anne.getByLabel('Beginjaar');
    await start.fill(String(year + 6));
    await waitFor(async () => (await periodOf(bram, 'shape:street'))?.start === year + 6, 'the new start year at Bram', 15_000);
    // The end year moved along (a plan does not end before it starts), and so did the card.
    expect(await periodOf(bram, 'shape:street')).toEqual({ start: year + 6, end: year + 6 });
    await waitFor(async () => Math.abs((await shapeOf(bram, 'shape:street'))!.x - 6 * column) < 1e-6, 'the plan moved to its new year at Bram', 15_000);
    await waitFor(async () => (await bram.locator('[data-coupling-moment]').count()) === 0, 'no coupling moment any more at Bram', 15_000);
    // Back to overlapping, with the end year typed as well.
    await anne.getByLabel('Eindjaar').fill(String(year + 8));
    await start.fill(String(year + 3));
    await waitFor(async () => JSON.stringify(await periodOf(bram, 'shape:street')) === JSON.stringify({ start: year + 3, end: year + 8 }), 'the plan back over the first one at Bram', 15_000);
    await waitFor(() => bram.locator(`[data-coupling-moment="${moment}"]`).count(), 'the coupling moment back on Bram’s canvas', 15_000);

    // Anne adds an opportunity and links it to the sewer plan in its panel.
    await anne.getByRole('button', { name: '+ Koppelkans' }).click();
    await anne.getByRole('textbox', { name: 'Titel', exact: true }).fill('Warmtenet in de sleuf');
    await anne.getByRole('checkbox', { name: `Rioolvervanging (${year + 2}–${year + 3})` }).check();
    // Its panel says its coupling moment now follows the plan.
    expect(await anne.locator('[data-timing-follows-plans]').textContent()).toBe(`Het koppelmoment volgt de plannen: ${year + 2}–${year + 3}.`);

    // Bram's register shows the plan, its years as the coupling moment, and the plans' coupling moment.
    await bram.getByRole('tab', { name: 'Register' }).click();
    const row = bram.locator('tr[data-opportunity]', { hasText: 'Warmtenet in de sleuf' });
    await waitFor(() => row.locator('[data-detail="plans"]').count(), 'the linked plan in Bram’s register', 15_000);
    expect(await row.locator('[data-detail="plans"] dd').textContent()).toBe(`Rioolvervanging (${year + 2}–${year + 3})`);
    expect(await row.locator('[data-detail="timing"] dd').textContent()).toBe(`${year + 2}–${year + 3}`);
    expect(await row.locator('[data-detail="planMoments"] dd').textContent()).toBe(moment);
    // And the plans themselves, with the coupling moment, below the opportunities.
    await waitFor(() => bram.locator('[data-plan="shape:street"]').count(), 'the plans in Bram’s register', 15_000);
    expect(await bram.locator('[data-register-moments] li').allTextContents()).toEqual([`${moment} (begint over ~2 jaar)`]);

    // The board's SVG export (what archive images are rendered from) draws the timeline, the plans and the moment.
    // The whole page, as the archive exports it (tldraw leaves out a frame exported on its own).
    const svg = await bram.evaluate(async () => {
      const editor = window.editor as PlanEditor & { getSvgString(ids: string[]): Promise<{ svg: string } | undefined>; getCurrentPageShapeIds(): Set<string> };
      return (await editor.getSvgString([...editor.getCurrentPageShapeIds()]))?.svg ?? '';
    });
    expect(svg).toContain(`Koppelmoment: ${moment}`);
    expect(svg).toContain('Rioolvervanging');
    expect(svg).toContain('Herinrichting Dorpsstraat');
    expect(svg).toContain(String(year + 20));
  });

  it('a plan placed in an earlier year is put back over its years when an editor opens the board; a new plan goes on by keyboard', async () => {
    const board = await createTemplateBoard(fixture.server.url, 'Wijk West');
    const column = 3150 / 21;
    // Written as a client would have a year ago: its place is last year's column for the start year.
    const writer = await connectSynced(fixture.server.wsUrl, board.id, tokenOf(board.links.edit));
    try {
      const plan = {
        id: 'shape:stale',
        typeName: 'shape',
        type: 'plan',
        parentId: timelineId,
        index: 'a5',
        x: 5 * column,
        y: 200,
        rotation: 0,
        isLocked: false,
        opacity: 1,
        props: { ...defaultPlanProps(), title: 'Onderhoudscyclus corporatie', period: { start: year + 4, end: year + 5 }, w: 2 * column },
        meta: {},
      };
      writer.doc.transact(() => writeRecordEntry(getRecordsMap(writer.doc), plan.id, plan));
      const anne = await openBoard(await fixture.newContext(), board.links.edit, 'Anne');
      await waitFor(async () => Math.abs(((await shapeOf(anne, 'shape:stale'))?.x ?? 0) - 4 * column) < 1e-6, 'the plan over its start year at Anne', 15_000);
      // Everyone gets the new place; the period is what it was.
      await waitFor(() => Math.abs((readRecordEntry(getRecordsMap(writer.doc).get('shape:stale')) as { x: number }).x - 4 * column) < 1e-6, 'the new place at the other client', 15_000);
      expect(await periodOf(anne, 'shape:stale')).toEqual({ start: year + 4, end: year + 5 });

      // Without a pointer: a new plan goes onto the timeline with its panel's button, over its years, in the first row (no plan there in those years).
      await anne.getByRole('button', { name: '+ Plan' }).click();
      const newId = await anne.evaluate(() => (window.editor as PlanEditor).getSelectedShapeIds()[0]!);
      await anne.getByRole('button', { name: 'Op de tijdlijn zetten' }).click();
      await waitFor(async () => (await shapeOf(anne, newId))?.parentId === timelineId, 'the new plan on the timeline');
      const placed = (await shapeOf(anne, newId))!;
      expect(placed.x).toBeCloseTo(2 * column, 5);
      expect(placed.y).toBe(72 + 16);
      expect(await anne.getByRole('button', { name: 'Op de tijdlijn zetten' }).count()).toBe(0);
    } finally {
      writer.destroy();
    }
  });
});
