/**
 * The fuzz run, used by both `pnpm fuzz` and tests/integration/ws-fuzz.test.ts:
 *
 *  1. record a stock client's frames (the mutation corpus), start the real server as a child
 *     process, create a board, open two honest stock clients that write unique keys throughout;
 *  2. play the cases over N raw connections with the edit token (slot c plays cases c, c+N, …,
 *     in order), each followed by a query-awareness probe that must be answered or the socket
 *     closed within the answer timeout; closed sockets are reopened;
 *  3. wait until the server holds every honest key, read its counters and log, SIGTERM it,
 *     start it again on the same data directory, and check the stored state with a raw fetch
 *     (applied in a try/catch) and with a fresh stock client.
 *
 * Every wait is bounded; all network is on 127.0.0.1.
 */
import type { ChildServer } from '../helpers/child-server.ts';
import { createCaseGenerator, type CaseKind } from './cases.ts';
import type { CaseContext } from './context.ts';
import { recordStockFrames } from './corpus.ts';
import type { HonestViolationKind, HonestWriter } from './honest.ts';
import { RawConnection, type CaseOutcome, type CaseResult } from './raw.ts';
import { scrapeCounters, stackHead, summariseLogs, type LogSummary, type ServerCounters } from './server-observer.ts';
import {
  checkStoredState,
  checkWithStockClient,
  defaultServerEnv,
  honestClientIds,
  honestKeys,
  limitsFromEnv,
  newBoard,
  openHonestWriters,
  removeDir,
  startServer,
  stopServer,
  tempDir,
  waitForKeysOnServer,
  type Board,
  type KeysOnServer,
  type StockCheck,
  type StoredCheck,
} from './session.ts';

export interface FuzzOptions {
  seed: number;
  /** Cases 0 … cases-1 are played (unless `caseIds` is given). */
  cases: number;
  /** Raw connections playing cases at the same time. */
  connections: number;
  /** Play only these case ids of the seed (a regression replay). */
  caseIds?: readonly number[];
  /** A case must be answered or closed within this (default 2000 ms). */
  answerTimeoutMs?: number;
  /** Each honest client writes one key this often (default 40 ms). */
  honestIntervalMs?: number;
  /** Stop starting new cases after this long (default: no limit). */
  maxPlayMs?: number;
  /** How long to wait for every honest key to reach the server (default 20 s). */
  keysTimeoutMs?: number;
  /** The honest clients write this long before the first case (default 500 ms) … */
  warmupMs?: number;
  /** … and on after the last one, before the checks (default 1500 ms), so short replays see edits around the cases. */
  cooldownMs?: number;
  /** Close and reopen each raw connection after this many cases (default 64). */
  recycleEvery?: number;
  /** Environment for the server (merged over `defaultServerEnv`). */
  serverEnv?: Readonly<Record<string, string>>;
  keepDataDir?: boolean;
  progress?: (line: string) => void;
  progressEveryMs?: number;
}

export const failureClasses = [
  'uncaught-exception',
  'handler-error',
  'server-error-log',
  'server-exited',
  'honest-closed',
  'honest-apply-error',
  'honest-client-id-taken',
  'honest-pending-state',
  'awareness-spoofed-state',
  'awareness-spoofed-removal',
  'awareness-oversized-relayed',
  'awareness-deep-relayed',
  'case-unanswered',
  'connection-refused',
  'generator-error',
  'cases-not-played',
  'honest-keys-not-on-server',
  'server-connections-leaked',
  'restart-failed',
  'stored-state-unloadable',
  'stored-state-pending',
  'stored-state-missing-keys',
  'stock-client-failed',
] as const;

export type FailureClass = (typeof failureClasses)[number];

export interface Failure {
  class: FailureClass;
  count: number;
  detail: string;
  /** Case ids (`#id kind/variant`) or details of the first occurrences. */
  examples: string[];
}

export interface KindStats {
  played: number;
  answered: number;
  closed: number;
  unanswered: number;
  closeCodes: Record<string, number>;
}

