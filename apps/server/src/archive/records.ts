import * as Y from 'yjs';
import type { SerializedSchema } from '@tldraw/store';
import { createBoardSchema, type TLRecord } from '@koppelbord/board-model';
import { checkDocRecord, compareSchemaValue, getMetaMap, getRecordsMap, META_SCHEMA_KEY, readRecordEntry } from '@koppelbord/tldraw-yjs';

const boardSchema = createBoardSchema();

export interface SnapshotRecords {
  /** Valid document-scope records (migrated to this build's schema), sorted by id. */
  records: TLRecord[];
  /** This build's board schema: the records are in its versions. */
  schema: SerializedSchema;
  /** Entries left out: not valid under the board schema, or hanging from something that was left out. */
  invalid: number;
}

/**
 * The records of a snapshot's Yjs state that every derived file may use: each entry of the
 * doc's `records` map is checked as the server's record guard checks a client's write
 * (well formed, document scope, the type's validator; migrated first when the doc's schema
 * is older). Shapes whose parent and bindings whose ends were left out are left out too, so
 * the files never point at a record that is not in them. The rest is counted.
 */
export function snapshotRecords(state: Uint8Array): SnapshotRecords {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const comparison = compareSchemaValue(boardSchema, getMetaMap(doc).get(META_SCHEMA_KEY));
    const persisted = comparison.kind === 'older' ? comparison.persisted : null;
    const entries = getRecordsMap(doc);
    const valid = new Map<string, TLRecord>();
    entries.forEach((entry, id) => {
      const check = checkDocRecord(boardSchema, id, readRecordEntry(entry), persisted);
      if (check.ok) valid.set(id, check.record as unknown as TLRecord);
    });
    pruneOrphans(valid);
    const records = [...valid.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { records, schema: boardSchema.serialize(), invalid: entries.size - records.length };
  } finally {
    doc.destroy();
  }
}

/** Removes shapes whose parent is absent and bindings whose arrow or target is absent, until none are left. */
function pruneOrphans(records: Map<string, TLRecord>): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, record] of records) {
      const orphan =
        (record.typeName === 'shape' && !records.has(record.parentId)) ||
        (record.typeName === 'binding' && (!records.has(record.fromId) || !records.has(record.toId)));
      if (orphan) {
        records.delete(id);
        changed = true;
      }
    }
  }
}
