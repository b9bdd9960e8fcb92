/**
 * A seeded, reproducible fuzz of the websocket sync handler (tests/fuzz):
 *   (../helpers/prng.ts  the seeded PRNG; case i of seed s = Prng.forCase(s, i))
 *   frames.ts        y-websocket frame builders and tolerant inspection of what the server sends
 *   yjs-update.ts    Yjs v1 updates written by hand (structs, contents, delete sets, deep values)
 *   awareness.ts     awareness updates written by hand
 *   mutate.ts        byte mutators (bit flips, truncation, splicing, varint corruption, …)
 *   corpus.ts        frames recorded from a real stock client
 *   cases.ts         the case generator (kinds, weights, variants)
 *   named-cases.ts   one named case per defect, for regression tests
 *   honest.ts        honest stock clients that write throughout and watch what they are sent
 *   raw.ts           raw fuzz connections with the query-awareness probe
 *   runner.ts        the run: server, honest clients, cases, restart, checks, failure classes
 *   named-runner.ts  plays the named cases, each on its own board
 *   regressions.ts   failing seeds/cases found, replayed by the test suite
 *   cli.ts / run.ts  `pnpm fuzz`
 */
export { createCaseGenerator, caseKinds, kindWeights, type CaseKind, type FuzzCase, type GeneratorOptions } from './cases.ts';
export { recordStockFrames, type Corpus, type RecordedFrame } from './corpus.ts';
export { emptyContext, honestMapName, markerIdBase, type CaseContext, type HonestInfo } from './context.ts';
export * from './frames.ts';
export * from './yjs-update.ts';
export * from './awareness.ts';
export { mutate, mutateOnce, replaceVarUint, type MutationKind } from './mutate.ts';
export { namedCases, invalidRecordId, maxValueDepth, type NamedCase } from './named-cases.ts';
export { runNamedCases, type NamedOptions, type NamedResult } from './named-runner.ts';
export { runFuzz, classifyFailures, replayCommand, failureClasses, type Failure, type FailureClass, type FuzzOptions, type FuzzReport } from './runner.ts';
export { formatFailures, formatKinds, summaryJson } from './report.ts';
export { regressions, type Regression } from './regressions.ts';
export { parseArgs } from './cli.ts';