export interface HonestReport {
  index: number;
  clientId: number;
  finalClientId: number;
  keysWritten: number;
  closes: { at: number; code: number; reason: string }[];
  applyErrors: { count: number; examples: string[] };
  /** Yjs gave the client a new id because the server relayed an update with its id. */
  clientIdChanges: { count: number; examples: string[] };
  destroyErrors: string[];
  violations: Partial<Record<HonestViolationKind, number>>;
  violationExamples: string[];
  maxRelayedBytes: number;
  maxRelayedDepth: number;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  played: number;
  connections: number;
  durationMs: number;
  playMs: number;
  results: Record<CaseResult, number>;
  closeCodes: Record<string, number>;
  byKind: Partial<Record<CaseKind, KindStats>>;
  counters: ServerCounters;
  logs: LogSummary;
  honest: HonestReport[];
  keysOnServer: KeysOnServer | undefined;
  stop: { code: number | null; signal: string | null; killed: boolean } | undefined;
  restart: { ok: boolean; error?: string };
  stored: StoredCheck | undefined;
  stock: StockCheck | undefined;
  restartLogs: LogSummary | undefined;
  failures: Failure[];
  /** The command that replays this run. */
  replay: string;
}

/** Ids of the cases in flight around `at` (for attributing server-side events to cases). */
function casesAround(outcomes: readonly CaseOutcome[], at: number, limit = 3): CaseOutcome[] {
  const hits = outcomes.filter((outcome) => outcome.sentAt - 5 <= at && at <= outcome.doneAt + 50);
  if (hits.length > 0) return hits.slice(0, limit);
  const before = outcomes.filter((outcome) => outcome.sentAt <= at).sort((a, b) => b.sentAt - a.sentAt);
  return before.slice(0, 1);
}

const caseName = (outcome: CaseOutcome) => `#${outcome.caseId} ${outcome.label}`;

