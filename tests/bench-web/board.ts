/**
 * Pages on a board: a browser context that is a returning participant (profile and token in
 * localStorage, so no join dialog), a probe that timestamps the load milestones in the page
 * itself, and seeding of a big board through `window.editor` (the Koppelkansen board's seed is
 * in koppel.ts).
 *
 * Functions passed to `page.evaluate`/`addInitScript` run in the page: they are serialised
 * with Function#toString, so they reference nothing outside their own body.
 */
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import type { CreateBoardResponse } from '@koppelbord/contract';
import { tokenOf } from '../helpers/server.ts';

/** The slice of tldraw's Editor (`window.editor`, README "The board client") the benchmark uses in the page. */
export interface BenchEditor {
  getCurrentPageShapeIds(): Set<string>;
  getRenderingShapes(): unknown[];
  getCulledShapes(): Set<string>;
  getShape(id: string): { id: string; type: string; x: number; y: number } | undefined;
  getBindingsInvolvingShape(id: string): unknown[];
  getZoomLevel(): number;
  run(fn: () => void): void;
  createShapes(shapes: Record<string, unknown>[]): unknown;
  createBindings(bindings: Record<string, unknown>[]): unknown;
  updateShape(partial: { id: string; type: string; x?: number; y?: number }): unknown;
  zoomToFit(options?: Record<string, unknown>): unknown;
  getCurrentPageId(): string;
  getCamera(): { x: number; y: number; z: number };
  setCamera(point: { x: number; y: number; z?: number }, options?: Record<string, unknown>): unknown;
  getViewportScreenBounds(): { x: number; y: number; w: number; h: number };
  getCameraState(): 'idle' | 'moving';
}

/**
 * What "fully rendered" means for a board: at least `shapes` shape elements in the DOM, and
 * optionally at least so many elements matching each selector (e.g. the cards' chips).
 */
export interface ProbeExpectation {
  shapes: number;
  selectors?: Record<string, number>;
}

/** What the load probe leaves in `window.__kbBench`, times in ms since navigation start. */
export interface ProbeMarks {
  expected: number;
  /** Extra elements the probe waited for (selector → count), and how many there were at `paintedMs`. */
  selectors: Record<string, number>;
  selectorCounts?: Record<string, number>;
  /** `window.editor` set (tldraw mounted). */
  editorMs?: number;
  /** The store holds ≥ expected shapes on the current page. */
  storeMs?: number;
  /** ≥ expected shape elements (and the expected selector matches) are in the DOM (tldraw mounts every shape, culled ones hidden). */
  domMs?: number;
  /** Two animation frames after `domMs`: at least one paint has happened with them all. */
  paintedMs?: number;
  /** `document.fonts.ready` resolved (after the editor mounted). */
  fontsReadyMs?: number;
  storeShapes?: number;
  domShapes?: number;
  renderingShapes?: number;
  culledShapes?: number;
  /** Shape elements at `paintedMs` not hidden by culling. */
  visibleDomShapes?: number;
  errorBoundaries?: number;
  fontStatus?: string;
  /** Animation frames the probe saw between `editorMs` and `paintedMs` (checks rAF is not throttled). */
  frames: number;
  /** When the app assigned `window.editor` (tldraw's onMount), and how many shapes its store held then. */
  editorAssignedMs?: number;
  shapesAtEditorAssigned?: number;
  /** Long tasks (> 50 ms) of the main thread up to `paintedMs`: [start, duration] since navigation start. */
  longTasks: [number, number][];
  /** The board's WebSocket (y-websocket), seen through a WebSocket subclass. */
  ws: {
    /** Since navigation start: socket created, opened, first and latest sync message (type 0) received. */
    createdMs?: number;
    openMs?: number;
    firstSyncMs?: number;
    lastSyncBeforeEditorMs?: number;
    /** Bytes of sync messages received before the editor mounted (the doc). */
    syncBytesBeforeEditor: number;
    /** Wall-clock times (timeOrigin + now) of the latest sync messages sent / received, at most 100 each. */
    sent: number[];
    received: number[];
  };
}

