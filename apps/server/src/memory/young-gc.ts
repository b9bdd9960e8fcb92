import { v8Gc } from './v8-gc.ts';

/**
 * Young-generation scavenges, asked for where the server handles megabytes that die at once.
 *
 * Every Buffer of a socket read (64 KiB), of a blob read from the store or of a message from a
 * worker is a young object with its bytes outside the heap. A server that otherwise allocates
 * little runs no scavenge while megabytes go through it, so those Buffers pile up as external
 * memory until V8 answers with a full mark-compact of the whole heap: about one per 14 MB
 * render upload, 5–50 ms on the event loop while other boards wait (bench:archive counts them;
 * a bare Node server receiving 14 MB uploads showed the same). A scavenge of the few live
 * young objects frees such Buffers in well under a millisecond, and the mark-compact never
 * comes. Without a reachable `gc` all this does nothing.
 */

/** Bytes of a body between two scavenges: a few dozen socket reads, far below V8's external-memory limit. */
const scavengeEveryBytes = 2 * 1024 * 1024;

let sinceScavenge = 0;
let scheduled = false;

/**
 * Counts bytes of a large body as they arrive and scavenges every `scavengeEveryBytes`: the
 * reads before the current one are written on and dead by then. Process-wide on purpose:
 * concurrent uploads add up in one heap.
 */
export function receivedLargeBodyBytes(bytes: number): void {
  sinceScavenge += bytes;
  if (sinceScavenge < scavengeEveryBytes) return;
  scavenge();
}

/**
 * Scavenges once the current turn of the event loop is over, when a step that read or sent
 * megabytes (a snapshot taken, a package built, a render input answered) has let go of them.
 * Several calls in one turn make one scavenge.
 */
export function scavengeSoon(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    scavenge();
  }).unref();
}

function scavenge(): void {
  sinceScavenge = 0;
  v8Gc()?.({ type: 'minor' });
}
