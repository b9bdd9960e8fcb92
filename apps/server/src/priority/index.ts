/**
 * Background work (rendering board images, building archive packages) runs at the lowest CPU
 * priority, so that on a small server the sync path — and the people typing on other boards —
 * always come first: on 2 cores a package build at normal priority took the fan-out p99 of
 * another board from ~6 ms to ~3.3 s (`pnpm bench:archive`), with the event loop free.
 *
 * Linux keeps a nice value per thread, and a thread or process starts with its creator's:
 * lowering every thread of the package process when it starts covers what it starts later
 * (Chromium and its renderers, Ghostscript, the thread pool). The snapshot analyzer, a
worker thread of the server, lowers just itself. Elsewhere this does nothing.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/** The calling thread (a worker thread of the server) at the lowest priority. */
export function lowerThisThread(): void {
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), constants.priority.PRIORITY_LOW);
  } catch {
    // Not Linux, or not allowed: the work still runs, at normal priority.
  }
}

/** Every thread of this process at the lowest priority. */
export function lowerThisProcess(): void {
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    // Not Linux: the process priority is all there is.
    try {
      setPriority(constants.priority.PRIORITY_LOW);
    } catch {
      // Not allowed: the work still runs, at normal priority.
    }
    return;
  }
  for (const thread of threads) {
    try {
      setPriority(Number(thread), constants.priority.PRIORITY_LOW);
    } catch {
      // Gone meanwhile.
    }
  }
}
