/** Board metadata as stored. */
export interface BoardRecord {
  id: string;
  title: string;
  municipality: string | null;
  neighbourhood: string | null;
  createdAt: Date;
}

/** One row of a board's append-only update log. */
export interface LoggedUpdate {
  id: number;
  data: Uint8Array;
}

/** A board's latest compacted state, with its state vector so it can be served unparsed. */
export interface StoredSnapshot {
  state: Uint8Array;
  stateVector: Uint8Array;
}

/** A snapshot as loaded: `servable` when it may be sent to a joiner as it is stored (see `compact`). */
export interface LoadedSnapshot extends StoredSnapshot {
  servable: boolean;
}

/** What loading a board reads: the latest compacted state and the log rows written after it. */
export interface StoredDocument {
  snapshot: LoadedSnapshot | null;
  updates: LoggedUpdate[];
}

/** An update waiting to be made durable. */
export interface PendingWrite {
  boardId: string;
  data: Uint8Array;
}

/**
 * Durable storage for boards and their Yjs documents. SQLite is the embedded default; a
 * PostgreSQL store (later issue) implements the same contract. Every method that writes is
 * one transaction: it either lands whole or not at all.
 */
export interface BoardStore {
  /** Creates the board and, in the same transaction, its first log row (the seeded document). */
  createBoard(board: BoardRecord, initialUpdate: Uint8Array): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | undefined>;
  loadDocument(boardId: string): Promise<StoredDocument>;
  /**
   * Appends all updates in one transaction; returns the new row ids in input order. The only
   * method that may answer synchronously: it runs once per event-loop turn on the hot path,
   * and an embedded store that can answer at once saves every commit a promise hop.
   */
  appendUpdates(batch: readonly PendingWrite[]): number[] | Promise<number[]>;
  /**
   * Replaces the board's compacted state with `state` and deletes exactly the log rows
   * `mergedIds` (never a range: rows written meanwhile must survive), in one transaction.
   * Snapshots written through here load as `servable`: this server's rooms keep updates with
   * missing dependencies out of the state they compact. Snapshots stored before that
   * (schema 1) load as not servable, and are parsed and compacted again before anyone gets them.
   */
  compact(boardId: string, snapshot: StoredSnapshot, mergedIds: readonly number[]): Promise<void>;
  /** Gives back memory held only for speed (caches): the server calls it when it goes idle. */
  releaseMemory(): void;
  close(): Promise<void>;
}
