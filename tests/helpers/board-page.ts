import type { BrowserContext, Page } from 'playwright-core';

/** The tldraw Editor the page exposes as `window.editor` (README, "The board client"), seen from a test. */
export interface EditorHandle {
  getCurrentPageShapes(): { id: string; type: string; x: number; y: number }[];
  createShape(shape: { id?: string; type: string; x: number; y: number; props?: Record<string, unknown> }): unknown;
  updateShape(shape: { id: string; type: string; x?: number; y?: number }): unknown;
  getInstanceState(): { isReadonly: boolean };
  getCurrentToolId(): string;
  pageToViewport(point: { x: number; y: number }): { x: number; y: number };
  getContainer(): HTMLElement;
}

declare global {
  interface Window {
    editor?: unknown;
  }
}

/**
 * Opens a board link the way a participant does: the page loads, the join dialog asks for
 * a name and a domain, and the editor mounts (`window.editor` is set).
 */
export async function openBoard(context: BrowserContext, link: string, name: string, domainKey = 'welfare'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(link);
  await joinIfAsked(page, name, domainKey);
  return page;
}

export async function joinIfAsked(page: Page, name: string, domainKey = 'welfare'): Promise<void> {
  const nameField = page.getByLabel(/Je naam|Your name/);
  const editorReady = page.waitForFunction(() => Boolean(window.editor), null, { timeout: 30_000 });
  const asked = await Promise.race([nameField.waitFor({ timeout: 30_000 }).then(() => true), editorReady.then(() => false)]);
  if (asked) {
    await nameField.fill(name);
    await page.getByRole('combobox').selectOption(domainKey);
    await page.getByRole('button', { name: /Meedoen|Join/ }).click();
  }
  await editorReady;
}

/** Shapes on the current page, read through `window.editor`. */
export function shapesOf(page: Page): Promise<{ id: string; type: string; x: number; y: number }[]> {
  return page.evaluate(() => (window.editor as EditorHandle).getCurrentPageShapes().map(({ id, type, x, y }) => ({ id, type, x, y })));
}

export function createGeo(page: Page, id: string, x: number, y: number): Promise<void> {
  return page.evaluate(
    ([shapeId, px, py]) => {
      (window.editor as EditorHandle).createShape({ id: shapeId, type: 'geo', x: px, y: py, props: { w: 160, h: 100, geo: 'rectangle' } });
    },
    [id, x, y] as const,
  );
}

/** Where a page point is on screen, for real mouse input on the canvas. */
export async function screenPoint(page: Page, point: { x: number; y: number }): Promise<{ x: number; y: number }> {
  return page.evaluate((p) => {
    const editor = window.editor as EditorHandle;
    const viewport = editor.pageToViewport(p);
    const rect = editor.getContainer().getBoundingClientRect();
    return { x: rect.left + viewport.x, y: rect.top + viewport.y };
  }, point);
}

/** Drags with the mouse from one page point to another, the way a participant does. */
export async function dragOnCanvas(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const start = await screenPoint(page, from);
  const end = await screenPoint(page, to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}
