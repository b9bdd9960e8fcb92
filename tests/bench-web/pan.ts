/**
 * Frame time while panning: a page on a board (fresh context, fully rendered first), the
 * camera at zoom-to-fit (the whole board on screen) or at 100 % (a viewport of it), then the
 * camera is moved once per animation frame from inside the page for a bounded time, the way
 * tldraw's hand tool and right-drag pan it (`editor.setCamera(…, { immediate: true })`).
 * The frame time is the interval between successive requestAnimationFrame callbacks (their
 * timestamps, i.e. frame start times): 16.7 ms when every frame at 60 Hz is made in time.
 *
 * Path: the content slides left at `speed` screen px/s (and up at half that), back and forth
 * over `span` screen px (a triangle wave), so at 100 % new shapes come into view all the time.
 * Each round: camera placed and settled, a short warm-up pan (not recorded), camera placed
 * again, `idleMs` with the camera still (the baseline cadence), then the recorded pan. Rounds
 * alternate between the camera positions and are pooled per position.
 *
 * Long animation frames (> 50 ms, Chromium's LoAF entries) during the pan are summed by where
 * their time went: script (our shape components, tldraw, React) vs. style and layout.
 */
import type { Browser, Page } from 'playwright-core';
import { collectErrors, participantContext, waitForPainted, type BenchBoard, type BenchEditor, type ProbeExpectation } from './board.ts';
import { summarise, type Stats } from './report.ts';

export type PanCamera = 'fit' | '100%';

export interface PanOptions {
  camera: PanCamera;
  durationMs: number;
  /** A pan of this long first (not recorded), then the camera goes back and settles. */
  warmupMs: number;
  idleMs: number;
  /** Screen px per second along x. */
  speed: number;
  /** Back-and-forth span along x in screen px (y: half). */
  span: number;
  /** At 100 %: the page point at the viewport's top-left corner when the pan starts. */
  topLeft: { x: number; y: number };
}

/** A frame "over 16.7 ms" took at least two frame slots; "over 33 ms" at least three. Intervals are multiples of ~16.7 ms plus jitter. */
export const frameBudgets = { overOneFrameMs: 16.7 * 1.5, overTwoFramesMs: 33.3 * 1.25 } as const;

export interface FrameSummary {
  /** Frame intervals measured. */
  frames: number;
  ms: Stats;
  /** Share (0–1) of intervals over one frame (> 25 ms: at least one frame slot missed) and over two frames (> 41.7 ms). */
  over16_7: number;
  over33: number;
}

interface LongFrames {
  count: number;
  ms: number;
  scriptMs: number;
  styleLayoutMs: number;
}

/** One pan of one camera position. */
export interface PanRound {
  camera: PanCamera;
  zoom: number;
  /** Shapes on screen (not culled) when the pan started, of all shapes on the page. */
  shapesOnScreen: number;
  shapes: number;
  /** Frame intervals (ms) while panning, and before it with a still camera. */
  panIntervals: number[];
  idleIntervals: number[];
  /** Long animation frames (> 50 ms) during the pan: how many, their total time and its split. */
  longFrames: LongFrames;
}

/** All rounds of one camera position, pooled. */
export interface PanRun {
  camera: PanCamera;
  zoom: number;
  speed: number;
  span: number;
  durationMs: number;
  shapesOnScreen: number;
  shapes: number;
  pan: FrameSummary;
  idle: FrameSummary;
  longFrames: LongFrames;
  /** Each round on its own (the spread between rounds shows the noise). */
  rounds: { pan: FrameSummary; idle: FrameSummary; longFrames: LongFrames }[];
  /** Raw pan intervals of every round (ms, rounded to 0.1), for later analysis. */
  intervals: number[];
}

