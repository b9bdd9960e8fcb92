/** Turning the figures into the JSON document, ratios and a README-ready markdown table. */
import type { Metrics } from './scenarios.ts';

export type Outcome = Metrics | { error: string };

export interface ScenarioResult {
  description: string;
  params: Record<string, number>;
  ours: Outcome | null;
  reference: Outcome | null;
  /** ours / reference for every numeric figure both have (null where the reference is 0). */
  ratio: Record<string, number | null>;
}

/** The figures of a run that succeeded (scenario metrics never use the key `error`; a failed run is `{ error }`). */
const metricsOf = (outcome: Outcome | null): Metrics | undefined => (outcome === null || 'error' in outcome ? undefined : outcome);

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
  const metrics = metricsOf(outcome);
  if (!metrics) return 'error';
  const value = metrics[key];
  if (key === 'delivered' && typeof value === 'number') return `${value} / ${String(metrics.expected)}`;
  return value === null || value === undefined ? '–' : String(value);
}

export function markdownTable(results: Record<string, ScenarioResult>, oursLabel: string, referenceLabel: string): string {
  const lines = [`| Scenario | Measure | ${oursLabel} | ${referenceLabel} | ours / ref |`, '|---|---|--:|--:|--:|'];
  for (const [name, result] of Object.entries(results)) {
    const rows = tableRows.find((entry) => name.startsWith(entry.prefix))?.rows ?? [];
    for (const [index, [label, key]] of rows.entries()) {
      const ratio = result.ratio[key];
      const ratioCell = key === 'delivered' || ratio === undefined || ratio === null ? '' : `${ratio}×`;
      lines.push(`| ${index === 0 ? name : ''} | ${label} | ${cell(result.ours, key)} | ${cell(result.reference, key)} | ${ratioCell} |`);
    }
  }
  return lines.join('\n');
}
