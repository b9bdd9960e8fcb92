/**
 * Failing seeds found by `pnpm fuzz`, kept as regression tests: each entry replays the listed
 * cases of its seed (cases are a pure function of seed and id; with one connection they play
 * in the order listed) with the honest clients writing around them, and must pass every
 * property. Add an entry for every failing seed a run finds: the seed and the case ids behind
 * its failure classes (`pnpm fuzz -- --seed=S --case=ID,… --connections=1` to narrow them down).
 */
export interface Regression {
  seed: number;
  caseIds: readonly number[];
  /** Raw connections to play them over (1: strictly in the order listed). */
  connections: number;
  /** What the replay found when it was added, against the server of that commit. */
  finding: string;
}

export const regressions: readonly Regression[] = [
  {
    seed: 20_260_612,
    caseIds: [84, 193, 290],
    connections: 3,
    finding:
      'awareness-spoof/removal (#84) and /replace-state (#193) for the honest clients\' ids reach both honest clients (spoofed state and removal); awareness-huge/1024KiB (#290) is relayed to both (1048566 B, limit 8192)',
  },
  {
    seed: 20_260_612,
    caseIds: [52, 118, 568, 581, 674, 2223],
    connections: 6,
    finding:
      "delete-unknown/at-2^53 (#118) leaves pendingDs that the server serves to the honest clients and stores (pendingDs after the restart); update-self-ref/origin-self-waiting-on-honest (#581) parks an item that throws inside an honest client's later update, and the server closes that honest client with 1008 'invalid update'",
  },
  {
    seed: 20_260_612,
    caseIds: [686],
    connections: 1,
    finding:
      "update-deep/json/5000 (#686): JSON.stringify overflows while Yjs encodes the update event; the server's doc never emits an update again, so no later edit is stored or broadcast (37 of 49 keys per honest client missing after the restart) and every joiner is closed with 1008 'malformed state vector'",
  },
  {
    seed: 12_345,
    caseIds: [41, 170, 336, 345],
    connections: 1,
    finding:
      "against 20eab30 (updates checked, client ids not yet owned): honest-clock/next-clock (#41, #170) and /gc-at-next (#336, #345) write under an honest client's id at its next clock; the server relays them, Yjs switches that client to a new id, and the edits it made at the taken clocks are lost (in a full run also: an honest item overlapping such a GC made Y.applyUpdate throw half-way)",
  },
];
