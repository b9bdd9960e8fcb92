/**
 * What a case may know about the run when it is played: the honest clients' ids and clocks.
 * Cases that target the honest clients (their client ids at their next clocks, spoofed
 * awareness) read these at play time; everything else about a case is fixed by the seed.
 */

export interface HonestInfo {
  index: number;
  /** The Y.Doc client id the honest client writes with now. */
  clientId: number;
  /** Its next clock (`Y.getState(doc.store, clientId)`). */
  nextClock: number;
  /** Its awareness client id (the doc's client id when the provider was created). */
  awarenessId: number;
  /** The clock of its awareness state. */
  awarenessClock: number;
  /** The root map it writes its keys into. */
  mapName: string;
}

export interface CaseContext {
  honest: HonestInfo[];
}

/** Awareness ids from here up belong to the raw connections' probe markers; cases never use them. */
export const markerIdBase = 0xffff_ff00;

/** Root map of honest client `index`; the fuzz never writes into these. */
export const honestMapName = (index: number): string => `honest-${index}`;

/** A context without honest clients (for unit tests and when generating cases offline). */
export const emptyContext: CaseContext = { honest: [] };