export interface BenchBoard {
  board: CreateBoardResponse;
  token: string;
  url: string;
}

export const participantKey = 'koppelbord.participant';
export const tokenKey = (boardId: string): string => `koppelbord.token.${boardId}`;

/**
 * A fresh browser context (empty cache, no IndexedDB) whose localStorage already knows the
 * participant and the board's token, as after a first visit; every page in it gets the probe.
 */
export async function participantContext(browser: Browser, target: BenchBoard, name: string, expected: number | ProbeExpectation): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const participant = { id: `bench-${name}-${Math.random().toString(36).slice(2, 10)}`, name, speaksFor: 'welfare', colour: '#1971c2' };
  await context.addInitScript(
    ([entries]) => {
      for (const [key, value] of entries) localStorage.setItem(key, value);
    },
    [
      [
        [participantKey, JSON.stringify(participant)],
        [tokenKey(target.board.id), target.token],
        ['koppelbord.locale', 'en'],
      ],
    ] as const,
  );
  await context.addInitScript(installProbe, typeof expected === 'number' ? { shapes: expected } : expected);
  return context;
}

export function benchBoard(board: CreateBoardResponse, serverUrl: string): BenchBoard {
  return { board, token: tokenOf(board.links.edit), url: `${serverUrl}/b/${board.id}` };
}

/** Runs in the page at document start: timestamps every load milestone, one check per frame. */
function installProbe({ shapes: expected, selectors = {} }: ProbeExpectation): void {
  const marks: ProbeMarks = { expected, selectors, frames: 0, longTasks: [], ws: { syncBytesBeforeEditor: 0, sent: [], received: [] } };
  (window as unknown as { __kbBench: ProbeMarks }).__kbBench = marks;
  // `window.editor` as an accessor, to timestamp the assignment; it stays deletable (configurable).
  let editorValue: BenchEditor | undefined;
  Object.defineProperty(window, 'editor', {
    configurable: true,
    enumerable: true,
    get: () => editorValue,
    set: (value: BenchEditor | undefined) => {
      if (value && marks.editorAssignedMs === undefined) {
        marks.editorAssignedMs = performance.now();
        marks.shapesAtEditorAssigned = value.getCurrentPageShapeIds().size;
      }
      editorValue = value;
    },
  });
  const editorOf = () => editorValue;
  new PerformanceObserver((list) => {
    if (marks.paintedMs !== undefined) return;
    for (const entry of list.getEntries()) marks.longTasks.push([Math.round(entry.startTime), Math.round(entry.duration)]);
  }).observe({ type: 'longtask', buffered: true });
  // y-websocket message type 0 is sync (doc updates), 1 awareness. Its provider looks up the
  // global WebSocket when it connects, after this script ran.
  const remember = (list: number[]) => {
    list.push(performance.timeOrigin + performance.now());
    if (list.length > 100) list.shift();
  };
  class ProbedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      marks.ws.createdMs ??= performance.now();
      this.addEventListener('open', () => {
        marks.ws.openMs ??= performance.now();
      });
      this.addEventListener('message', (event: MessageEvent) => {
        const data = event.data;
        if (!(data instanceof ArrayBuffer) || new Uint8Array(data)[0] !== 0) return;
        remember(marks.ws.received);
        marks.ws.firstSyncMs ??= performance.now();
        if (!editorOf()) {
          marks.ws.lastSyncBeforeEditorMs = performance.now();
          marks.ws.syncBytesBeforeEditor += data.byteLength;
        }
      });
    }
    override send(data: Parameters<WebSocket['send']>[0]): void {
      if (ArrayBuffer.isView(data) && new Uint8Array(data.buffer, data.byteOffset, 1)[0] === 0) remember(marks.ws.sent);
      super.send(data);
    }
  }
  window.WebSocket = ProbedWebSocket;
  const shapeSelector = '.tl-shape[data-shape-id]:not(.tl-shape-background)';
  const tick = () => {
    const editor = editorOf();
    if (editor) {
      const now = performance.now();
      marks.frames++;
      if (marks.editorMs === undefined) {
        marks.editorMs = now;
        void document.fonts.ready.then(() => {
          marks.fontsReadyMs = performance.now();
        });
      }
      if (marks.storeMs === undefined && editor.getCurrentPageShapeIds().size >= expected) marks.storeMs = now;
      const selectorsComplete = () => Object.entries(selectors).every(([selector, count]) => document.querySelectorAll(selector).length >= count);
      if (marks.storeMs !== undefined && document.querySelectorAll(shapeSelector).length >= expected && selectorsComplete()) {
        marks.domMs = now;
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            marks.paintedMs = performance.now();
            marks.frames += 2;
            const elements = [...document.querySelectorAll<HTMLElement>(shapeSelector)];
            marks.storeShapes = editor.getCurrentPageShapeIds().size;
            marks.domShapes = elements.length;
            marks.renderingShapes = editor.getRenderingShapes().length;
            marks.culledShapes = editor.getCulledShapes().size;
            marks.visibleDomShapes = elements.filter((element) => element.style.display !== 'none').length;
            marks.errorBoundaries = document.querySelectorAll('.tl-shape-error-boundary').length;
            marks.fontStatus = document.fonts.status;
            marks.selectorCounts = Object.fromEntries(Object.keys(selectors).map((selector) => [selector, document.querySelectorAll(selector).length]));
          }),
        );
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

