/**
 * Move latency between two participants: pages A and B, each in its own browser context, on
 * the same (big) board. B runs a requestAnimationFrame loop that reads the shape from its
 * editor every frame; A records `performance.timeOrigin + performance.now()` and calls
 * `editor.updateShape({ id, type, x })`. B notes the wall-clock time of the first frame in
 * which its store holds the new x (`seenMs`) and of the frame after that (`nextFrameMs`: the
 * frame that saw it has been painted by then). Latency = B's time − A's time; both are the
 * same machine clock, read in two renderer processes. For the breakdown, the pages' WebSocket
 * probe (board.ts) timestamps sync messages, and a stock y-websocket client in Node watches too.
 *
 * Sampling per frame rounds every figure up to the next frame start (0–16.7 ms at 60 Hz).
 */
import type { Page } from 'playwright-core';
import type { TestClient } from '../helpers/client.ts';
import type { BenchEditor, ProbeMarks } from './board.ts';
import { readRecordEntry } from '@koppelbord/tldraw-yjs';

export interface MoveSample {
  /** First frame in B whose store holds the new x. */
  seenMs: number;
  /** The frame after that: the one that saw it has been painted. */
  nextFrameMs: number;
  /** Where the time goes: A sent the sync message, a stock y-websocket client in Node had it, B's socket had it. */
  aSentMs: number | null;
  nodeClientMs: number | null;
  bReceivedMs: number | null;
}

interface Observed {
  at: number;
  next: number;
}

/** Installs B's per-frame watch for `x` on `id`; resolves in the page once seen. */
function watch(page: Page, id: string, x: number, timeoutMs: number): Promise<void> {
  return page.evaluate(
    ({ id, x, timeoutMs }) => {
      const editor = (window as unknown as { editor: BenchEditor }).editor;
      const slot = window as unknown as { __kbSeen?: Promise<Observed> };
      const started = performance.now();
      slot.__kbSeen = new Promise<Observed>((resolve, reject) => {
        const frame = () => {
          if (editor.getShape(id)?.x === x) {
            const at = performance.timeOrigin + performance.now();
            requestAnimationFrame(() => resolve({ at, next: performance.timeOrigin + performance.now() }));
            return;
          }
          if (performance.now() - started > timeoutMs) {
            reject(new Error(`shape ${id} did not reach x=${x} within ${timeoutMs} ms (x is ${editor.getShape(id)?.x})`));
            return;
          }
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    { id, x, timeoutMs },
  );
}

function move(page: Page, id: string, x: number): Promise<number> {
  return page.evaluate(
    ({ id, x }) => {
      const editor = (window as unknown as { editor: BenchEditor }).editor;
      const type = editor.getShape(id)!.type;
      const sentAt = performance.timeOrigin + performance.now();
      editor.updateShape({ id, type, x });
      return sentAt;
    },
    { id, x },
  );
}

/** First sync message the page's socket sent ('sent') or received ('received') at or after `since` (wall clock). */
function firstSyncMessage(page: Page, direction: 'sent' | 'received', since: number): Promise<number | null> {
  return page.evaluate(
    ({ direction, since }) => (window as unknown as { __kbBench: ProbeMarks }).__kbBench.ws[direction].find((at) => at >= since) ?? null,
    { direction, since },
  );
}

/** Wall-clock time at which the stock client's doc first holds `x` for `id`. */
function nodeSees(observer: TestClient, id: string, x: number, timeoutMs: number): Promise<number | null> {
  const records = observer.doc.getMap<unknown>('records');
  return new Promise((resolve) => {
    const done = (at: number | null) => {
      clearTimeout(timer);
      records.unobserveDeep(check);
      resolve(at);
    };
    // Deep: a move changes one field inside the record's entry.
    const check = () => {
      if ((readRecordEntry(records.get(id)) as { x?: number } | undefined)?.x === x) done(performance.timeOrigin + performance.now());
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    records.observeDeep(check);
  });
}

/** One move of `id` to `x` in A, observed in B (and by `observer`, a stock client in this process). */
export async function measureMove(a: Page, b: Page, observer: TestClient, id: string, x: number, timeoutMs: number): Promise<MoveSample> {
  await watch(b, id, x, timeoutMs);
  const atNode = nodeSees(observer, id, x, timeoutMs);
  const sentAt = await move(a, id, x);
  const seen = await b.evaluate(() => (window as unknown as { __kbSeen: Promise<Observed> }).__kbSeen);
  const since = (at: number | null) => (at === null ? null : Math.round((at - sentAt) * 100) / 100);
  return {
    seenMs: seen.at - sentAt,
    nextFrameMs: seen.next - sentAt,
    aSentMs: since(await firstSyncMessage(a, 'sent', sentAt)),
    nodeClientMs: since(await atNode),
    bReceivedMs: since(await firstSyncMessage(b, 'received', sentAt)),
  };
}

/**
 * How far apart the two renderer processes' `timeOrigin + now()` clocks are, measured against
 * Date.now() in each page (both read within the same evaluate): the skew bound for the latency.
 */
export async function clockSkewMs(a: Page, b: Page): Promise<number> {
  const offset = (page: Page) =>
    page.evaluate(() => {
      let best = Infinity;
      // Date.now() ticks in whole ms: take the smallest offset over a few ms of samples.
      const until = performance.now() + 5;
      while (performance.now() < until) best = Math.min(best, performance.timeOrigin + performance.now() - Date.now());
      return best;
    });
  return Math.abs((await offset(a)) - (await offset(b)));
}

/** Frames per second of a page's requestAnimationFrame over ~0.5 s (checks B is not throttled). */
export function frameRate(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let frames = 0;
        const t0 = performance.now();
        const frame = () => {
          frames++;
          if (performance.now() - t0 >= 500) resolve((frames * 1000) / (performance.now() - t0));
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
}
