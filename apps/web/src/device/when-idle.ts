/** Runs `run` after `ms`; the returned function cancels it. */
export function after(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
}

/** Runs `run` when the page is idle, at the latest after `maxWaitMs` (a plain wait where the browser has no idle callbacks). */
export function whenIdle(run: () => void, maxWaitMs: number): () => void {
  if (typeof requestIdleCallback !== 'function') return after(run, maxWaitMs);
  const idle = requestIdleCallback(run, { timeout: maxWaitMs });
  return () => cancelIdleCallback(idle);
}
