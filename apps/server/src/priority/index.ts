/**
 * Background work (rendering board images, building archive packages) runs at the lowest CPU
 * priority, so that on a small server the sync path — and the people typing on other boards —
 * always come first: on 2 cores a package build at normal priority took the fan-out p99 of
 * another board from ~6 ms to ~3.3 s (`pnpm bench:archive`), with the event loop free.
 *
 * Linux keeps a nice value per thread, and a thread or process starts with its creator's,
 * so lowering the worker thread covers Ghostscript, and lowering Chromium's processes right
 * after launch covers the renderers its zygote forks later. Elsewhere this does nothing.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

const lowest = constants.priority.PRIORITY_LOW;

/** The calling thread (e.g. a worker thread) at the lowest priority. */
export function lowerThisThread(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid)) setPriority(tid, lowest);
  } catch {
    // Not Linux, or not allowed: the work still runs, at normal priority.
  }
}

/**
 * Every thread of this process's child processes whose name matches `name` (e.g. the
 * Chromium playwright started), and of all their descendants, at the lowest priority.
 */
export function lowerChildProcesses(name: RegExp): void {
  try {
    const processes = new Map<number, { parent: number; name: string }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces and parentheses.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const open = stat.indexOf('(');
        const close = stat.lastIndexOf(')');
        processes.set(Number(entry), { name: stat.slice(open + 1, close), parent: Number(stat.slice(close + 2).split(' ')[1]) });
      } catch {
        // Gone meanwhile.
      }
    }
    const tree = new Set<number>();
    for (const [pid, info] of processes) if (info.parent === process.pid && name.test(info.name)) tree.add(pid);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [child, info] of processes) if (tree.has(info.parent) && !tree.has(child)) grew = Boolean(tree.add(child));
    }
    for (const member of tree) {
      for (const task of readdirSync(`/proc/${member}/task`)) {
        try {
          setPriority(Number(task), lowest);
        } catch {
          // Gone meanwhile.
        }
      }
    }
  } catch {
    // Not Linux, or not allowed.
  }
}
