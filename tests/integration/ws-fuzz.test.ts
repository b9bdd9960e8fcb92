/**
 * A seeded fuzz of the websocket handler against the real server (a child process), with two
 * honest stock clients writing throughout; then the named single cases (one per known defect)
 * and the replays of failing seeds found by `pnpm fuzz` (tests/fuzz/regressions.ts).
 *
 * WS_FUZZ_SEED overrides the seed, WS_FUZZ_CASES the number of cases (default 3000),
 * WS_FUZZ_CONNECTIONS the raw connections (default 16). A failing run prints the command
 * that replays it (`pnpm fuzz -- --seed=… --cases=…`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCaseGenerator,
  emptyContext,
  formatFailures,
  formatKinds,
  namedCases,
  parseArgs,
  recordStockFrames,
  regressions,
  replayCommand,
  runFuzz,
  runNamedCases,
  type Failure,
  type FailureClass,
  type FuzzReport,
  type NamedResult,
} from '../fuzz/index.ts';
import { Prng } from '../helpers/prng.ts';

const seed = Number(process.env.WS_FUZZ_SEED ?? 20_260_611);
const cases = Number(process.env.WS_FUZZ_CASES ?? 3_000);
const connections = Number(process.env.WS_FUZZ_CONNECTIONS ?? 16);

const failure = (report: FuzzReport, name: FailureClass): Failure | undefined => report.failures.find((entry) => entry.class === name);

/** The count of a failure class, with its detail and examples as the assertion message. */
function expectNone(report: FuzzReport, classes: FailureClass[], what: string): void {
  for (const name of classes) {
    const found = failure(report, name);
    expect(found?.count ?? 0, `${what} — ${name}: ${found?.detail ?? ''}\n  ${found?.examples.join('\n  ') ?? ''}\n  replay: ${report.replay}`).toBe(0);
  }
}

describe('the case generator and the command line', () => {
  it('generates the same cases for the same seed, whatever order they are asked for in', async () => {
    const corpus = await recordStockFrames(7);
    const again = await recordStockFrames(7);
    expect(again.frames.map((frame) => [...frame.bytes]), 'a seed records the same stock-client corpus').toEqual(corpus.frames.map((frame) => [...frame.bytes]));
    const generate = createCaseGenerator({ seed: 7, corpus, reservedClientIds: new Set() });
    const other = createCaseGenerator({ seed: 7, corpus: again, reservedClientIds: new Set() });
    const ids = Array.from({ length: 300 }, (_, i) => i);
    const bytes = (generator: typeof generate, id: number) => generator(id).frames(emptyContext).map((frame) => (typeof frame === 'string' ? frame : [...frame].join(',')));
    for (const id of ids) expect(bytes(other, 299 - id)).toEqual(bytes(generate, 299 - id));
    const kinds = new Set(ids.map((id) => generate(id).kind));
    expect(kinds.size, 'three hundred cases cover most case kinds').toBeGreaterThan(15);
    const seed8 = createCaseGenerator({ seed: 8, corpus, reservedClientIds: new Set() });
    expect(ids.slice(0, 20).some((id) => bytes(seed8, id).join() !== bytes(generate, id).join()), 'another seed gives other cases').toBe(true);
    expect(new Prng(1).next()).toBe(new Prng(1).next());
  });

  it('parses the fuzz options', () => {
    expect(parseArgs(['--', '--seed=42', '--cases=10000', '--connections=16'])).toMatchObject({ seed: 42, cases: 10_000, connections: 16 });
    expect(parseArgs(['--case=3,17,99'], () => 5)).toMatchObject({ seed: 5, caseIds: [3, 17, 99] });
    expect(() => parseArgs(['--seed=-1'])).toThrow(/seed/);
    expect(() => parseArgs(['--nonsense'])).toThrow(/unknown option/);
  });
});

