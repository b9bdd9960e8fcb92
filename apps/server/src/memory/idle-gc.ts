import type { Logger } from '../log.ts';
import { loadMallocTrim } from './malloc-trim.ts';
import { v8Gc } from './v8-gc.ts';

/** Waits this long after the last board unloaded, so the unload's own promise chain has let go of it. */
const settleMs = 500;

/**
 * Gives back what a busy spell grew, once the server is idle. V8 collects when allocation fills
 * a space, and an idle server allocates next to nothing: without this the young generation
 * (grown to two 64 MiB semi-spaces under churn), the old-space garbage and V8's pooled pages
 * stayed resident for as long as the server stayed idle (`pnpm soak`: 260 MiB above start-up
 * after 72 waves, unchanged after 60 s idle; V8's memory reducer never stepped in). One
 * memory-reducing full GC ("last resort": an ordinary major GC keeps the pages) brings the idle
 * server back below its start-up RSS. It runs only when nothing is loaded and nobody is
 * connected, so nobody waits for the pause (~60 ms); the next busy spell pays for it, as V8
 * grows its heap and optimises code again (~0.4 s of CPU per idle spell in the soak), and with
 * the default UNLOAD_GRACE_MS idle spells come at most once per 30 s. After the collection,
 * glibc's heap is trimmed (malloc-trim.ts).
 *
 * Returns the function to call when the last board has unloaded (`stillIdle` is checked once
 * more just before collecting), or undefined when V8's `gc` cannot be reached (v8-gc.ts).
 */
export function createIdleGc(log: Logger): ((stillIdle: () => boolean) => void) | undefined {
  const gc = v8Gc();
  if (!gc) {
    log.warn('no idle GC: V8’s gc could not be reached');
    return undefined;
  }
  const trimCHeap = loadMallocTrim(log);
  let timer: NodeJS.Timeout | undefined;
  return (stillIdle) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!stillIdle()) return;
      const started = performance.now();
      const rssBefore = process.memoryUsage.rss();
      gc({ type: 'major', execution: 'async', flavor: 'last-resort' })
        .then(() => {
          // What the collection freed outside the JS heap (and all else freed meanwhile) goes back too.
          trimCHeap?.();
          const mib = (bytes: number) => Math.round(bytes / 104857.6) / 10;
          log.info({ ms: Math.round(performance.now() - started), rssBeforeMiB: mib(rssBefore), rssAfterMiB: mib(process.memoryUsage.rss()) }, 'idle: heap collected');
        })
        .catch((error: unknown) => log.warn({ err: error }, 'idle GC failed'));
    }, settleMs);
    timer.unref();
  };
}
