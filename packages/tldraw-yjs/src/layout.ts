import type * as Y from 'yjs';
import type { SerializedSchema, StoreSnapshot, UnknownRecord } from '@tldraw/store';
import { META_MAP_NAME, RECORDS_MAP_NAME } from './layout-names.ts';
import { readRecordEntry } from './record-entry.ts';
import { readDocSchema } from './schema-meta.ts';

export { META_MAP_NAME, META_SCHEMA_KEY, RECORDS_MAP_NAME } from './layout-names.ts';

/** A record as stored in the doc: plain JSON, always with `id` and `typeName`. */
export type StoredRecord = UnknownRecord & Record<string, unknown>;

export function getRecordsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(RECORDS_MAP_NAME);
}

export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP_NAME);
}

/** True when `value` looks like a stored record with the given id. */
export function isStoredRecord(value: unknown, id?: string): value is StoredRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.typeName === 'string' && (id === undefined || v.id === id);
}

/**
 * Reads the doc as a tldraw store snapshot (`{ schema, store }`), e.g. for server-side archiving,
 * export or validation. Returns `null` when the doc has no schema yet (not seeded). Malformed
 * entries (not an object with matching `id`/`typeName`) are left out.
 */
export function readDocSnapshot<R extends UnknownRecord = UnknownRecord>(doc: Y.Doc): StoreSnapshot<R> | null {
  const schema: SerializedSchema | null = readDocSchema(doc);
  if (!schema) return null;
  const store: Record<string, R> = {};
  for (const record of readDocRecords(doc)) store[record.id] = record as unknown as R;
  return { schema, store } as StoreSnapshot<R>;
}

/** The doc's well-formed records as plain JSON (malformed entries are left out). */
export function readDocRecords(doc: Y.Doc): StoredRecord[] {
  const out: StoredRecord[] = [];
  getRecordsMap(doc).forEach((entry, id) => {
    const value = readRecordEntry(entry);
    if (isStoredRecord(value, id)) out.push(value);
  });
  return out;
}
