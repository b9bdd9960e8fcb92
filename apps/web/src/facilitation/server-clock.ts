/**
 * This device's clock offset to the server's, so the timer (whose times are the server's)
 * shows the same remaining time on every device, whatever their clocks say. Estimated the
 * NTP way: the server's time is taken to be read half-way through the request, and of a few
 * samples the one with the shortest round trip wins (the least room for error).
 */
import { atom, type Atom } from 'tldraw';
import { fetchServerClock } from './facilitation-api.ts';

const samples = 4;

export class ServerClockEstimate {
  /** Server time minus this device's time, in ms (0 until the first sample). */
  readonly offsetMs: Atom<number> = atom('server clock offset', 0);

  /** The server's time now, as best known. */
  now(): number {
    return Date.now() + this.offsetMs.get();
  }

  /** Samples the server's clock a few times (an effect: returns its cancel). */
  estimate(boardId: string, token: string): () => void {
    const abort = new AbortController();
    let bestRoundTrip = Number.POSITIVE_INFINITY;
    const sample = async () => {
      const sent = Date.now();
      const { now } = await fetchServerClock(boardId, token, abort.signal);
      const received = Date.now();
      if (abort.signal.aborted || received - sent > bestRoundTrip) return;
      bestRoundTrip = received - sent;
      this.offsetMs.set(now - (sent + received) / 2);
    };
    void (async () => {
      for (let i = 0; i < samples && !abort.signal.aborted; i++) {
        // A failed sample (offline, a restart) leaves the best estimate so far.
        await sample().catch(() => undefined);
      }
    })();
    return () => abort.abort();
  }
}