describe(`fuzz of the websocket handler (seed ${seed}, ${cases} cases, ${connections} connections)`, () => {
  let report: FuzzReport;

  beforeAll(async () => {
    console.log(`[ws-fuzz] seed ${seed} (set WS_FUZZ_SEED to change it); replay with: ${replayCommand({ seed, cases, connections })}`);
    report = await runFuzz({ seed, cases, connections, maxPlayMs: 40_000, keysTimeoutMs: 10_000 });
    console.log(`[ws-fuzz] seed ${seed}: ${report.played}/${report.cases} cases in ${(report.playMs / 1000).toFixed(1)} s\n${formatKinds(report)}\n\n${formatFailures(report)}`);
  }, 150_000);

  it('plays every case within the time budget', () => {
    expectNone(report, ['cases-not-played', 'generator-error', 'connection-refused', 'server-exited'], 'cases not played');
  });

  it('has no uncaught exceptions and no handler errors in the server', () => {
    expectNone(report, ['uncaught-exception', 'handler-error', 'server-error-log'], 'the server threw');
  });

  it('never closes an honest client', () => {
    expectNone(report, ['honest-closed'], 'an honest stock client was closed');
  });

  it('forwards to honest clients only what they can apply', () => {
    expectNone(report, ['honest-apply-error', 'honest-pending-state', 'honest-client-id-taken'], 'an honest client was sent something it cannot apply');
  });

  it('answers or closes every case within 2 s', () => {
    expectNone(report, ['case-unanswered', 'server-connections-leaked'], 'a case went unanswered');
  });

  it("does not let a connection speak for another client's awareness id", () => {
    expectNone(report, ['awareness-spoofed-state', 'awareness-spoofed-removal'], 'awareness spoofing reached the honest clients');
  });

  it('does not relay awareness states over the size or depth limit', () => {
    expectNone(report, ['awareness-oversized-relayed', 'awareness-deep-relayed'], 'an oversized or deep awareness state was relayed');
  });

  it('holds every honest key once the fuzz is over', () => {
    expectNone(report, ['honest-keys-not-on-server'], 'the server lost honest edits');
  });

  it('stops cleanly on SIGTERM and starts again on the same data', () => {
    expectNone(report, ['restart-failed'], 'the restart failed');
  });

  it('after the restart, the stored state applies to a fresh Y.Doc without throwing', () => {
    expectNone(report, ['stored-state-unloadable'], 'the stored board is unloadable');
  });

  it('after the restart, the stored state leaves no pending structs or deletes', () => {
    expectNone(report, ['stored-state-pending'], 'the stored board holds pending state');
  });

  it('after the restart, the stored state holds every honest key', () => {
    expectNone(report, ['stored-state-missing-keys'], 'the stored board lacks honest keys');
  });

  it('after the restart, a fresh stock client syncs and holds every honest key', () => {
    expectNone(report, ['stock-client-failed'], 'a fresh stock client failed');
  });
});

describe('named cases (one per defect)', () => {
  let results: NamedResult[] = [];

  beforeAll(async () => {
    results = await runNamedCases({ seed });
  }, 240_000);

  afterAll(() => {
    for (const result of results) console.log(`[ws-fuzz] named ${result.name}: ${result.violations.length === 0 ? 'ok' : result.violations.join(' | ').slice(0, 600)}`);
  });

  it.each(namedCases.map((named) => [named.name, named.defect] as const))('%s is handled (%s)', (name, defect) => {
    const result = results.find((entry) => entry.name === name);
    expect(result, `named case ${name} was not run`).toBeDefined();
    expect(result!.violations, `${name}: ${defect}`).toEqual([]);
  });
});

describe.runIf(regressions.length > 0)('replays of failing seeds', () => {
  it.each(regressions.map((regression) => [regression.seed, regression.caseIds.length, regression] as const))('seed %i (%i cases)', async (_seed, _count, regression) => {
    const replay = await runFuzz({ seed: regression.seed, cases: 0, caseIds: regression.caseIds, connections: regression.connections, keysTimeoutMs: 10_000 });
    expect(replay.failures.map((entry) => `${entry.class} (${entry.count}): ${entry.detail}`), `${regression.finding}\n  replay: ${replay.replay}`).toEqual([]);
  }, 120_000);
});
