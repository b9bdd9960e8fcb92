/**
 * Background work (rendering board images, building archive packages) runs at the lowest CPU
 * priority, so that on a small server the sync path — and the people typing on other boards —
 * always come first: on 2 cores a package build at normal priority took the fan-out p99 of
 * another board from ~6 ms to ~3.3 s (`pnpm bench:archive`), with the event loop free.
 *
 * Linux keeps a nice value per thread, and a thread or process starts with its creator's:
 * lowering every thread of the package process when it starts covers what it starts later
 * (Chromium and its renderers, Ghostscript, the thread pool). The snapshot analyzer, a
 * worker thread of the server, lowers just itself. Elsewhere this does nothing.
 *
 * A process may raise its priority again only with CAP_SYS_NICE — which a server run as root
 * has, and Chromium uses: started at nice 19 as root, it put its IO threads at -8 and its
 * others at 0, and on 2 cores took another board's fan-out p99 to 7× during server renders.
 * So the package process is started without that capability (`withoutPriorityRaise`).
 */
import { accessSync, constants as fsConstants, readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

/** CAP_SYS_NICE's bit in /proc/…/status capability masks (linux/capability.h). */
const capSysNice = 23n;

/** Whether `mask` (a hex capability mask of /proc/…/status) holds CAP_SYS_NICE. */
export function holdsSysNice(mask: string): boolean {
  return ((BigInt(`0x${mask}`) >> capSysNice) & 1n) === 1n;
}

function capabilityMask(status: string, field: 'CapEff' | 'CapBnd'): string | undefined {
  return new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1];
}

/**
 * A command prefix that starts a process without CAP_SYS_NICE in its bounding set, so that
 * neither it nor anything it starts can raise its priority again: util-linux's `setpriv`, when
 * this process holds the capability (as root) and `setpriv` is there; else nothing is needed
 * (without the capability nothing can raise its priority) or nothing can be done.
 */
export function withoutPriorityRaise(): readonly string[] {
  try {
    const effective = capabilityMask(readFileSync('/proc/self/status', 'utf8'), 'CapEff');
    if (effective === undefined || !holdsSysNice(effective)) return [];
    const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((candidate) => {
      try {
        accessSync(candidate, fsConstants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    return setpriv ? [setpriv, '--bounding-set', '-sys_nice'] : [];
  } catch {
    // Not Linux.
    return [];
  }
}

/** Whether process `pid` can raise its priority (CAP_SYS_NICE in its bounding set); undefined where /proc cannot tell. */
export function mayRaisePriority(pid: number): boolean | undefined {
  try {
    const bounding = capabilityMask(readFileSync(`/proc/${pid}/status`, 'utf8'), 'CapBnd');
    return bounding === undefined ? undefined : holdsSysNice(bounding);
  } catch {
    return undefined;
  }
}
