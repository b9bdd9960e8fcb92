/**
 * Plays the named cases one after another on one server, each on its own board with two
 * honest writers and one raw connection; then restarts the server and checks every board's
 * stored state. Each result lists the properties the case violated (empty: the server handled it).
 */
import type { ChildServer } from '../helpers/child-server.ts';
import type { HonestWriter } from './honest.ts';
import { namedCases, type NamedCase } from './named-cases.ts';
import { RawConnection, type CaseOutcome } from './raw.ts';
import { scrapeCounters, summariseLogs, type LogSignature } from './server-observer.ts';
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
  type StockCheck,
  type StoredCheck,
} from './session.ts';
import type { HonestKeys } from './verify.ts';

export interface NamedResult {
  name: string;
  defect: string;
  outcome: CaseOutcome | undefined;
  /** Error-level server log lines while the case ran (uncaught exceptions included). */
  serverErrors: LogSignature[];
  uncaughtDelta: number;
  handlerErrorsDelta: number;
  honestCloses: string[];
  honestApplyErrors: string[];
  honestClientIdChanges: string[];
  honestViolations: string[];
  honestChecks: string[];
  keysOnServer: { ok: boolean; detail: string };
  stored: StoredCheck | undefined;
  storedChecks: string[];
  stock: StockCheck | undefined;
  /** Every property the case broke, in words. Empty when the server handled the case. */
  violations: string[];
}

