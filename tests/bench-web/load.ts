/**
 * Cold load of a big board: a fresh browser context (empty HTTP cache, no IndexedDB copy of
 * the doc) that already holds the participant's profile and token, `page.goto(board)`, and the
 * in-page probe (board.ts) timestamps every milestone up to "fully rendered":
 *
 *   every shape is in the editor's store AND every shape has its element in the DOM (tldraw
 *   mounts all shapes and hides the culled, off-screen ones with display:none) AND two
 *   animation frames have passed since, so the browser has painted the visible ones.
 *
 * The camera is where a first visit puts it: the whole board in view, never closer than 100 %
 * (board/BoardEditor.tsx), so every shape is painted, zoomed out in the cards' far level of
 * detail; a second figure, zoom-to-fit from inside the page, paints them all again.
 */
import type { Browser, Page } from 'playwright-core';
import { collectErrors, participantContext, waitForPainted, type BenchBoard, type BenchEditor, type ProbeExpectation, type ProbeMarks } from './board.ts';

export interface LoadRun {
  /** From just before `page.goto` (Node's clock) to the `painted` mark (page's clock, same machine). */
  fromGotoMs: number;
  /** Milestones in ms since the navigation started (performance.timeOrigin). */
  navigation: {
    responseEndMs: number;
    domContentLoadedMs: number;
    loadEventMs: number;
    firstContentfulPaintMs: number | null;
    /** responseEnd of the app's script (the largest .js resource). */
    scriptLoadedMs: number | null;
    /** responseEnd of GET /api/boards/:id (the access check before the socket opens). */
    boardApiMs: number | null;
    wsCreatedMs: number | null;
    wsOpenMs: number | null;
    /** The last sync message that arrived before the editor mounted: the doc is in. */
    docReceivedMs: number | null;
    /** The app assigned `window.editor` (tldraw's onMount). */
    editorAssignedMs: number | null;
    /** First animation frame with `window.editor` set. */
    editorMs: number;
    storeCompleteMs: number;
    domCompleteMs: number;
    paintedMs: number;
    fontsReadyMs: number | null;
  };
  /** Shapes in the store when `window.editor` was assigned (0: tldraw mounted before the binding loaded the doc). */
  shapesAtEditorAssigned: number | null;
  /** Main-thread long tasks until painted, [start, duration] in ms since navigation start. */
  longTasks: [number, number][];
  counts: { storeShapes: number; domShapes: number; renderingShapes: number; culledShapes: number; visibleDomShapes: number; errorBoundaries: number };
  /** Elements matching the expectation's extra selectors at the `painted` mark (e.g. the cards' domain chips). */
  selectorCounts: Record<string, number>;
  fontStatusAtPainted: string;
  /** Animation frames the probe saw from editor mount to painted. */
  frames: number;
  /** zoomToFit() until no shape is culled and two frames later: all shapes visible and painted. */
  zoomToFit: { ms: number; zoom: number; visibleDomShapes: number };
  /**
   * V8's used heap of the page after the zoom-to-fit paint and two full collections
   * (`HeapProfiler.collectGarbage`, `Runtime.getHeapUsage`): what the board costs to keep open.
   */
  jsHeapAfterGcBytes: number;
  /** Bytes the page fetched over HTTP (transfer sizes from the Resource Timing API). */
  transferredBytes: number;
  /** Bytes of sync messages (the doc) received over the WebSocket before the editor mounted. */
  docBytes: number;
}

