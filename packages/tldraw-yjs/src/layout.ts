import type * as Y from 'yjs';
import type { SerializedSchema, StoreSnapshot, UnknownRecord } from '@tldraw/store';
import { META_MAP_NAME, RECORDS_MAP_NAME } from './layout-names.ts';
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
  getRecordsMap(doc).forEach((value, id) => {
    if (isStoredRecord(value, id)) store[id] = value as unknown as R;
  });
  return { schema, store } as StoreSnapshot<R>;
}