export interface NamedOptions {
  cases?: readonly NamedCase[];
  seed?: number;
  serverEnv?: Readonly<Record<string, string>>;
  answerTimeoutMs?: number;
  progress?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Played {
  named: NamedCase;
  board: Board;
  keys: HonestKeys[];
  result: NamedResult;
}

async function playOne(server: ChildServer, named: NamedCase, seed: number, env: Readonly<Record<string, string>>, answerTimeoutMs: number): Promise<Played> {
  const board = await newBoard(server, `Named ${named.name}`);
  const writers: HonestWriter[] = await openHonestWriters({ server, board, clientIds: honestClientIds(seed, 2, `named-${named.name}`), limits: limitsFromEnv(env) });
  const raw = new RawConnection({ slot: 0, url: `${server.wsUrl}/${board.id}?token=${encodeURIComponent(board.token)}`, answerTimeoutMs, openTimeoutMs: answerTimeoutMs });
  const result: NamedResult = {
    name: named.name,
    defect: named.defect,
    outcome: undefined,
    serverErrors: [],
    uncaughtDelta: 0,
    handlerErrorsDelta: 0,
    honestCloses: [],
    honestApplyErrors: [],
    honestClientIdChanges: [],
    honestViolations: [],
    honestChecks: [],
    keysOnServer: { ok: false, detail: '' },
    stored: undefined,
    storedChecks: [],
    stock: undefined,
    violations: [],
  };
  try {
    // Some content first, written the honest way.
    for (let i = 0; i < 5; i++) for (const writer of writers) writer.tick();
    await raw.ensureOpen();
    const logFrom = server.logs.length;
    const before = await scrapeCounters(server.url);
    const frames = named.frames({ honest: writers.map((writer) => writer.info()) });
    result.outcome = await raw.play(0, named.name, frames);
    // The honest clients carry on writing after the case.
    for (let i = 0; i < (named.keysAfter ?? 10); i++) {
      for (const writer of writers) writer.tick();
      await sleep(30);
    }
    await sleep(300);
    for (const writer of writers) writer.samplePending();
    const keys = await waitForKeysOnServer(server, board, honestKeys(writers), 8_000);
    result.keysOnServer = {
      ok: keys.ok,
      detail: keys.ok ? `all on the server after ${keys.waitedMs} ms` : `${keys.keys.map((check) => `${check.mapName}: ${check.missing} missing, ${check.wrong} wrong of ${check.written}`).join('; ')}${keys.error ? ` (${keys.error})` : ''}`,
    };
    await sleep(1_000);
    for (const writer of writers) writer.settle();
    const after = await scrapeCounters(server.url);
    result.uncaughtDelta = after.uncaughtExceptions - before.uncaughtExceptions;
    result.handlerErrorsDelta = after.handlerErrors - before.handlerErrors;
    result.serverErrors = summariseLogs(server.logs, logFrom).signatures;
    for (const writer of writers) {
      result.honestCloses.push(...writer.client.closes.map((close) => `honest-${writer.index} closed ${close.code} ${close.reason}`));
      result.honestApplyErrors.push(...writer.client.errors.map((error) => `honest-${writer.index} ${error.handler}: ${error.message}`));
      result.honestViolations.push(...writer.violations.map((violation) => `${violation.kind} (seen by honest-${violation.observer}): ${violation.detail}`));
      result.honestChecks.push(...(named.checkHonest?.(writer.client.doc) ?? []).map((problem) => `${problem} (honest-${writer.index})`));
    }
    return { named, board, keys: honestKeys(writers), result };
  } finally {
    raw.terminate();
    for (const writer of writers) {
      writer.destroy();
      if (writer.client.clientIdChanges.length > 0) {
        result.honestClientIdChanges.push(`honest-${writer.index} was given a new client id by Yjs ${writer.client.clientIdChanges.length}× (the server relayed an update with its id)${writer.client.destroyErrors.length > 0 ? `; the stock provider's destroy() then threw: ${writer.client.destroyErrors[0]}` : ''}`);
      }
    }
  }
}

function summarise(result: NamedResult): string[] {
  const violations: string[] = [];
  const outcome = result.outcome;
  if (!outcome) violations.push('the case was not played');
  else if (outcome.result === 'unanswered') violations.push('the connection was neither answered nor closed within the answer timeout');
  else if (outcome.result === 'not-connected') violations.push('the raw connection could not be opened');
  if (result.uncaughtDelta > 0) violations.push(`${result.uncaughtDelta} uncaught exception(s) in the server`);
  if (result.handlerErrorsDelta > 0) violations.push(`${result.handlerErrorsDelta} handler error(s) in the server`);
  for (const signature of result.serverErrors) violations.push(`server logged ${signature.count}× '${signature.msg}': ${signature.error}${signature.where ? ` @ ${signature.where}` : ''}`);
  violations.push(...result.honestClientIdChanges);
  violations.push(...result.honestCloses, ...result.honestApplyErrors.map((error) => `stock client could not apply a server message: ${error}`));
  violations.push(...new Set(result.honestViolations.map((violation) => violation.replace(/\(seen by honest-\d\)/, '(seen by an honest client)'))));
  violations.push(...result.honestChecks);
  if (!result.keysOnServer.ok) violations.push(`honest keys did not all reach the server: ${result.keysOnServer.detail}`);
  const stored = result.stored;
  if (stored && !stored.fetched) violations.push(`after the restart the stored state could not be fetched: ${stored.fetchError ?? ''}`);
  const check = stored?.check;
  if (check) {
    if (!check.applied) violations.push(`after the restart the stored state does not apply: ${check.error ?? ''}`);
    if (check.pendingStructs) violations.push(`after the restart the stored state leaves pendingStructs: ${check.pendingStructs}`);
    if (check.pendingDs) violations.push(`after the restart the stored state leaves pendingDs: ${check.pendingDs}`);
    for (const keys of check.keys) if (keys.missing + keys.wrong > 0) violations.push(`after the restart ${keys.mapName} lacks ${keys.missing} and has ${keys.wrong} wrong of ${keys.written} keys`);
  }
  violations.push(...result.storedChecks);
  const stock = result.stock;
  if (stock) {
    if (!stock.synced) violations.push('after the restart a fresh stock client did not sync');
    for (const error of stock.errors) violations.push(`after the restart a fresh stock client threw: ${error}`);
  }
  return violations;
}

export async function runNamedCases(options: NamedOptions = {}): Promise<NamedResult[]> {
  const cases = options.cases ?? namedCases;
  const seed = options.seed ?? 1;
  const env = { ...defaultServerEnv, ...options.serverEnv };
  const progress = options.progress ?? (() => {});
  const dataDir = tempDir('koppelbord-named-');
  let server: ChildServer | undefined;
  let restarted: ChildServer | undefined;
  const played: Played[] = [];
  try {
    server = await startServer(dataDir, env);
    for (const named of cases) {
      progress(`[named] ${named.name}`);
      played.push(await playOne(server, named, seed, env, options.answerTimeoutMs ?? 2_000));
    }
    await stopServer(server);
    server = undefined;
    restarted = await startServer(dataDir, env);
    for (const { named, board, keys, result } of played) {
      const storedChecks: string[] = [];
      result.stored = await checkStoredState(restarted, board, keys, (doc) => storedChecks.push(...(named.checkStored?.(doc) ?? [])));
      result.storedChecks = storedChecks;
      result.stock = await checkWithStockClient(restarted, board, keys, 5_000);
    }
  } finally {
    if (server) await stopServer(server);
    if (restarted) await stopServer(restarted);
    removeDir(dataDir);
  }
  return played.map(({ result }) => ({ ...result, violations: summarise(result) }));
}