function frameSummary(intervals: number[]): FrameSummary {
  const share = (limit: number) => (intervals.length ? Math.round((intervals.filter((ms) => ms > limit).length / intervals.length) * 1000) / 1000 : 0);
  return { frames: intervals.length, ms: summarise(intervals.length ? intervals : [0]), over16_7: share(frameBudgets.overOneFrameMs), over33: share(frameBudgets.overTwoFramesMs) };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Runs one pan in `page` (already fully rendered). */
export async function measurePan(page: Page, options: PanOptions): Promise<PanRound> {
  const result = await page.evaluate(
    async ({ camera, durationMs, warmupMs, idleMs, speed, span, topLeft }) => {
      const editor = (window as unknown as { editor: BenchEditor }).editor;
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const place = async () => {
        if (camera === 'fit') editor.zoomToFit({ animation: { duration: 0 } });
        else editor.setCamera({ x: -topLeft.x, y: -topLeft.y, z: 1 }, { immediate: true });
        // Settle: the camera idle again (tldraw updates culling then) and 10 more frames; at most ~10 s.
        for (let settled = 0, n = 0; settled < 10 && n < 600; n++) {
          await frame();
          settled = editor.getCameraState() === 'idle' ? settled + 1 : 0;
        }
        return editor.getCamera();
      };
      // Triangle wave 0 → width → 0 over the distance travelled.
      const triangle = (distance: number, width: number) => {
        const phase = distance % (2 * width);
        return phase <= width ? phase : 2 * width - phase;
      };
      /** Pans for `ms` from `start`, one camera move per animation frame; returns the frame intervals. */
      const panFor = (start: { x: number; y: number; z: number }, ms: number) =>
        new Promise<number[]>((resolve) => {
          const intervals: number[] = [];
          let t0: number | undefined;
          let previous = 0;
          const step = (timestamp: number) => {
            if (t0 === undefined) t0 = timestamp;
            else intervals.push(timestamp - previous);
            previous = timestamp;
            const travelled = ((timestamp - t0) / 1000) * speed;
            editor.setCamera({ x: start.x - triangle(travelled, span) / start.z, y: start.y - triangle(travelled / 2, span / 2) / start.z, z: start.z }, { immediate: true });
            if (timestamp - t0 >= ms) resolve(intervals);
            else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        });

      if (warmupMs > 0) await panFor(await place(), warmupMs);
      const start = await place();
      const shapes = editor.getCurrentPageShapeIds().size;
      const shapesOnScreen = shapes - editor.getCulledShapes().size;

      const idle: number[] = [];
      let last = await frame();
      const idleUntil = last + idleMs;
      while (last < idleUntil) {
        const now = await frame();
        idle.push(now - last);
        last = now;
      }

      const longFrames = { count: 0, ms: 0, scriptMs: 0, styleLayoutMs: 0 };
      let panning = true;
      interface LoAF extends PerformanceEntry {
        styleAndLayoutStart: number;
        scripts: { duration: number }[];
      }
      const observer = new PerformanceObserver((list) => {
        if (!panning) return;
        for (const entry of list.getEntries() as LoAF[]) {
          longFrames.count++;
          longFrames.ms += entry.duration;
          longFrames.scriptMs += entry.scripts.reduce((sum, script) => sum + script.duration, 0);
          if (entry.styleAndLayoutStart > 0) longFrames.styleLayoutMs += entry.startTime + entry.duration - entry.styleAndLayoutStart;
        }
      });
      try {
        observer.observe({ type: 'long-animation-frame', buffered: false });
      } catch {
        // No LoAF in this browser: the split stays zero.
      }
      const pan = await panFor(start, durationMs);
      // LoAF entries are delivered after their frame: give them a few frames.
      for (let n = 0; n < 5; n++) await frame();
      panning = false;
      observer.disconnect();
      return { zoom: start.z, shapesOnScreen, shapes, idle, pan, longFrames };
    },
    options,
  );
  return {
    camera: options.camera,
    zoom: Math.round(result.zoom * 1000) / 1000,
    shapesOnScreen: result.shapesOnScreen,
    shapes: result.shapes,
    panIntervals: result.pan,
    idleIntervals: result.idle,
    longFrames: result.longFrames,
  };
}

const roundedLongFrames = (frames: LongFrames): LongFrames => ({ count: frames.count, ms: round1(frames.ms), scriptMs: round1(frames.scriptMs), styleLayoutMs: round1(frames.styleLayoutMs) });

/** Pools the rounds of one camera position. */
function pool(options: Omit<PanOptions, 'topLeft'>, rounds: PanRound[]): PanRun {
  const first = rounds[0]!;
  const sum = (pick: (frames: LongFrames) => number) => rounds.reduce((total, round) => total + pick(round.longFrames), 0);
  return {
    camera: options.camera,
    zoom: first.zoom,
    speed: options.speed,
    span: options.span,
    durationMs: options.durationMs,
    shapesOnScreen: first.shapesOnScreen,
    shapes: first.shapes,
    pan: frameSummary(rounds.flatMap((round) => round.panIntervals)),
    idle: frameSummary(rounds.flatMap((round) => round.idleIntervals)),
    longFrames: roundedLongFrames({ count: sum((f) => f.count), ms: sum((f) => f.ms), scriptMs: sum((f) => f.scriptMs), styleLayoutMs: sum((f) => f.styleLayoutMs) }),
    rounds: rounds.map((round) => ({ pan: frameSummary(round.panIntervals), idle: frameSummary(round.idleIntervals), longFrames: roundedLongFrames(round.longFrames) })),
    intervals: rounds.flatMap((round) => round.panIntervals.map(round1)),
  };
}

/**
 * Opens the board in a fresh context, waits until it is fully rendered, and pans each camera
 * position `rounds` times, interleaved (fit, 100 %, fit, 100 %, …) so that a passing
 * disturbance of the machine spreads over both; the rounds of a position are pooled.
 */
export async function measurePans(
  browser: Browser,
  target: BenchBoard,
  expected: number | ProbeExpectation,
  cameras: Omit<PanOptions, 'durationMs' | 'warmupMs' | 'idleMs'>[],
  timing: { durationMs: number; warmupMs: number; idleMs: number; rounds: number },
  errors: string[],
  timeoutMs: number,
): Promise<PanRun[]> {
  const context = await participantContext(browser, target, 'Panner', expected);
  try {
    const page = await context.newPage();
    collectErrors(page, errors);
    await page.goto(target.url, { timeout: timeoutMs });
    await waitForPainted(page, timeoutMs);
    const byCamera = cameras.map(() => [] as PanRound[]);
    for (let round = 0; round < timing.rounds; round++) {
      for (const [index, camera] of cameras.entries()) byCamera[index]!.push(await measurePan(page, { ...camera, ...timing }));
    }
    return cameras.map((camera, index) => pool({ ...camera, ...timing }, byCamera[index]!));
  } finally {
    await context.close();
  }
}
