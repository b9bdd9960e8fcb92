import type * as Y from 'yjs';
import type { UnknownRecord } from '@tldraw/store';
import { getRecordsMap, writeRecordEntry } from '@koppelbord/tldraw-yjs';

/**
 * Makes the doc's records equal `target` (a snapshot's valid records) as a forward change:
 * records the snapshot lacks are deleted, the others written field by field where they
 * differ. Nothing is replaced in place, so every client — also one that comes back from
 * offline with edits of its own — converges on the snapshot and merges its edits after it.
 * Must run inside a transaction (BoardRoom.changeAsServer).
 */
export function writeRecordsAs(doc: Y.Doc, target: readonly UnknownRecord[]): void {
  const records = getRecordsMap(doc);
  const wanted = new Map<string, UnknownRecord>(target.map((record) => [record.id, record]));
  for (const id of [...records.keys()]) if (!wanted.has(id)) records.delete(id);
  // writeRecordEntry touches only the fields that differ: unchanged records cost nothing.
  for (const [id, record] of wanted) writeRecordEntry(records, id, record);
}
