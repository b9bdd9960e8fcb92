/**
 * `pnpm bench` (add `-- --quick` or BENCH_QUICK=1 for a smoke run): load benchmark of the
 * Koppelbord sync server against two in-memory references — the stock @y/websocket-server
 * and Hocuspocus in its default configuration, what a team would pick instead — driven by
 * stock clients (y-websocket's provider; Hocuspocus' own for Hocuspocus) in child processes.
 * For every scenario our server runs first, then each reference, each in its own process,
 * never two at once.
 *
 * stderr: progress and, at the end, a markdown table for the README.
 * stdout: one JSON document with every figure (also written to tests/bench/results/latest.json).
 * Use `pnpm --silent bench > out.json` to keep pnpm's own banner out of stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAllChildren } from './ipc.ts';
import { parseOptions } from './options.ts';
import { referenceKinds, serverLabels, type ServerKind } from './protocol.ts';
import { markdownTable, ratios, type Outcome, type ScenarioResult } from './report.ts';
import { allScenarios } from './scenarios.ts';
import { clusterTable, runClusterBench } from './cluster.ts';

const log = (message: string) => process.stderr.write(`${message}\n`);

// Never leave servers or clients running: not on failure, not on Ctrl-C.
process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`\nbench: ${signal}, stopping`);
    killAllChildren();
    process.exit(130);
  });
}

const options = parseOptions();
// The whole run is bounded too, whatever a scenario does.
const timeLimitMs = options.quick ? 4 * 60_000 : 20 * 60_000;
setTimeout(() => {
  log(`bench: still running after ${timeLimitMs / 60_000} min, giving up`);
  killAllChildren();
  process.exit(1);
}, timeLimitMs).unref();

if (options.cluster) {
  // The multi-instance fan-out: its own run, its own results file (cluster.ts).
  const startedAt = Date.now();
  log(`bench: cluster mode, ${options.clusterClients.join(', ')} clients on one board, ${os.cpus().length} cores`);
  const runs = await runClusterBench(options, log);
  const document = {
    meta: { date: new Date(startedAt).toISOString(), durationS: Math.round((Date.now() - startedAt) / 1000), mode: options.quick ? 'quick' : 'full', node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', writeMs: options.writeMs, updatesPerSecondPerClient: options.ratePerSecond },
    runs,
  };
  const resultsDir = path.join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'cluster-latest.json'), `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  log(`\n${clusterTable(runs)}\n`);
  const failed = runs.some((run) => Object.values(run.results).some((result) => 'error' in result));
  log(`bench: ${failed ? 'a run failed' : 'done'} in ${document.meta.durationS} s; results in ${path.relative(process.cwd(), resultsDir)}/cluster-latest.json`);
  process.exit(failed ? 1 : 0);
}

const scenarios = allScenarios(options).filter((scenario) => options.only.length === 0 || options.only.includes(scenario.name));
if (scenarios.length === 0) {
  log(`bench: no scenario matches --only=${options.only.join(',')}`);
  process.exit(2);
}

const kinds: ServerKind[] = ['ours', ...referenceKinds];
const startedAt = Date.now();
const results: Record<string, ScenarioResult> = {};
let failures = 0;

log(`bench: ${options.quick ? 'quick' : 'full'} mode, ${scenarios.length} scenarios × ${kinds.length} servers, ${os.cpus().length} cores`);
for (const scenario of scenarios) {
  const outcomes: Partial<Record<ServerKind, Outcome>> = {};
  for (const kind of kinds) {
    const notApplicable = scenario.notFor?.[kind];
    if (notApplicable) {
      outcomes[kind] = { notApplicable };
      log(`[${scenario.name}] ${serverLabels[kind]}: not measured, ${notApplicable}`);
      continue;
    }
    log(`[${scenario.name}] ${serverLabels[kind]}: ${scenario.description}`);
    const t0 = Date.now();
    try {
      outcomes[kind] = await scenario.run(kind, options, log);
      log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(outcomes[kind])}`);
    } catch (error) {
      failures++;
      const message = error instanceof Error ? error.message : String(error);
      outcomes[kind] = { error: message };
      log(`  FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${message}`);
    }
  }
  const ours = outcomes.ours ?? null;
  const reference = outcomes.reference ?? null;
  const hocuspocus = outcomes.hocuspocus ?? null;
  results[scenario.name] = {
    description: scenario.description,
    params: scenario.params,
    ours,
    reference,
    hocuspocus,
    ratio: ratios(ours, reference),
    ratioHocuspocus: ratios(ours, hocuspocus),
  };
}

const document = {
  meta: {
    date: new Date(startedAt).toISOString(),
    durationS: Math.round((Date.now() - startedAt) / 1000),
    mode: options.quick ? 'quick' : 'full',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    ours: serverLabels.ours,
    reference: serverLabels.reference,
    hocuspocus: serverLabels.hocuspocus,
    settings: {
      writeMs: options.writeMs,
      updatesPerSecondPerClient: options.ratePerSecond,
      latencyWarmupMs: options.warmupMs,
      maxSettleMs: options.maxSettleMs,
      stallMs: options.stallMs,
      clientsPerProcess: options.clientsPerWorker,
      maxClientProcesses: options.maxWorkers,
    },
    notes: [
      'latency = receiver observe time − sender wall-clock send time (same machine clock), per (update, receiver) pair; updates sent in the first latencyWarmupMs of writing are counted but left out of the percentiles',
      'expected = updates sent × (clients on the board − 1); lost = expected − delivered after the settle wait (settle: complete | stalled | deadline)',
      'server CPU = process.cpuUsage() of the server process from write start to end of settle; peak RSS sampled every 50 ms in the server process',
      'clientCpuPercentOfCore near 100 × (cores − 1) or more means the client processes, not the server, limit the figures',
    ],
  },
  scenarios: results,
};

const json = JSON.stringify(document, null, 2);
const resultsDir = path.join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(path.join(resultsDir, 'latest.json'), `${json}\n`);
process.stdout.write(`${json}\n`);

log(`\n${markdownTable(results, { ours: 'Koppelbord', reference: '@y/websocket-server', hocuspocus: 'Hocuspocus' })}\n`);
log(`bench: ${failures === 0 ? 'done' : `${failures} run(s) failed`} in ${document.meta.durationS} s; results in ${path.relative(process.cwd(), resultsDir)}/latest.json`);
process.exitCode = failures === 0 ? 0 : 1;
