/**
 * Hot-path counters kept as plain numbers: fan-out to hundreds of peers would otherwise
 * pay a metrics-library call per send. /metrics reads them when scraped.
 */
export class TrafficCounters {
  updatesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
}
