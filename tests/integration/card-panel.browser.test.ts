import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { dragOnCanvas, openBoard } from '../helpers/board-page.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext } = fixture;

interface ShapeSeen {
  id: string;
  type: string;
  x: number;
  y: number;
  isLocked: boolean;
  parentId: string;
  meta: Record<string, unknown>;
  props: Record<string, unknown>;
}

interface PanelEditor {
  getOnlySelectedShape(): { id: string } | null;
  getShape(id: string): ShapeSeen | undefined;
  getCurrentPageShapes(): ShapeSeen[];
  getSelectedShapeIds(): string[];
  getBindingsToShape(id: string, type: string): { fromId: string }[];
  select(...ids: string[]): unknown;
  selectNone(): unknown;
  createShape(shape: Record<string, unknown>): unknown;
  reparentShapes(ids: string[], parentId: string): unknown;
  updateShape(shape: Record<string, unknown>): unknown;
  zoomToFit(): unknown;
  getSvgString(ids: string[]): Promise<{ svg: string } | undefined>;
  toImage(ids: string[], options: { format: 'png' }): Promise<{ blob: Blob; width: number; height: number }>;
  pageToViewport(point: { x: number; y: number }): { x: number; y: number };
  getContainer(): HTMLElement;
}

const selectedId = (page: Page) => page.evaluate(() => (window.editor as PanelEditor).getOnlySelectedShape()?.id ?? null);
const shapeAt = (page: Page, id: string) => page.evaluate((shapeId) => (window.editor as PanelEditor).getShape(shapeId) ?? null, id);
const shapesOfType = (page: Page, type: string) => page.evaluate((t) => (window.editor as PanelEditor).getCurrentPageShapes().filter((shape) => shape.type === t), type);
/** Ids of the cards the opportunity is linked to by arrows bound at both ends. */
const linkedTo = (page: Page, id: string) =>
  page.evaluate((opportunityId) => {
    const editor = window.editor as PanelEditor & { getBindingsFromShape(id: string, type: string): { toId: string }[] };
    const ids = new Set<string>();
    for (const binding of editor.getBindingsToShape(opportunityId, 'arrow')) {
      for (const end of editor.getBindingsFromShape(binding.fromId, 'arrow')) if (end.toId !== opportunityId) ids.add(end.toId);
    }
    return [...ids].sort();
  }, id);

/** Clicks a toolbar button and returns the id of the card it made (selected, with its form open). */
async function addFromToolbar(page: Page, name: string): Promise<string> {
  const before = await selectedId(page);
  await page.getByRole('toolbar', { name: 'Kaarten toevoegen' }).getByRole('button', { name }).click();
  let id: string | null = null;
  await waitFor(async () => {
    id = await selectedId(page);
    return id !== null && id !== before;
  }, `a new card from "${name}"`);
  return id as unknown as string;
}

