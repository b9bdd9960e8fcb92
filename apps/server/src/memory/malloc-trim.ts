import koffi from 'koffi';
import type { Logger } from '../log.ts';

/**
 * glibc's `malloc_trim(0)`: hands the free memory inside the C heap back to the kernel. glibc
 * returns freed memory on its own only from the top of the heap, so a heap grown by a busy
 * spell stays at its high-water mark while one live allocation sits near the top (`pnpm
 * soak`: the brk heap rose in steps with each new peak and never came down; a trim at the end
 * gave back 23–34 MiB). Node has no binding for it, so it is called through koffi's FFI.
 *
 * Undefined where there is no glibc (musl, macOS, Windows): nothing to trim there.
 */
export function loadMallocTrim(log: Logger): (() => void) | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
    return () => {
      trim(0);
    };
  } catch (error) {
    log.info({ err: error }, 'no malloc_trim: this C library is not glibc');
    return undefined;
  }
}