/** `expected`: the number of shapes, or shapes plus extra elements that must be in the DOM (ProbeExpectation). */
export async function measureLoad(browser: Browser, target: BenchBoard, expected: number | ProbeExpectation, errors: string[], timeoutMs: number): Promise<LoadRun> {
  const expectedShapes = typeof expected === 'number' ? expected : expected.shapes;
  const context = await participantContext(browser, target, 'Lader', expected);
  try {
    const page = await context.newPage();
    collectErrors(page, errors);
    const t0 = performance.timeOrigin + performance.now();
    await page.goto(target.url, { waitUntil: 'commit', timeout: timeoutMs });
    const marks = await waitForPainted(page, timeoutMs);
    const nav = await navigationTimes(page);
    const fit = await zoomToFitPaint(page, expectedShapes, timeoutMs);
    const jsHeapAfterGcBytes = await heapAfterGc(page);
    return {
      fromGotoMs: nav.timeOrigin + marks.paintedMs! - t0,
      navigation: {
        responseEndMs: nav.responseEnd,
        domContentLoadedMs: nav.domContentLoaded,
        loadEventMs: nav.loadEvent,
        firstContentfulPaintMs: nav.fcp,
        scriptLoadedMs: nav.script,
        boardApiMs: nav.boardApi,
        wsCreatedMs: marks.ws.createdMs ?? null,
        wsOpenMs: marks.ws.openMs ?? null,
        docReceivedMs: marks.ws.lastSyncBeforeEditorMs ?? null,
        editorAssignedMs: marks.editorAssignedMs ?? null,
        editorMs: marks.editorMs!,
        storeCompleteMs: marks.storeMs!,
        domCompleteMs: marks.domMs!,
        paintedMs: marks.paintedMs!,
        fontsReadyMs: marks.fontsReadyMs ?? null,
      },
      shapesAtEditorAssigned: marks.shapesAtEditorAssigned ?? null,
      longTasks: marks.longTasks,
      counts: countsOf(marks),
      selectorCounts: marks.selectorCounts ?? {},
      fontStatusAtPainted: marks.fontStatus ?? 'unknown',
      frames: marks.frames,
      zoomToFit: fit,
      jsHeapAfterGcBytes,
      transferredBytes: nav.transferred,
      docBytes: marks.ws.syncBytesBeforeEditor,
    };
  } finally {
    await context.close();
  }
}

/** The page's used JS heap after two full collections (the second frees what the first left to finalizers). */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

function countsOf(marks: ProbeMarks): LoadRun['counts'] {
  return {
    storeShapes: marks.storeShapes ?? 0,
    domShapes: marks.domShapes ?? 0,
    renderingShapes: marks.renderingShapes ?? 0,
    culledShapes: marks.culledShapes ?? 0,
    visibleDomShapes: marks.visibleDomShapes ?? 0,
    errorBoundaries: marks.errorBoundaries ?? 0,
  };
}

function navigationTimes(page: Page) {
  return page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const scripts = resources.filter((resource) => resource.name.endsWith('.js')).sort((a, b) => b.transferSize - a.transferSize);
    const boardApi = resources.find((resource) => new URL(resource.name).pathname.startsWith('/api/boards/'));
    return {
      script: scripts[0]?.responseEnd ?? null,
      boardApi: boardApi?.responseEnd ?? null,
      timeOrigin: performance.timeOrigin,
      responseEnd: entry?.responseEnd ?? NaN,
      domContentLoaded: entry?.domContentLoadedEventEnd ?? NaN,
      loadEvent: entry?.loadEventEnd ?? NaN,
      fcp: fcp ? fcp.startTime : null,
      transferred: (entry?.transferSize ?? 0) + resources.reduce((sum, resource) => sum + resource.transferSize, 0),
    };
  });
}

/** Zooms to fit (no animation), then waits in the page until no shape is culled and two frames have passed. */
function zoomToFitPaint(page: Page, expectedShapes: number, timeoutMs: number): Promise<LoadRun['zoomToFit']> {
  return page.evaluate(
    ({ expected, timeout }) =>
      new Promise<{ ms: number; zoom: number; visibleDomShapes: number }>((resolve, reject) => {
        const editor = (window as unknown as { editor: BenchEditor }).editor;
        const selector = '.tl-shape[data-shape-id]:not(.tl-shape-background)';
        const visible = () => [...document.querySelectorAll<HTMLElement>(selector)].filter((element) => element.style.display !== 'none').length;
        const t0 = performance.now();
        editor.zoomToFit({ animation: { duration: 0 } });
        const check = () => {
          if (performance.now() - t0 > timeout) {
            reject(new Error(`zoomToFit: after ${timeout} ms still ${editor.getCulledShapes().size} culled, ${visible()} of ${expected} visible`));
            return;
          }
          if (editor.getCulledShapes().size === 0 && visible() >= expected) {
            requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - t0, zoom: editor.getZoomLevel(), visibleDomShapes: visible() })));
            return;
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { expected: expectedShapes, timeout: timeoutMs },
  );
}