describe('the card panel and template toolbar', () => {
  it('every field of domain, organisation and opportunity cards is edited with labelled controls and reaches the other participant', async () => {
    const board = await fixture.server.createBoard('Kaarten bewerken');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'sewerage-water');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram');
    const pageErrors: string[] = [];
    for (const page of [anne, bram]) page.on('pageerror', (error) => pageErrors.push(error.message));

    // A domain card from the toolbar starts as Anne's own domain, with its form open and focused.
    const domainId = await addFromToolbar(anne, '+ Beleidsdomein');
    const form = anne.getByRole('form', { name: 'Beleidsdomein' });
    await form.waitFor();
    expect(await anne.getByRole('tab', { name: 'Kaart' }).getAttribute('aria-selected')).toBe('true');
    expect(await form.getByLabel('Domein', { exact: true }).evaluate((select) => select === document.activeElement)).toBe(true);
    expect(await form.getByLabel('Domein', { exact: true }).inputValue()).toBe('sewerage-water');
    await form.getByLabel('Domein', { exact: true }).selectOption('public-space');
    await form.getByLabel('Contactpersoon / afdeling').fill('Karin, Beheer openbare ruimte');
    await form.getByLabel('Ambities en prioriteiten').fill('Klimaatadaptief inrichten bij elke herinrichting');
    await form.getByLabel('Raadpleging').selectOption('consulted');
    // "Consulted" records a date, which can be changed.
    await waitFor(async () => /^\d{1,2}-\d{1,2}-\d{4}$/.test(await form.getByLabel('Geraadpleegd op').inputValue()), 'the consultation date, day first');
    await form.getByLabel('Geraadpleegd op').fill('20-11-2026');
    // Backspace in a field edits the field; it does not delete the selected card.
    await form.getByLabel('Contactpersoon / afdeling').press('End');
    await form.getByLabel('Contactpersoon / afdeling').press('Backspace');
    await form.getByLabel('Contactpersoon / afdeling').type('m');
    // A custom domain is allowed too ("Anders, namelijk…") — set and then set back.
    await form.getByLabel('Domein', { exact: true }).selectOption({ label: 'Anders, namelijk…' });
    await form.getByLabel('Eigen domein').fill('Buurtbus');
    await waitFor(async () => (await shapeAt(anne, domainId))?.props['domain'] === 'Buurtbus', 'the custom domain');
    await form.getByLabel('Domein', { exact: true }).selectOption('public-space');

    const organisationId = await addFromToolbar(anne, '+ Organisatie');
    const orgForm = anne.getByRole('form', { name: 'Organisatie' });
    await orgForm.getByLabel('Naam').fill('Basisschool De Regenboog');
    await orgForm.getByLabel('Soort organisatie').selectOption('school');
    await orgForm.getByLabel('Raadpleging').selectOption('invited');

    const opportunityId = await addFromToolbar(anne, '+ Koppelkans');
    const oppForm = anne.getByRole('form', { name: 'Koppelkans' });
    // The title has the focus: typing replaces the placeholder title.
    await anne.keyboard.press('Control+A');
    await anne.keyboard.type('Groene schoolpleinen bij rioolvervanging');
    await oppForm.getByLabel('Omschrijving').fill('Afkoppelen van regenwater en vergroenen van het plein in één keer.');
    await oppForm.getByRole('checkbox', { name: /Openbare ruimte & beheer/ }).check();
    await oppForm.getByRole('checkbox', { name: /Basisschool De Regenboog/ }).check();
    await oppForm.getByRole('button', { name: 'Baat toevoegen' }).click();
    await oppForm.getByLabel('Baat 1', { exact: true }).fill('Minder wateroverlast');
    await oppForm.getByRole('button', { name: 'Baat toevoegen' }).click();
    await oppForm.getByLabel('Baat 2', { exact: true }).fill('Speelruimte voor kinderen');
    await oppForm.getByRole('button', { name: 'Risico toevoegen' }).click();
    await oppForm.getByLabel('Risico 1', { exact: true }).fill('Planning school loopt niet gelijk');
    await oppForm.getByLabel('Beheersmaatregel bij risico 1').fill('Vroeg afstemmen met schoolbestuur');
    await oppForm.getByLabel('Koppelmoment').selectOption('year');
    // Out of range: announced, not written.
    await oppForm.getByLabel('Jaar').fill('1999');
    await oppForm.getByText('Een jaar van 2000 tot en met 2100.').waitFor();
    await oppForm.getByLabel('Jaar').fill('2031');
    await oppForm.getByLabel('Effect op woonlasten').selectOption('lower');
    await oppForm.getByRole('checkbox', { name: 'A', exact: true }).check();
    await oppForm.getByRole('checkbox', { name: 'C', exact: true }).check();
    await oppForm.getByLabel('Status').selectOption('parked');
    await oppForm.getByLabel('Reden om te parkeren').fill('Wacht op schoolbestuur');
    await oppForm.getByLabel('Trekker').fill('Karin');
    await oppForm.getByLabel('Volgende stap').fill('Gesprek plannen');
    await oppForm.getByRole('button', { name: 'Stem op deze kans' }).click();
    // Text limits: the field stops at the validator's limit.
    await oppForm.getByLabel('Volgende stap').fill('x'.repeat(400));
    expect((await oppForm.getByLabel('Volgende stap').inputValue()).length).toBe(300);
    await oppForm.getByLabel('Volgende stap').fill('Gesprek plannen');

    // Everything arrives at Bram as stored props, links as bound arrows.
    const expectedOpportunity = {
      title: 'Groene schoolpleinen bij rioolvervanging',
      description: 'Afkoppelen van regenwater en vergroenen van het plein in één keer.',
      benefits: ['Minder wateroverlast', 'Speelruimte voor kinderen'],
      risks: [{ risk: 'Planning school loopt niet gelijk', mitigation: 'Vroeg afstemmen met schoolbestuur' }],
      timing: 'year',
      timingYear: 2031,
      housingCost: 'lower',
      tracks: ['A', 'C'],
      status: 'parked',
      parkedReason: 'Wacht op schoolbestuur',
      owner: 'Karin',
      nextAction: 'Gesprek plannen',
    };
    await waitFor(async () => {
      const seen = await shapeAt(bram, opportunityId);
      return seen !== null && Object.entries(expectedOpportunity).every(([key, value]) => JSON.stringify(seen.props[key]) === JSON.stringify(value)) && (seen.props['voters'] as string[]).length === 1;
    }, 'the opportunity fields at Bram', 15_000);
    await waitFor(async () => JSON.stringify(await linkedTo(bram, opportunityId)) === JSON.stringify([domainId, organisationId].sort()), 'both links at Bram', 15_000);
    const domain = await shapeAt(bram, domainId);
    expect(domain?.props).toMatchObject({ domain: 'public-space', contact: 'Karin, Beheer openbare ruimtm', ambitions: 'Klimaatadaptief inrichten bij elke herinrichting', consultation: 'consulted', consultedOn: '2026-11-20' });
    expect((await shapeAt(bram, organisationId))?.props).toMatchObject({ name: 'Basisschool De Regenboog', kind: 'school', consultation: 'invited' });
    // The card at Bram shows the linked domain's chip; Bram's register row lists the domain and the organisation.
    await waitFor(async () => (await bram.locator('.kb-chip').count()) === 1, 'the domain chip at Bram');
    await bram.getByRole('tab', { name: 'Register' }).click();
    await waitFor(async () => /Openbare ruimte & beheer/.test(await bram.locator(`tr[data-opportunity="${opportunityId}"]`).innerText().catch(() => '')), 'the register row at Bram');

    // Unticking the organisation removes the arrow everywhere; the domain link stays.
    await oppForm.getByRole('checkbox', { name: /Basisschool De Regenboog/ }).uncheck();
    await waitFor(async () => JSON.stringify(await linkedTo(bram, opportunityId)) === JSON.stringify([domainId]), 'the organisation unlinked at Bram', 15_000);
    // Withdrawing the vote.
    await oppForm.getByRole('button', { name: 'Stem op deze kans' }).click();
    await waitFor(async () => ((await shapeAt(bram, opportunityId))?.props['voters'] as string[]).length === 0, 'the vote withdrawn at Bram', 15_000);
    expect(pageErrors).toEqual([]);
  });

  it('a double-click or Enter on a card opens its fields with the focus in the first one; Escape hands the keyboard back to the board', async () => {
    const board = await fixture.server.createBoard('Toetsenbord');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    await anne.evaluate(() => {
      const editor = window.editor as PanelEditor;
      editor.createShape({ id: 'shape:kaart', type: 'organisation', x: 100, y: 100, props: { name: 'Woonstede' } });
      editor.createShape({ id: 'shape:kans', type: 'opportunity', x: 500, y: 100, props: { title: 'Buurtwarmte' } });
    });
    // The side panel's tabs follow the ARIA pattern: arrow keys move between them.
    await anne.getByRole('tab', { name: 'Deelnemers' }).focus();
    await anne.keyboard.press('ArrowRight');
    expect(await anne.getByRole('tab', { name: 'Register' }).getAttribute('aria-selected')).toBe('true');
    expect(await anne.getByRole('tab', { name: 'Register' }).evaluate((tab) => tab === document.activeElement)).toBe(true);
    // The register tab is open; a double-click on the organisation card still brings up its fields.
    const middle = await anne.evaluate(() => {
      const editor = window.editor as PanelEditor;
      const viewport = editor.pageToViewport({ x: 210, y: 165 });
      const rect = editor.getContainer().getBoundingClientRect();
      return { x: rect.left + viewport.x, y: rect.top + viewport.y };
    });
    await anne.mouse.move(middle.x - 20, middle.y - 10);
    await anne.mouse.move(middle.x, middle.y, { steps: 3 });
    await anne.mouse.dblclick(middle.x, middle.y);
    const name = anne.getByRole('form', { name: 'Organisatie' }).getByLabel('Naam');
    // … and nothing else happens: no text shape is put on the card.
    expect((await anne.evaluate(() => (window.editor as PanelEditor).getCurrentPageShapes())).map((shape) => shape.type).sort()).toEqual(['opportunity', 'organisation']);
    await waitFor(() => name.evaluate((input) => input === document.activeElement).catch(() => false), 'the focus in the name field');
    expect(await anne.getByRole('tab', { name: 'Kaart' }).getAttribute('aria-selected')).toBe('true');

    // Escape: back to the board, the card still selected; Tab selects the next card, Enter opens it.
    await anne.keyboard.press('Escape');
    await waitFor(() => anne.evaluate(() => (window.editor as PanelEditor).getContainer().contains(document.activeElement)), 'the focus back on the board');
    expect(await selectedId(anne)).toBe('shape:kaart');
    await anne.keyboard.press('Tab');
    await waitFor(async () => (await selectedId(anne)) === 'shape:kans', 'the opportunity selected with Tab');
    // A screen reader hears what the card is, not just "shape".
    await waitFor(async () => /Koppelkans: Buurtwarmte, Idee/.test(await anne.locator('[role="status"][aria-live]').allInnerTexts().then((texts) => texts.join(' '))), 'the card announced');
    await anne.keyboard.press('Enter');
    const title = anne.getByRole('form', { name: 'Koppelkans' }).getByLabel('Titel');
    await waitFor(() => title.evaluate((input) => input === document.activeElement).catch(() => false), 'the focus in the title field');
    await anne.keyboard.press('End');
    await anne.keyboard.type(' Noord');
    await waitFor(async () => (await shapeAt(anne, 'shape:kans'))?.props['title'] === 'Buurtwarmte Noord', 'the title typed');
    // One undo step per field visit: back on the board, Ctrl+Z takes the whole typing back.
    await anne.keyboard.press('Escape');
    await anne.keyboard.press('Control+z');
    await waitFor(async () => (await shapeAt(anne, 'shape:kans'))?.props['title'] === 'Buurtwarmte', 'the typing undone in one step');
  });

  it('two participants typing into different fields of the same card at once both keep every character', async () => {
    const board = await fixture.server.createBoard('Samen typen');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram');
    const id = await addFromToolbar(anne, '+ Koppelkans');
    await waitFor(async () => (await shapeAt(bram, id)) !== null, 'the card at Bram');
    await bram.evaluate((shapeId) => {
      (window.editor as PanelEditor).select(shapeId);
    }, id);
    const title = anne.getByRole('form', { name: 'Koppelkans' }).getByLabel('Titel');
    const description = bram.getByRole('form', { name: 'Koppelkans' }).getByLabel('Omschrijving');
    await title.fill('');
    await description.focus();
    const typedTitle = 'Zonnepanelen op de sporthal';
    const typedDescription = 'Samen met de sportvereniging en de energiecoöperatie';
    // Keystrokes interleave: each participant's card record changes while the other's edit is on its way.
    await Promise.all([title.pressSequentially(typedTitle, { delay: 15 }), description.pressSequentially(typedDescription, { delay: 15 })]);
    for (const page of [anne, bram]) {
      await waitFor(async () => {
        const props = (await shapeAt(page, id))?.props;
        return props?.['title'] === typedTitle && props['description'] === typedDescription;
      }, 'both fields complete', 15_000);
    }
  });

  it('a viewer sees the card fields read-only and no toolbar', async () => {
    const board = await fixture.server.createBoard('Meekijken');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    const opportunityId = await addFromToolbar(anne, '+ Koppelkans');
    const viewer = await openBoard(await newContext(), board.links.view, 'Vera');
    await waitFor(async () => (await shapeAt(viewer, opportunityId)) !== null, 'the card at the viewer');
    expect(await viewer.getByRole('toolbar', { name: 'Kaarten toevoegen' }).count()).toBe(0);
    await viewer.evaluate((id) => {
      (window.editor as PanelEditor).select(id);
    }, opportunityId);
    const form = viewer.getByRole('form', { name: 'Koppelkans' });
    await form.waitFor();
    expect(await form.getByLabel('Titel').isDisabled()).toBe(true);
    expect(await form.getByRole('button', { name: 'Stem op deze kans' }).isDisabled()).toBe(true);
  });

  it('the starter template is inserted from the toolbar, its scaffolding locked, while opportunities still move inside the quadrant', async () => {
    const board = await fixture.server.createBoard('Sjabloon');
    // Anne is the owner: only the owner may unlock the template (the server puts an editor's change back).
    const anne = await openBoard(await newContext(), `${fixture.server.url}/b/${board.id}#token=${board.ownerToken}`, 'Anne');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram');
    await anne.getByRole('button', { name: 'Sjabloon invoegen' }).click();
    await waitFor(async () => (await shapesOfType(bram, 'domain')).length === 9 && (await shapesOfType(bram, 'quadrant')).length === 1, 'the template at Bram', 15_000);

    // Inserted locked: the button offers to unlock, the status says it is locked.
    const lock = anne.getByRole('button', { name: /^Sjabloon (losmaken|vastzetten)$/ });
    expect(await lock.innerText()).toBe('Sjabloon losmaken');
    expect(await anne.locator('[data-scaffold-state]').innerText()).toBe('Sjabloon staat vast');
    const [quadrant] = await shapesOfType(anne, 'quadrant');
    if (!quadrant) throw new Error('no quadrant');
    const scaffold = (await anne.evaluate(() => (window.editor as PanelEditor).getCurrentPageShapes())).filter((shape) => shape.meta['scaffold'] === true && shape.type !== 'quadrant' && shape.type !== 'timeline');
    expect(scaffold.length).toBeGreaterThanOrEqual(3);
    expect(scaffold.every((shape) => shape.isLocked)).toBe(true);

    // The pinned quadrant can't be selected, so not dragged: a drag on its edge leaves it in place.
    await anne.evaluate(() => {
      (window.editor as PanelEditor).zoomToFit();
    });
    const w = quadrant.props['w'] as number;
    const h = quadrant.props['h'] as number;
    await anne.evaluate((id) => {
      (window.editor as PanelEditor).select(id);
    }, quadrant.id);
    expect(await anne.evaluate(() => (window.editor as PanelEditor).getSelectedShapeIds())).toEqual([]);
    await dragOnCanvas(anne, { x: quadrant.x, y: quadrant.y + h * 0.5 }, { x: quadrant.x + 300, y: quadrant.y + h * 0.5 + 200 });
    expect(await shapeAt(anne, quadrant.id)).toMatchObject({ x: quadrant.x, y: quadrant.y });

    // An opportunity in the pinned quadrant is dragged from "park" (bottom right) to "win-win" (top left).
    await anne.evaluate(
      ([id, q]) => {
        const editor = window.editor as PanelEditor;
        editor.createShape({ id, type: 'opportunity', x: 0, y: 0, props: { title: 'Warmtenet' } });
        editor.reparentShapes([id], q);
        editor.updateShape({ id, type: 'opportunity', x: 0, y: 0 });
        editor.selectNone();
      },
      ['shape:kans', quadrant.id] as const,
    );
    await anne.evaluate(
      ([id, x, y]) => {
        (window.editor as PanelEditor).updateShape({ id, type: 'opportunity', x, y });
      },
      ['shape:kans', w * 0.75 - 120, h * 0.75 - 75] as const,
    );
    await waitFor(() => bram.locator('[data-quadrant-class="park"]').count(), 'the park badge at Bram', 15_000);
    await dragOnCanvas(anne, { x: quadrant.x + w * 0.75, y: quadrant.y + h * 0.75 }, { x: quadrant.x + w * 0.25, y: quadrant.y + h * 0.25 });
    await waitFor(() => bram.locator('[data-quadrant-class="win-win"]').count(), 'the win-win badge at Bram after the drag', 15_000);
    expect((await shapeAt(bram, 'shape:kans'))?.parentId).toBe(quadrant.id);

    // Unlocking makes the scaffolding movable again, for everyone.
    await lock.click();
    await waitFor(async () => (await lock.innerText()) === 'Sjabloon vastzetten', 'the lock released');
    expect(await anne.locator('[data-scaffold-state]').innerText()).toBe('Sjabloon is los');
    await waitFor(async () => (await shapeAt(bram, quadrant.id))?.meta['pinned'] === false, 'the quadrant unpinned at Bram', 15_000);
    await anne.evaluate((id) => {
      (window.editor as PanelEditor).select(id);
    }, quadrant.id);
    expect(await anne.evaluate(() => (window.editor as PanelEditor).getSelectedShapeIds())).toEqual([quadrant.id]);
    expect((await bram.evaluate(() => (window.editor as PanelEditor).getCurrentPageShapes())).filter((shape) => shape.meta['scaffold'] === true).every((shape) => !shape.isLocked)).toBe(true);
    // … and the same drag as before now moves the quadrant (so the drag above did aim at it).
    await anne.evaluate(() => {
      (window.editor as PanelEditor).selectNone();
    });
    await dragOnCanvas(anne, { x: quadrant.x, y: quadrant.y + h * 0.5 }, { x: quadrant.x + 300, y: quadrant.y + h * 0.5 + 200 });
    await waitFor(async () => (await shapeAt(bram, quadrant.id))?.x !== quadrant.x, 'the unlocked quadrant moved at Bram', 15_000);
  });

  it('SVG and PNG exports render the cards with their colours, chips and quadrant badge, in the participant’s language', async () => {
    const board = await fixture.server.createBoard('Export');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne');
    const svg = await anne.evaluate(async () => {
      const editor = window.editor as PanelEditor & { createBindings(bindings: Record<string, unknown>[]): unknown };
      editor.createShape({ id: 'shape:d', type: 'domain', x: 0, y: 0, props: { domain: 'sewerage-water', consultation: 'consulted', consultedOn: '2026-11-02' } });
      editor.createShape({ id: 'shape:q', type: 'quadrant', x: 400, y: 0, props: { w: 800, h: 600 } });
      editor.createShape({ id: 'shape:o', type: 'opportunity', x: 0, y: 300, props: { title: 'Warmtenet bij rioolvervanging', status: 'agreed' } });
      editor.createShape({ id: 'shape:a', type: 'arrow', x: 0, y: 0, props: { start: { x: 0, y: 0 }, end: { x: 10, y: 10 } } });
      editor.createBindings([
        { type: 'arrow', fromId: 'shape:a', toId: 'shape:o', props: { terminal: 'start', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false } },
        { type: 'arrow', fromId: 'shape:a', toId: 'shape:d', props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false } },
      ]);
      editor.reparentShapes(['shape:o'], 'shape:q');
      editor.updateShape({ id: 'shape:o', type: 'opportunity', x: 60, y: 60 });
      return (await editor.getSvgString(['shape:d', 'shape:q', 'shape:o', 'shape:a']))?.svg ?? '';
    });
    expect(svg).toContain('Riolering &amp; water');
    expect(svg).toContain('Geraadpleegd 2-11-2026');
    // The title wraps as it does on the card (SVG text does not wrap by itself).
    expect(svg).toMatch(/>Warmtenet bij<\/text>[\s\S]*>rioolvervanging<\/text>/);
    expect(svg).toContain('Afgesproken');
    expect(svg).toContain('Win-win — koppelen');
    // The win-win badge colour, and the sewerage domain's blue as card edge and chip.
    expect(svg).toContain('#d3f9d8');
    expect(svg.split('#4465e9').length - 1).toBeGreaterThanOrEqual(2);
    expect(svg).not.toContain('foreignObject');
    // A title too long for the card wraps onto two lines and is cut with an ellipsis, as on the canvas.
    const longTitle = 'Gezamenlijke aanpak van rioolvervanging, warmtenet, vergroening en sociale huurwoningen in de hele wijk';
    const titleLines = await anne.evaluate(async (title) => {
      const editor = window.editor as PanelEditor;
      editor.updateShape({ id: 'shape:o', type: 'opportunity', props: { title } });
      const exported = (await editor.getSvgString(['shape:o']))?.svg ?? '';
      const texts = [...new DOMParser().parseFromString(exported, 'image/svg+xml').querySelectorAll('text[font-size="16"]')];
      return texts.map((text) => text.textContent ?? '');
    }, longTitle);
    expect(titleLines).toHaveLength(2);
    expect(titleLines[1]?.endsWith('…')).toBe(true);
    expect(longTitle.startsWith(titleLines[0] ?? 'x')).toBe(true);
    await anne.evaluate(() => {
      (window.editor as PanelEditor).updateShape({ id: 'shape:o', type: 'opportunity', props: { title: 'Warmtenet bij rioolvervanging' } });
    });

    const png = await anne.evaluate(async () => {
      const { blob, width, height } = await (window.editor as PanelEditor).toImage(['shape:d', 'shape:q', 'shape:o'], { format: 'png' });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      return { signature: [...bytes.slice(0, 8)], width, height, size: bytes.length };
    });
    expect(png.signature).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.width).toBeGreaterThan(800);
    expect(png.size).toBeGreaterThan(5_000);

    // Cards speak the participant's language, on the canvas and in exports.
    await anne.getByRole('button', { name: 'English' }).click();
    await waitFor(async () => (await anne.locator('[data-quadrant-class="win-win"]').innerText().catch(() => '')) === 'Win-win — couple', 'the English badge');
    expect(await anne.getByText('Policy domain', { exact: true }).count()).toBe(1);
    const englishSvg = await anne.evaluate(async () => (await (window.editor as PanelEditor).getSvgString(['shape:d', 'shape:o']))?.svg ?? '');
    expect(englishSvg).toContain('Sewerage &amp; water');
    expect(englishSvg).toContain('Consulted 2/11/2026');
    expect(englishSvg).toContain('Win-win — couple');
  });
});
