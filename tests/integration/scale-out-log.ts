/**
 * A board's stored state read back from PostgreSQL with the server's own PgStore (the store
 * contract's `readUpdatesAfter`, one transaction), and the document a replay of it gives: what
 * the scale-out tests compare every client against.
 */
import * as Y from 'yjs';
import { PgStore, type LoggedUpdate, type StoredSnapshot } from '../../apps/server/src/storage/index.ts';

export interface BoardLog {
  headSeq: number;
  /** The log rows still stored (after the compacted snapshot, if any), ascending by seq. */
  rows: LoggedUpdate[];
  /** The compacted state, when some seq in 1..headSeq is no longer a row. */
  snapshot: StoredSnapshot | null;
}

export async function readLog(databaseUrl: string, boardId: string): Promise<BoardLog> {
  const store = await PgStore.open(databaseUrl, { poolSize: 1 });
  try {
    const read = await store.readUpdatesAfter(boardId, 0);
    return { headSeq: read.headSeq, rows: read.updates, snapshot: read.snapshot };
  } finally {
    await store.close();
  }
}

/** The document the stored state stands for: the snapshot, then every row in seq order. */
export function replay(log: BoardLog): Y.Doc {
  const doc = new Y.Doc();
  if (log.snapshot) Y.applyUpdate(doc, log.snapshot.state);
  for (const row of log.rows) Y.applyUpdate(doc, row.data);
  return doc;
}
