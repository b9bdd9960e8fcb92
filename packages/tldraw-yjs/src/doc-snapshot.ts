import type * as Y from 'yjs';
import type { StoreSnapshot, UnknownRecord } from '@tldraw/store';
import { getRecordsMap } from './layout.ts';
import { readStoredRecord, type StoredRecord } from './record-entry.ts';
import { readDocSchema } from './schema-meta.ts';

/** The doc's well-formed records as plain JSON (malformed entries are left out). */
export function readDocRecords(doc: Y.Doc): StoredRecord[] {
  const out: StoredRecord[] = [];
  getRecordsMap(doc).forEach((entry, id) => {
    const record = readStoredRecord(entry, id);
    if (record) out.push(record);
  });
  return out;
}

/**
 * Reads the doc as a tldraw store snapshot (`{ schema, store }`), for archiving, export or
 * validation without a store. Returns `null` when the doc has no schema yet (not seeded).
 * Malformed entries (not an object with matching `id`/`typeName`) are left out.
 */
export function readDocSnapshot<R extends UnknownRecord = UnknownRecord>(doc: Y.Doc): StoreSnapshot<R> | null {
  const schema = readDocSchema(doc);
  if (!schema) return null;
  const store: Record<string, R> = {};
  for (const record of readDocRecords(doc)) store[record.id] = record as unknown as R;
  return { schema, store } as StoreSnapshot<R>;
}
