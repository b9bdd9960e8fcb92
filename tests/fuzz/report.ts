/** Human-readable and JSON summaries of a fuzz run. */
import type { FuzzReport } from './runner.ts';

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));

/** The failure table, one row per class, with a detail line and example cases under each. */
export function formatFailures(report: FuzzReport): string {
  if (report.failures.length === 0) return 'no failures';
  const lines: string[] = [];
  const width = Math.max(...report.failures.map((failure) => failure.class.length));
  lines.push(`${pad('failure class', width)}  count  detail`);
  lines.push(`${'-'.repeat(width)}  -----  ------`);
  for (const failure of report.failures) {
    lines.push(`${pad(failure.class, width)}  ${pad(String(failure.count), 5)}  ${failure.detail}`);
    for (const example of failure.examples) lines.push(`${' '.repeat(width)}         · ${example}`);
  }
  return lines.join('\n');
}

/** Per kind: cases played and how they ended. */
export function formatKinds(report: FuzzReport): string {
  const lines = ['kind                        played answered closed unanswered  close codes'];
  const kinds = Object.entries(report.byKind).sort(([a], [b]) => a.localeCompare(b));
  for (const [kind, stats] of kinds) {
    const codes = Object.entries(stats.closeCodes)
      .map(([code, count]) => `${code}×${count}`)
      .join(' ');
    lines.push(`${pad(kind, 27)} ${pad(String(stats.played), 6)} ${pad(String(stats.answered), 8)} ${pad(String(stats.closed), 6)} ${pad(String(stats.unanswered), 10)}  ${codes}`);
  }
  return lines.join('\n');
}

/** A compact JSON summary (the full report minus bulky parts). */
export function summaryJson(report: FuzzReport): string {
  return JSON.stringify(
    {
      seed: report.seed,
      cases: report.cases,
      played: report.played,
      connections: report.connections,
      durationMs: report.durationMs,
      playMs: report.playMs,
      casesPerSecond: report.playMs > 0 ? Math.round((report.played / report.playMs) * 1000) : 0,
      results: report.results,
      closeCodes: report.closeCodes,
      counters: report.counters,
      honest: report.honest.map((honest) => ({
        index: honest.index,
        keysWritten: honest.keysWritten,
        closes: honest.closes.length,
        applyErrors: honest.applyErrors.count,
        violations: honest.violations,
        clientIdChanged: honest.finalClientId !== honest.clientId,
        maxRelayedBytes: honest.maxRelayedBytes,
        maxRelayedDepth: honest.maxRelayedDepth,
      })),
      keysOnServer: report.keysOnServer && { ok: report.keysOnServer.ok, waitedMs: report.keysOnServer.waitedMs },
      stop: report.stop,
      restart: report.restart,
      stored: report.stored && {
        fetched: report.stored.fetched,
        fetchError: report.stored.fetchError,
        applied: report.stored.check?.applied,
        error: report.stored.check?.error,
        bytes: report.stored.check?.bytes,
        pendingStructs: report.stored.check?.pendingStructs,
        pendingDs: report.stored.check?.pendingDs,
        keys: report.stored.check?.keys.map(({ mapName, written, missing, wrong }) => ({ mapName, written, missing, wrong })),
      },
      stock: report.stock && {
        synced: report.stock.synced,
        errors: report.stock.errors,
        pendingStructs: report.stock.pendingStructs,
        pendingDs: report.stock.pendingDs,
        keys: report.stock.keys.map(({ mapName, written, missing, wrong }) => ({ mapName, written, missing, wrong })),
      },
      failures: Object.fromEntries(report.failures.map((failure) => [failure.class, { count: failure.count, detail: failure.detail, examples: failure.examples }])),
      replay: report.replay,
    },
    null,
    2,
  );
}