function attribute(outcomes: readonly CaseOutcome[], times: readonly number[], limit = 6): string[] {
  const names = new Set<string>();
  for (const at of times) {
    for (const outcome of casesAround(outcomes, at)) names.add(caseName(outcome));
    if (names.size >= limit) break;
  }
  return [...names].slice(0, limit);
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const connections = Math.max(1, options.connections);
  const answerTimeoutMs = options.answerTimeoutMs ?? 2_000;
  const recycleEvery = options.recycleEvery ?? 64;
  const env = { ...defaultServerEnv, ...options.serverEnv };
  const limits = limitsFromEnv(env);
  const progress = options.progress ?? (() => {});
  const ids = options.caseIds ? [...options.caseIds] : Array.from({ length: options.cases }, (_, i) => i);

  const corpus = await recordStockFrames(options.seed);
  const clientIds = honestClientIds(options.seed, 2);
  const generate = createCaseGenerator({ seed: options.seed, corpus, reservedClientIds: new Set([...clientIds, corpus.clientId]) });

  const dataDir = tempDir();
  let server: ChildServer | undefined;
  let restarted: ChildServer | undefined;
  let writers: HonestWriter[] = [];
  const outcomes: CaseOutcome[] = [];
  const byKind: Partial<Record<CaseKind, KindStats>> = {};
  const results: Record<CaseResult, number> = { answered: 0, closed: 0, unanswered: 0, 'not-connected': 0 };
  const closeCodes: Record<string, number> = {};
  const generatorErrors: string[] = [];
  let exitedDuringPlay = false;
  let stopping = false;
  let playMs: number;
  let counters: ServerCounters = { uncaughtExceptions: 0, handlerErrors: 0, rejected: {}, connections: 0, scraped: false };
  let logs: LogSummary;
  let keysOnServer: KeysOnServer | undefined;
  let stop: FuzzReport['stop'];
  const restart: FuzzReport['restart'] = { ok: false };
  let stored: StoredCheck | undefined;
  let stock: StockCheck | undefined;
  let restartLogs: LogSummary | undefined;
  let honestReports: HonestReport[];
  let board: Board | undefined;
  let pendingSampler: NodeJS.Timeout | undefined;

  try {
    server = await startServer(dataDir, env);
    const running = server;
    void running.exited.then(() => {
      if (!stopping) exitedDuringPlay = true;
    });
    board = await newBoard(running, `Fuzz ${options.seed}`);
    progress(`[fuzz] server on ${running.url}, board ${board.id}, data ${dataDir}`);
    writers = await openHonestWriters({ server: running, board, clientIds, limits });
    for (const writer of writers) writer.start(options.honestIntervalMs ?? 40);
    pendingSampler = setInterval(() => {
      for (const writer of writers) {
        writer.samplePending();
        writer.settle();
      }
    }, 500);

    await new Promise((resolve) => setTimeout(resolve, options.warmupMs ?? 500));
    const context = (): CaseContext => ({ honest: writers.map((writer) => writer.info()) });
    const playStarted = Date.now();
    const playDeadline = playStarted + (options.maxPlayMs ?? Number.POSITIVE_INFINITY);
    const url = `${running.wsUrl}/${board.id}?token=${encodeURIComponent(board.token)}`;
    let lastProgress = Date.now();

    const playSlot = async (slot: number) => {
      const connection = new RawConnection({ slot, url, answerTimeoutMs, openTimeoutMs: answerTimeoutMs });
      let sinceRecycle = 0;
      try {
        for (let i = slot; i < ids.length; i += connections) {
          if (exitedDuringPlay || Date.now() > playDeadline) break;
          const id = ids[i]!;
          const fuzzCase = generate(id);
          let frames;
          try {
            frames = fuzzCase.frames(context());
          } catch (error) {
            generatorErrors.push(`#${id} ${fuzzCase.label}: ${error instanceof Error ? error.message : String(error)}`);
            continue;
          }
          const outcome = await connection.play(id, fuzzCase.label, frames);
          outcomes.push(outcome);
          results[outcome.result]++;
          const stats = (byKind[fuzzCase.kind] ??= { played: 0, answered: 0, closed: 0, unanswered: 0, closeCodes: {} });
          stats.played++;
          if (outcome.result === 'answered') stats.answered++;
          if (outcome.result === 'closed') stats.closed++;
          if (outcome.result === 'unanswered') stats.unanswered++;
          if (outcome.closeCode !== undefined) {
            const code = String(outcome.closeCode);
            closeCodes[code] = (closeCodes[code] ?? 0) + 1;
            stats.closeCodes[code] = (stats.closeCodes[code] ?? 0) + 1;
          }
          sinceRecycle++;
          if (fuzzCase.recycle || sinceRecycle >= recycleEvery) {
            await connection.recycle();
            sinceRecycle = 0;
          }
          if (Date.now() - lastProgress >= (options.progressEveryMs ?? 5_000)) {
            lastProgress = Date.now();
            const honestCloses = writers.reduce((sum, writer) => sum + writer.client.closes.length, 0);
            const uncaught = summariseLogs(running.logs).uncaught;
            progress(
              `[fuzz] ${outcomes.length}/${ids.length} cases · ${((Date.now() - playStarted) / 1000).toFixed(1)} s · answered ${results.answered} closed ${results.closed} unanswered ${results.unanswered} · honest closes ${honestCloses} · uncaught (log) ${uncaught}`,
            );
          }
        }
      } finally {
        connection.terminate();
      }
    };
    await Promise.all(Array.from({ length: connections }, (_, slot) => playSlot(slot)));
    playMs = Date.now() - playStarted;
    progress(`[fuzz] played ${outcomes.length}/${ids.length} cases in ${(playMs / 1000).toFixed(1)} s; verifying`);

    // The fuzz is over: the honest clients write a little longer, then stop, and the server must
    // end up with all of it.
    await new Promise((resolve) => setTimeout(resolve, options.cooldownMs ?? 1_500));
    for (const writer of writers) writer.stop();
    clearInterval(pendingSampler);
    for (const writer of writers) writer.samplePending();
    if (!exitedDuringPlay) {
      keysOnServer = await waitForKeysOnServer(running, board, honestKeys(writers), options.keysTimeoutMs ?? 20_000);
      // Every raw socket is gone: the server should count only the honest clients (allow it a moment).
      const leakDeadline = Date.now() + 3_000;
      do {
        counters = await scrapeCounters(running.url);
        if (counters.connections <= writers.length) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      } while (Date.now() < leakDeadline);
    }
    logs = summariseLogs(running.logs);
    // Removals seen in the last second are judged now: their grace period has passed by the time
    // the keys have been checked (at least one fetch), and any close is known.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const writer of writers) writer.settle();
    honestReports = writers.map((writer, index) => honestReport(writer, clientIds[index]!, outcomes));
    const keys = honestKeys(writers);
    for (const writer of writers) writer.destroy();
    writers = [];

    stopping = true;
    stop = await stopServer(running);
    try {
      restarted = await startServer(dataDir, env);
      restart.ok = true;
    } catch (error) {
      restart.error = error instanceof Error ? error.message : String(error);
    }
    if (restarted) {
      stored = await checkStoredState(restarted, board, keys);
      stock = await checkWithStockClient(restarted, board, keys);
      restartLogs = summariseLogs(restarted.logs);
    }
  } finally {
    clearInterval(pendingSampler);
    for (const writer of writers) writer.destroy();
    if (server) await stopServer(server);
    if (restarted) await stopServer(restarted);
    if (!options.keepDataDir) removeDir(dataDir);
    else progress(`[fuzz] data kept in ${dataDir}`);
  }

  const report: FuzzReport = {
    seed: options.seed,
    cases: ids.length,
    played: outcomes.length,
    connections,
    durationMs: Date.now() - started,
    playMs,
    results,
    closeCodes,
    byKind,
    counters,
    logs,
    honest: honestReports,
    keysOnServer,
    stop,
    restart,
    stored,
    stock,
    restartLogs,
    failures: [],
    replay: replayCommand(options),
  };
  report.failures = classifyFailures(report, outcomes, { generatorErrors, exitedDuringPlay });
  return report;
}

