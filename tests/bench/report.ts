/** Turning the figures into the JSON document, ratios and a README-ready markdown table. */
import type { ReferenceKind } from './protocol.ts';
import type { Metrics } from './scenarios.ts';

/** A server's figures, its failure, or why the scenario does not apply to it. */
export type Outcome = Metrics | { error: string } | { notApplicable: string };

export interface ScenarioResult {
  description: string;
  params: Record<string, number>;
  ours: Outcome | null;
  reference: Outcome | null;
  hocuspocus: Outcome | null;
  /** ours / @y/websocket-server for every numeric figure both have (null where the reference is 0). */
  ratio: Record<string, number | null>;
  /** ours / Hocuspocus, the same way. */
  ratioHocuspocus: Record<string, number | null>;
}

/** The figures of a run that succeeded (scenario metrics never use the key `error`; a failed run is `{ error }`). */
const metricsOf = (outcome: Outcome | null): Metrics | undefined =>
  outcome === null || 'error' in outcome || 'notApplicable' in outcome ? undefined : outcome;

export function ratios(ours: Outcome | null, reference: Outcome | null): Record<string, number | null> {
  const mine = metricsOf(ours);
  const theirs = metricsOf(reference);
  if (!mine || !theirs) return {};
  const result: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(mine)) {
    const other = theirs[key];
    if (typeof value !== 'number' || typeof other !== 'number') continue;
    result[key] = other === 0 ? (value === 0 ? 1 : null) : Number((value / other).toFixed(3));
  }
  return result;
}

/** The rows shown in the table per scenario kind: [label, metric key]. Everything else is in the JSON. */
const tableRows: { prefix: string; rows: [string, string][] }[] = [
  {
    prefix: 'fanout-',
    rows: [
      ['latency p50 (ms)', 'latencyP50Ms'],
      ['latency p95 (ms)', 'latencyP95Ms'],
      ['latency p99 (ms)', 'latencyP99Ms'],
      ['updates sent, % of 5/s per client', 'sentPercentOfTarget'],
      ['delivered / expected', 'delivered'],
      ['lost', 'lost'],
      ['server CPU per delivered update (µs)', 'serverCpuUsPerDelivered'],
      ['server peak RSS (MiB)', 'serverPeakRssMiB'],
    ],
  },
  {
    prefix: 'cold-join-',
    rows: [
      ['join until all records visible, median (ms)', 'joinMedianMs'],
      ['server CPU per join (ms)', 'serverCpuMsPerJoin'],
      ['first edit after a cold join, seen by another client, median (ms)', 'firstEditMedianMs'],
      ['server peak RSS (MiB)', 'serverPeakRssMiB'],
    ],
  },
  {
    prefix: 'connect-storm-',
    rows: [
      ['per-client time to synced p50 (ms)', 'syncP50Ms'],
      ['per-client time to synced p99 (ms)', 'syncP99Ms'],
      ['all synced, median of rounds (ms)', 'allSyncedMedianMs'],
      ['server CPU per client (µs)', 'serverCpuUsPerClient'],
      ['server peak RSS (MiB)', 'serverPeakRssMiB'],
    ],
  },
];

function cell(outcome: Outcome | null, key: string): string {
  if (outcome === null) return '–';
  if ('notApplicable' in outcome) return 'n/a';
  const metrics = metricsOf(outcome);
  if (!metrics) return 'error';
  const value = metrics[key];
  if (key === 'delivered' && typeof value === 'number') return `${value} / ${String(metrics.expected)}`;
  return value === null || value === undefined ? '–' : String(value);
}

function ratioCell(ratios: Record<string, number | null>, key: string): string {
  const ratio = ratios[key];
  return key === 'delivered' || ratio === undefined || ratio === null ? '' : `${ratio}×`;
}

/** The README table: our figures beside both references, and our ratio to each. */
export function markdownTable(results: Record<string, ScenarioResult>, labels: { ours: string } & Record<ReferenceKind, string>): string {
  const lines = [
    `| Scenario | Measure | ${labels.ours} | ${labels.reference} | ${labels.hocuspocus} | ours / y-ws | ours / Hocuspocus |`,
    '|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const [name, result] of Object.entries(results)) {
    const rows = tableRows.find((entry) => name.startsWith(entry.prefix))?.rows ?? [];
    for (const [index, [label, key]] of rows.entries()) {
      const figures = [cell(result.ours, key), cell(result.reference, key), cell(result.hocuspocus, key)];
      lines.push(`| ${index === 0 ? name : ''} | ${label} | ${figures.join(' | ')} | ${ratioCell(result.ratio, key)} | ${ratioCell(result.ratioHocuspocus, key)} |`);
    }
  }
  return lines.join('\n');
}
