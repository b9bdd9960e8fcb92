import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why an incoming message or connection was refused; the `reason` label of `rejected_messages_total`. */
export type RejectReason =
  | 'malformed'
  | 'text_frame'
  | 'too_big'
  | 'document_too_big'
  | 'invalid_update'
  | 'viewer_write'
  | 'unauthorized'
  | 'unknown_board'
  | 'slow_consumer';

/**
 * The server's Prometheus metrics. One registry per server instance, so several servers in
 * one process (tests) don't share counters.
 */
export function createMetrics() {
  const registry = new Registry();
  // The event-loop-lag monitor wakes the process at this interval; the 10 ms default costs
  // measurable CPU on an otherwise idle server.
  collectDefaultMetrics({ register: registry, prefix: 'koppelbord_', eventLoopMonitoringPrecision: 100 });
  const registers = [registry];
  return {
    registry,
    connections: new Gauge({ name: 'koppelbord_connections', help: 'Open websocket connections', labelNames: ['role'] as const, registers }),
    loadedBoards: new Gauge({ name: 'koppelbord_loaded_boards', help: 'Board documents held in memory', registers }),
    updatesIn: new Counter({ name: 'koppelbord_updates_in_total', help: 'Document updates accepted from clients', registers }),
    bytesIn: new Counter({ name: 'koppelbord_bytes_in_total', help: 'Websocket bytes received', registers }),
    messagesOut: new Counter({ name: 'koppelbord_messages_out_total', help: 'Websocket messages sent', registers }),
    bytesOut: new Counter({ name: 'koppelbord_bytes_out_total', help: 'Websocket bytes sent', registers }),
    commitSeconds: new Histogram({
      name: 'koppelbord_commit_seconds',
      help: 'Time to make one group commit durable',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    commitFailures: new Counter({ name: 'koppelbord_commit_failures_total', help: 'Group commits that failed and were retried', registers }),
    unpersistedUpdates: new Gauge({ name: 'koppelbord_unpersisted_updates', help: 'Updates applied but not yet durable', registers }),
    boardLoads: new Counter({ name: 'koppelbord_board_loads_total', help: 'Board documents loaded from the store', registers }),
    boardUnloads: new Counter({ name: 'koppelbord_board_unloads_total', help: 'Board documents unloaded from memory', registers }),
    compactions: new Counter({ name: 'koppelbord_compactions_total', help: 'Update-log compactions', registers }),
    rejected: new Counter({
      name: 'koppelbord_rejected_messages_total',
      help: 'Messages or connections refused, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