export function replayCommand(options: Pick<FuzzOptions, 'seed' | 'cases' | 'connections' | 'caseIds'>): string {
  const ids = options.caseIds ? ` --case=${options.caseIds.join(',')}` : ` --cases=${options.cases}`;
  return `pnpm fuzz -- --seed=${options.seed}${ids} --connections=${options.connections}`;
}

function honestReport(writer: HonestWriter, clientId: number, outcomes: readonly CaseOutcome[]): HonestReport {
  const violations: Partial<Record<HonestViolationKind, number>> = {};
  for (const [kind, count] of writer.violationCounts) violations[kind] = count;
  return {
    index: writer.index,
    clientId,
    finalClientId: writer.client.doc.clientID,
    keysWritten: writer.keys.size,
    closes: writer.client.closes.slice(),
    applyErrors: {
      count: writer.client.errors.length,
      examples: [...new Set(writer.client.errors.map((error) => `${error.handler}: ${error.message} @ ${stackHead(error.stack, 3)} (message [${error.head.join(',')}…] ${error.bytes} B; near ${attribute(outcomes, [error.at], 2).join(', ')})`))].slice(0, 5),
    },
    clientIdChanges: { count: writer.client.clientIdChanges.length, examples: writer.client.clientIdChanges.slice(0, 3).map((at) => `near ${attribute(outcomes, [at], 2).join(', ')}`) },
    destroyErrors: writer.client.destroyErrors.slice(),
    violations,
    violationExamples: writer.violations.slice(0, 8).map((violation) => `${violation.kind}: ${violation.detail} (near ${attribute(outcomes, [violation.at], 2).join(', ')})`),
    maxRelayedBytes: writer.maxRelayedBytes,
    maxRelayedDepth: writer.maxRelayedDepth,
  };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function signatureExamples(logs: LogSummary, outcomes: readonly CaseOutcome[], filter: (msg: string) => boolean): string[] {
  return logs.signatures
    .filter((signature) => filter(signature.msg))
    .slice(0, 6)
    .map((signature) => `${signature.count}× ${signature.msg}: ${signature.error}${signature.where ? ` @ ${signature.where}` : ''}${outcomes.length ? ` — near ${attribute(outcomes, signature.times, 4).join(', ')}` : ''}`);
}

export function classifyFailures(report: FuzzReport, outcomes: readonly CaseOutcome[], extra: { generatorErrors: readonly string[]; exitedDuringPlay: boolean }): Failure[] {
  const failures: Failure[] = [];
  const add = (failure: Failure) => {
    if (failure.count > 0) failures.push(failure);
  };
  const { counters, logs } = report;
  add({
    class: 'uncaught-exception',
    count: Math.max(counters.uncaughtExceptions, logs.uncaught),
    detail: `koppelbord_uncaught_exceptions_total ${counters.uncaughtExceptions}, 'uncaught exception' log lines ${logs.uncaught}`,
    examples: signatureExamples(logs, outcomes, (msg) => msg === 'uncaught exception'),
  });
  add({ class: 'handler-error', count: counters.handlerErrors, detail: `koppelbord_handler_errors_total ${counters.handlerErrors}`, examples: [] });
  add({
    class: 'server-error-log',
    count: logs.errorLevel - logs.uncaught + (report.restartLogs?.errorLevel ?? 0),
    detail: 'log lines at level error/fatal other than uncaught exceptions (during the run and after the restart)',
    examples: [...signatureExamples(logs, outcomes, (msg) => msg !== 'uncaught exception'), ...(report.restartLogs ? signatureExamples(report.restartLogs, [], () => true).map((line) => `after restart: ${line}`) : [])],
  });
  add({ class: 'server-exited', count: extra.exitedDuringPlay ? 1 : 0, detail: 'the server process exited during the fuzz', examples: [] });

  const closes = report.honest.flatMap((honest) => honest.closes.map((close) => ({ ...close, index: honest.index })));
  const closeCounts = new Map<string, number>();
  for (const close of closes) closeCounts.set(`${close.code} ${close.reason}`, (closeCounts.get(`${close.code} ${close.reason}`) ?? 0) + 1);
  add({
    class: 'honest-closed',
    count: closes.length,
    detail: `by code: ${[...closeCounts].map(([key, count]) => `${count}× ${key}`).join('; ')}`,
    examples: closes.slice(0, 6).map((close) => `honest-${close.index} closed ${close.code} ${close.reason} near ${attribute(outcomes, [close.at], 2).join(', ')}`),
  });
  add({
    class: 'honest-apply-error',
    count: sum(report.honest.map((honest) => honest.applyErrors.count)),
    detail: 'a stock client threw while handling what the server sent it (onmessage: applying a message; onopen: after Yjs changed its client id), or y-protocols caught and logged an apply error',
    examples: report.honest.flatMap((honest) => honest.applyErrors.examples.map((example) => `honest-${honest.index}: ${example}`)).slice(0, 6),
  });
  add({
    class: 'honest-client-id-taken',
    count: sum(report.honest.map((honest) => honest.clientIdChanges.count)),
    detail: `the server relayed updates written with an honest client's own client id, so Yjs switched it to a new id (the edits it made at the taken clocks are lost)${report.honest.some((honest) => honest.destroyErrors.length > 0) ? `; the stock provider then threw in destroy(): ${report.honest.flatMap((honest) => honest.destroyErrors)[0]}` : ''}`,
    examples: report.honest.flatMap((honest) => honest.clientIdChanges.examples.map((example) => `honest-${honest.index} ${example}`)).slice(0, 6),
  });
  for (const kind of ['honest-pending-state', 'awareness-spoofed-state', 'awareness-spoofed-removal', 'awareness-oversized-relayed', 'awareness-deep-relayed'] as const) {
    add({
      class: kind,
      count: sum(report.honest.map((honest) => honest.violations[kind] ?? 0)),
      detail:
        kind === 'honest-pending-state'
          ? 'samples (every 500 ms) in which an honest doc held pending structs or deletes'
          : kind === 'awareness-oversized-relayed'
            ? `max relayed state ${Math.max(0, ...report.honest.map((honest) => honest.maxRelayedBytes))} B`
            : kind === 'awareness-deep-relayed'
              ? `max relayed depth ${Math.max(0, ...report.honest.map((honest) => honest.maxRelayedDepth))}`
              : 'observations by the honest clients',
      examples: report.honest.flatMap((honest) => honest.violationExamples.filter((example) => example.startsWith(`${kind}:`)).map((example) => `seen by honest-${honest.index}: ${example}`)).slice(0, 6),
    });
  }
  const unanswered = outcomes.filter((outcome) => outcome.result === 'unanswered');
  add({ class: 'case-unanswered', count: unanswered.length, detail: 'neither answered nor closed within the answer timeout', examples: unanswered.slice(0, 10).map(caseName) });
  const refused = outcomes.filter((outcome) => outcome.result === 'not-connected');
  add({ class: 'connection-refused', count: refused.length, detail: 'a raw connection could not be (re)opened for the case', examples: refused.slice(0, 5).map(caseName) });
  add({ class: 'generator-error', count: extra.generatorErrors.length, detail: 'a case could not be built (harness bug)', examples: extra.generatorErrors.slice(0, 5) });
  add({ class: 'cases-not-played', count: report.cases - report.played - extra.generatorErrors.length, detail: 'the time budget ran out or the server exited', examples: [] });

  const keys = report.keysOnServer;
  if (keys && !keys.ok) {
    add({
      class: 'honest-keys-not-on-server',
      count: Math.max(1, sum(keys.keys.map((check) => check.missing + check.wrong))),
      detail: `after waiting ${keys.waitedMs} ms: ${keys.keys.map((check) => `${check.mapName} ${check.missing} missing, ${check.wrong} wrong of ${check.written}`).join('; ')}${keys.error ? ` (${keys.error})` : ''}`,
      examples: keys.keys.flatMap((check) => check.examples.map((key) => `${check.mapName}.${key}`)).slice(0, 6),
    });
  }
  if (counters.scraped) {
    add({
      class: 'server-connections-leaked',
      count: Math.max(0, counters.connections - report.honest.length),
      detail: `koppelbord_connections is ${counters.connections} after every raw socket closed (${report.honest.length} honest clients remain): sockets whose close the server never handled`,
      examples: [],
    });
  }
  const stop = report.stop;
  const stopFailed = stop !== undefined && (stop.code !== 0 || stop.killed);
  add({
    class: 'restart-failed',
    count: (stopFailed ? 1 : 0) + (report.restart.ok ? 0 : 1),
    detail: `SIGTERM exit ${stop ? `${stop.code ?? stop.signal}${stop.killed ? ' (killed after timeout)' : ''}` : 'n/a'}; restart ${report.restart.ok ? 'ok' : `failed: ${report.restart.error ?? 'not attempted'}`}`,
    examples: [],
  });
  const stored = report.stored;
  if (stored) {
    const check = stored.check;
    add({
      class: 'stored-state-unloadable',
      count: !stored.fetched || (check && !check.applied) ? 1 : 0,
      detail: !stored.fetched ? `fetching the stored state failed: ${stored.fetchError ?? ''}` : `applying the stored state (${check?.bytes ?? 0} B) threw: ${check?.error ?? ''}`,
      examples: [],
    });
    if (check) {
      add({ class: 'stored-state-pending', count: (check.pendingStructs ? 1 : 0) + (check.pendingDs ? 1 : 0), detail: `pendingStructs: ${check.pendingStructs ?? 'null'}; pendingDs: ${check.pendingDs ?? 'null'}`, examples: [] });
      add({
        class: 'stored-state-missing-keys',
        count: sum(check.keys.map((keyCheck) => keyCheck.missing + keyCheck.wrong)),
        detail: check.keys.map((keyCheck) => `${keyCheck.mapName}: ${keyCheck.missing} missing, ${keyCheck.wrong} wrong of ${keyCheck.written}`).join('; '),
        examples: check.keys.flatMap((keyCheck) => keyCheck.examples.map((key) => `${keyCheck.mapName}.${key}`)).slice(0, 6),
      });
    }
  }
  const stock = report.stock;
  if (stock) {
    const missing = sum(stock.keys.map((keyCheck) => keyCheck.missing + keyCheck.wrong));
    const problems = [
      stock.synced ? '' : 'did not sync',
      stock.errors.length > 0 ? `threw: ${stock.errors[0]}` : '',
      stock.pendingStructs ? `pendingStructs ${stock.pendingStructs}` : '',
      stock.pendingDs ? `pendingDs ${stock.pendingDs}` : '',
      missing > 0 ? `${missing} honest keys missing/wrong` : '',
      stock.closes.length > 0 ? `closed ${stock.closes.map((close) => `${close.code} ${close.reason}`).join(', ')}` : '',
    ].filter((problem) => problem !== '');
    add({ class: 'stock-client-failed', count: problems.length, detail: problems.join('; '), examples: stock.errors.slice(1, 4) });
  }
  return failures;
}