export function readProbe(page: Page): Promise<ProbeMarks> {
  return page.evaluate(() => ({ ...(window as unknown as { __kbBench: ProbeMarks }).__kbBench }));
}

/** What a page sets when it cannot load the board at all (the bare app, bare-load.ts): fail now, not at the timeout. */
interface LoadErrorWindow {
  __kbBench?: ProbeMarks;
  __kbLoadError?: string;
}

/** Waits until the probe has its `paintedMs` mark; throws when the page reports a load error first. */
export async function waitForPainted(page: Page, timeoutMs: number): Promise<ProbeMarks> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as LoadErrorWindow;
      return w.__kbBench?.paintedMs !== undefined || w.__kbLoadError !== undefined;
    },
    null,
    { timeout: timeoutMs, polling: 50 },
  );
  const loadError = await page.evaluate(() => (window as unknown as LoadErrorWindow).__kbLoadError);
  if (loadError !== undefined) throw new Error(`the page could not load the board: ${loadError}`);
  return readProbe(page);
}

/** Console errors and uncaught exceptions of a page, for the report. */
export function collectErrors(page: Page, into: string[]): void {
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') into.push(`console.error: ${message.text().slice(0, 300)}`);
  });
  page.on('pageerror', (error) => into.push(`pageerror: ${error.message.slice(0, 300)}`));
}

export interface SeedPlan {
  notes: number;
  geos: number;
  arrows: number;
}

export interface SeedLayout {
  /** Cells in a grid: even cells are notes, odd cells geo shapes, until one kind runs out. */
  columns: number;
  cellW: number;
  cellH: number;
}

export const seedLayout: SeedLayout = { columns: 40, cellW: 260, cellH: 220 };

/** The id the seeder gives the shape in grid cell `cell` (cell 3: a geo shape in the first row, bound to no arrow). */
export const shapeId = (cell: number): string => `shape:bench-${String(cell).padStart(5, '0')}`;

/**
 * Creates the board's content through the editor in `page`: notes and geo shapes with text on
 * a grid, and arrows each bound at both ends (tldraw arrow bindings) to two neighbouring cells.
 * Arrow k joins cell 4k to cell 4k+1, so cells 4k+2 and 4k+3 have no arrow. Chunks of 200
 * shapes per `editor.run`, with a macrotask in between so the binding can write each chunk.
 */
