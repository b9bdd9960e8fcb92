import { Hono } from 'hono';
import type { Metrics } from '../metrics/index.ts';
import type { SyncService } from '../sync/index.ts';

/** `GET /healthz` and `GET /metrics` (Prometheus text). */
export function healthRoutes(sync: SyncService, metrics: Metrics) {
  const app = new Hono();

  app.get('/healthz', (c) =>
    c.json(
      {
        // A 503 is an error like any other: it carries the error shape too.
        ...(sync.draining ? { error: { code: 'shutting_down', message: 'The server is shutting down' } } : {}),
        ok: !sync.draining,
        draining: sync.draining,
        connections: sync.connectionCount,
        loadedBoards: sync.registry.size,
        unpersistedUpdates: sync.unpersistedUpdates,
      },
      sync.draining ? 503 : 200,
    ),
  );

  app.get('/metrics', async (c) => {
    const { traffic } = sync;
    // Hot-path counters live as plain numbers in the sync layer; copy them at scrape time.
    setCounter(metrics.updatesIn, traffic.updatesIn);
    setCounter(metrics.bytesIn, traffic.bytesIn);
    setCounter(metrics.messagesOut, traffic.messagesOut);
    setCounter(metrics.bytesOut, traffic.bytesOut);
    metrics.unpersistedUpdates.set(sync.unpersistedUpdates);
    return c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });

  return app;
}

function setCounter(counter: { reset(): void; inc(value: number): void }, value: number): void {
  counter.reset();
  if (value > 0) counter.inc(value);
}
