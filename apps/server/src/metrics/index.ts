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
  | 'slow_consumer'
  | 'rate_limited'
  | 'upgrade_rate_limited'
  | 'awareness_invalid'
  | 'awareness_not_owner'
  | 'awareness_restricted'
  | 'pending_overflow';

/** Why a record written by a client was put back by the server (`records_reverted_total{reason}`). */
export type RevertReason = 'invalid_record' | 'invalid_schema' | 'locked_scaffold' | 'facilitation_timer' | 'comment_author' | 'voting_state' | 'foreign_vote';

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
    boardParses: new Counter({ name: 'koppelbord_board_parses_total', help: 'Stored board states applied to a Y.Doc (a board served from its snapshot is parsed only when something needs the doc)', registers }),
    fullStateEncodes: new Counter({
      name: 'koppelbord_full_state_encodes_total',
      help: 'Whole boards encoded for a client that holds nothing (a first visit): once per version of the doc, however many join',
      registers,
    }),
    boardUnloads: new Counter({ name: 'koppelbord_board_unloads_total', help: 'Board documents unloaded from memory', registers }),
    compactions: new Counter({ name: 'koppelbord_compactions_total', help: 'Update-log compactions', registers }),
    rejected: new Counter({
      name: 'koppelbord_rejected_messages_total',
      help: 'Messages or connections refused, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    recordsReverted: new Counter({
      name: 'koppelbord_records_reverted_total',
      help: 'Records a client wrote that the server put back to their value before (or removed): invalid, or a change to locked scaffolding by someone other than the owner',
      labelNames: ['reason'] as const,
      registers,
    }),
    pendingDropped: new Counter({
      name: 'koppelbord_pending_updates_dropped_total',
      help: 'Updates with missing dependencies dropped after waiting too long (their authors resend them on reconnect)',
      registers,
    }),
    handlerErrors: new Counter({
      name: 'koppelbord_handler_errors_total',
      help: 'Unexpected errors caught while handling one connection\'s message (that connection is closed with 1011)',
      registers,
    }),
    uncaughtExceptions: new Counter({
      name: 'koppelbord_uncaught_exceptions_total',
      help: 'Exceptions that reached the process-level handler (should stay 0)',
      registers,
    }),
    clusterGapsRepaired: new Counter({
      name: 'koppelbord_cluster_gaps_repaired_total',
      help: 'Times a board caught up from the store because fan-out missed something (a seq gap, a head heartbeat or poll ahead of it, a resubscribe)',
      labelNames: ['cause'] as const,
      registers,
    }),
    clusterRepairSeconds: new Histogram({
      name: 'koppelbord_cluster_repair_seconds',
      help: 'Time one catch-up from the store took (read and apply)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    clusterPublishFailures: new Counter({
      name: 'koppelbord_cluster_publish_failures_total',
      help: 'Redis publishes that failed or were skipped while Redis was unavailable (peers get the change through the poll)',
      registers,
    }),
    clusterMalformed: new Counter({
      name: 'koppelbord_cluster_malformed_messages_total',
      help: 'Redis messages that did not decode (dropped; the poll covers what they carried)',
      registers,
    }),
    clusterRedisConnected: new Gauge({ name: 'koppelbord_cluster_redis_connected', help: '1 while both Redis connections (publish, subscribe) are up', registers }),
    clusterBoardAppliedSeq: new Gauge({
      name: 'koppelbord_cluster_board_applied_seq',
      help: 'Highest seq up to which this instance holds every committed update of an open board',
      labelNames: ['board'] as const,
      registers,
    }),
    clusterBoardHeadSeq: new Gauge({
      name: 'koppelbord_cluster_board_head_seq',
      help: 'Highest committed seq of an open board as this instance last learnt it (store poll, heartbeat, own commits)',
      labelNames: ['board'] as const,
      registers,
    }),
    clusterRemoteAwarenessExpired: new Counter({
      name: 'koppelbord_cluster_remote_awareness_expired_total',
      help: 'Other instances whose liveness key expired, so the presence of their clients was dropped here',
      registers,
    }),
    clusterAccessChanges: new Counter({
      name: 'koppelbord_cluster_access_changes_total',
      help: 'Access changes applied from the cluster: redis (announced by another instance) or poll (every entry of the audit log, own ones included)',
      labelNames: ['via'] as const,
      registers,
    }),
    httpRateLimited: new Counter({
      name: 'koppelbord_http_rate_limited_total',
      help: 'HTTP requests refused with 429, by limit',
      labelNames: ['limit'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