export async function seedBoard(page: Page, plan: SeedPlan, layout: SeedLayout = seedLayout): Promise<{ shapes: number; bindings: number }> {
  return page.evaluate(
    async ({ plan, layout }) => {
      const editor = (window as unknown as { editor: BenchEditor }).editor;
      const id = (cell: number) => `shape:bench-${String(cell).padStart(5, '0')}`;
      // tldraw's rich text (TipTap JSON); an empty paragraph has no text node at all.
      const text = (value: string) => ({ type: 'doc', content: [value ? { type: 'paragraph', content: [{ type: 'text', text: value }] } : { type: 'paragraph' }] });
      const colours = ['yellow', 'light-blue', 'light-green', 'orange', 'violet', 'light-red'];
      const geoKinds = ['rectangle', 'ellipse', 'diamond', 'hexagon', 'cloud', 'star'];
      const cells = plan.notes + plan.geos;
      const position = (cell: number) => ({ x: (cell % layout.columns) * layout.cellW, y: Math.floor(cell / layout.columns) * layout.cellH });
      let notes = 0;
      let geos = 0;
      const shapes: Record<string, unknown>[] = [];
      for (let cell = 0; cell < cells; cell++) {
        const note = geos >= plan.geos || (notes < plan.notes && cell % 2 === 0);
        const { x, y } = position(cell);
        if (note) {
          notes++;
          shapes.push({ id: id(cell), type: 'note', x, y, props: { color: colours[cell % colours.length], richText: text(`Note ${cell}: bewoners melden overlast`) } });
        } else {
          geos++;
          shapes.push({
            id: id(cell),
            type: 'geo',
            x,
            y,
            props: { geo: geoKinds[cell % geoKinds.length], w: 180, h: 120, color: 'blue', richText: text(cell % 3 === 0 ? '' : `Geo ${cell}`) },
          });
        }
      }
      const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
      for (let start = 0; start < shapes.length; start += 200) {
        const chunk = shapes.slice(start, start + 200);
        editor.run(() => editor.createShapes(chunk));
        await nextTask();
      }
      // Each arrow starts at the centre of cell 4k and ends at the centre of cell 4k+1.
      const centre = (cell: number) => {
        const shape = editor.getShape(id(cell))!;
        const size = shape.type === 'note' ? 200 : 180;
        return { x: position(cell).x + size / 2, y: position(cell).y + (shape.type === 'note' ? 100 : 60) };
      };
      let made = 0;
      for (let start = 0; start < plan.arrows; start += 100) {
        const arrows: Record<string, unknown>[] = [];
        const bindings: Record<string, unknown>[] = [];
        for (let k = start; k < Math.min(plan.arrows, start + 100); k++) {
          const from = 4 * k;
          const to = 4 * k + 1;
          if (to >= cells) break;
          const a = centre(from);
          const b = centre(to);
          const arrowId = `shape:bench-arrow-${String(k).padStart(5, '0')}`;
          arrows.push({ id: arrowId, type: 'arrow', x: a.x, y: a.y, props: { start: { x: 0, y: 0 }, end: { x: b.x - a.x, y: b.y - a.y }, color: 'grey' } });
          const anchor = { x: 0.5, y: 0.5 };
          bindings.push({ type: 'arrow', fromId: arrowId, toId: id(from), props: { terminal: 'start', normalizedAnchor: anchor, isExact: false, isPrecise: false, snap: 'none' } });
          bindings.push({ type: 'arrow', fromId: arrowId, toId: id(to), props: { terminal: 'end', normalizedAnchor: anchor, isExact: false, isPrecise: false, snap: 'none' } });
          made++;
        }
        editor.run(() => {
          editor.createShapes(arrows);
          editor.createBindings(bindings);
        });
        await nextTask();
      }
      if (made < plan.arrows) throw new Error(`only ${made} of ${plan.arrows} arrows fit between ${cells} cells`);
      return { shapes: editor.getCurrentPageShapeIds().size, bindings: made * 2 };
    },
    { plan, layout },
  );
}
