/**
 * Failing seeds found by `pnpm fuzz`, kept as regression tests: each entry replays the listed
 * cases of its seed (cases are a pure function of seed and id) with the honest clients writing,
 * and must pass every property. Add an entry for every failing seed a run finds: the seed and
 * the example case ids from its failure table.
 */
export interface Regression {
  seed: number;
  caseIds: readonly number[];
  /** What the run found (against the server of the commit it was found on). */
  finding: string;
}

export const regressions: readonly Regression[] = [];
