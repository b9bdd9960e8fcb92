import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { streamedBody } from '../src/http/streamed-body.ts';
import { receivedLargeBodyBytes } from '../src/memory/index.ts';
import { waitFor } from '../../../tests/helpers/wait.ts';

/** Counts the scavenges V8 runs while `work` runs (perf_hooks reports every collection). */
async function scavengesDuring(work: () => Promise<void> | void): Promise<number> {
  let count = 0;
  let last = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      last = entry.startTime;
      if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) count++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const started = performance.now();
  await work();
  // Entries are delivered after the collection, asynchronously: a scavenge forced now marks the end.
  receivedLargeBodyBytes(2 * 1024 * 1024);
  await waitFor(() => last >= started, 'the gc entries');
  observer.disconnect();
  return count;
}

const chunk = 64 * 1024;

describe('scavenges while a large body arrives', () => {
  it('runs a scavenge every 2 MiB of body, and none for less', async () => {
    // A fresh count: whatever earlier bodies left is used up first.
    receivedLargeBodyBytes(2 * 1024 * 1024);
    const forTen = await scavengesDuring(() => {
      for (let sent = 0; sent < 10 * 1024 * 1024; sent += chunk) receivedLargeBodyBytes(chunk);
    });
    // Five from the bytes, one from the marker; V8 may add its own.
    expect(forTen).toBeGreaterThanOrEqual(6);
    receivedLargeBodyBytes(2 * 1024 * 1024);
    const forLittle = await scavengesDuring(() => receivedLargeBodyBytes(chunk));
    expect(forLittle).toBeLessThan(forTen);
  });

  it('counts what a streamed request body brings in', async () => {
    const app = new Hono();
    let received = 0;
    app.put('/upload', async (c) => {
      for await (const piece of streamedBody(c, 32 * 1024 * 1024)) received += (piece as Buffer).byteLength;
      return c.json({ received });
    });
    const pieces = Array.from({ length: (8 * 1024 * 1024) / chunk }, () => new Uint8Array(chunk).fill(65));
    receivedLargeBodyBytes(2 * 1024 * 1024);
    const scavenges = await scavengesDuring(async () => {
      const response = await app.request('/upload', { method: 'PUT', body: Readable.toWeb(Readable.from(pieces)) as ReadableStream, duplex: 'half' } as RequestInit);
      expect(response.status).toBe(200);
    });
    expect(received).toBe(8 * 1024 * 1024);
    // Four from the 8 MiB, one from the marker.
    expect(scavenges).toBeGreaterThanOrEqual(5);
  });
});
