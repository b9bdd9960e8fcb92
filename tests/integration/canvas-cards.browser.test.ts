import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface CardsEditor {
  createShape(shape: Record<string, unknown>): unknown;
  createBindings(bindings: Record<string, unknown>[]): unknown;
  updateShape(shape: Record<string, unknown>): unknown;
  setCamera(camera: { x: number; y: number; z: number }): unknown;
  getShape(id: string): unknown;
  getShapeUtil(type: string): { getAriaDescriptor(shape: unknown): string | undefined };
  getSvgString(ids: string[]): Promise<{ svg: string } | undefined>;
}

/** An opportunity linked by arrows to the welfare and the poverty domain (both orange once) and to sewerage. */
async function linkedOpportunity(page: Page): Promise<void> {
  await page.evaluate(() => {
    const editor = window.editor as CardsEditor;
    editor.createShape({ id: 'shape:welfare', type: 'domain', x: 0, y: 0, props: { domain: 'welfare' } });
    editor.createShape({ id: 'shape:poverty', type: 'domain', x: 0, y: 160, props: { domain: 'poverty-debt' } });
    editor.createShape({ id: 'shape:sewer', type: 'domain', x: 0, y: 320, props: { domain: 'sewerage-water' } });
    editor.createShape({ id: 'shape:o', type: 'opportunity', x: 400, y: 120, props: { title: 'Energiecoach via het wijkteam', benefits: ['Lagere energierekening', 'Contact met bewoners'], risks: [{ risk: 'Wachtlijst', mitigation: '' }] } });
    for (const target of ['shape:welfare', 'shape:poverty', 'shape:sewer']) {
      const arrow = `shape:arrow-${target.slice(6)}`;
      editor.createShape({ id: arrow, type: 'arrow', x: 0, y: 0, props: { start: { x: 0, y: 0 }, end: { x: 100, y: 100 } } });
      editor.createBindings([
        { type: 'arrow', fromId: arrow, toId: 'shape:o', props: { terminal: 'start', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false } },
        { type: 'arrow', fromId: arrow, toId: target, props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false } },
      ]);
    }
    editor.setCamera({ x: 40, y: 40, z: 1 });
  });
}

const chipsOf = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-shape-id="shape:o"] .kb-chip')].map((chip) => ({
      domain: chip.dataset['domain'],
      text: chip.textContent,
      title: chip.title,
      background: getComputedStyle(chip).backgroundColor,
    })),
  );

describe('Canvas: what an opportunity card tells', () => {
  it('shows how many benefits and risks it has, and a chip per linked domain that can be told apart by colour, letters and name', async () => {
    const board = await fixture.server.createBoard('Wijk Zuidwest');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'welfare');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram', 'sewerage-water');
    await linkedOpportunity(anne);
    await bram.evaluate(() => {
      (window.editor as CardsEditor).setCamera({ x: 40, y: 40, z: 1 });
    });

    const weighing = bram.locator('[data-shape-id="shape:o"] .kb-card__weighing');
    await waitFor(async () => (await weighing.innerText().catch(() => '')) === '2 baten · 1 risico', 'the benefits and risks on the card at Bram', 15_000);

    // A screen reader hears it too, when the card is selected.
    const announced = await bram.evaluate(() => {
      const editor = window.editor as CardsEditor;
      return editor.getShapeUtil('opportunity').getAriaDescriptor(editor.getShape('shape:o'));
    });
    expect(announced).toMatch(/^Koppelkans: Energiecoach via het wijkteam, Idee, 2 baten · 1 risico, gekoppeld aan /);
    await waitFor(async () => (await chipsOf(bram)).length === 3, 'three domain chips at Bram', 15_000);
    const chips = await chipsOf(bram);
    expect(chips.map(({ domain, text, title }) => ({ domain, text, title })).sort((a, b) => String(a.domain).localeCompare(String(b.domain)))).toEqual([
      { domain: 'poverty-debt', text: 'Ar', title: 'Armoede & schuldhulp' },
      { domain: 'sewerage-water', text: 'RW', title: 'Riolering & water' },
      { domain: 'welfare', text: 'Wz', title: 'Welzijn & wijkteams' },
    ]);
    expect(new Set(chips.map((chip) => chip.background)).size).toBe(3);
    // The SVG export says the same: one line with status and weighing, and the lettered chips.
    const svg = await bram.evaluate(async () => (await (window.editor as CardsEditor).getSvgString(['shape:o']))?.svg ?? '');
    expect(svg).toContain('Idee · 2 baten · 1 risico');
    for (const letters of ['>Wz<', '>Ar<', '>RW<']) expect(svg).toContain(letters);

    // A change to the weighing shows at once; without benefits or risks the line goes.
    await anne.evaluate(() => {
      (window.editor as CardsEditor).updateShape({ id: 'shape:o', type: 'opportunity', props: { benefits: [], risks: [{ risk: 'Wachtlijst', mitigation: '' }, { risk: 'Privacy', mitigation: 'AVG-toets' }] } });
    });
    await waitFor(async () => (await weighing.innerText().catch(() => '')) === '2 risico’s', 'two risks at Bram', 15_000);
    await anne.evaluate(() => {
      (window.editor as CardsEditor).updateShape({ id: 'shape:o', type: 'opportunity', props: { risks: [] } });
    });
    await waitFor(async () => (await weighing.count()) === 0, 'no weighing line at Bram', 15_000);
  });
});
