import type { SerializedSchema, StoreSchema, UnknownRecord } from '@tldraw/store';
import { errorMessage } from './logger.ts';
import { isStoredRecord, type StoredRecord } from './record-entry.ts';

export type RecordCheck = { ok: true; record: StoredRecord } | { ok: false; problem: string };

/**
 * Whether a `records` entry, read as plain JSON (`readRecordEntry`), is a valid record under
 * `schema`: well formed, with its own id as key, of a document-scope type, and passing that
 * type's validator. `persisted` is the doc's own schema when it is older than `schema`: the
 * record is migrated before it is validated, as a client reading the board would.
 */
export function checkDocRecord<R extends UnknownRecord, P>(
  schema: StoreSchema<R, P>,
  id: string,
  value: unknown,
  persisted: SerializedSchema | null = null,
): RecordCheck {
  if (!isStoredRecord(value, id)) return { ok: false, problem: 'not a record with this id' };
  const types = schema.types as Record<string, { scope: string; validate(record: unknown): unknown } | undefined>;
  const type = Object.hasOwn(types, value.typeName) ? types[value.typeName] : undefined;
  if (!type || type.scope !== 'document') return { ok: false, problem: `not a document record type: ${value.typeName}` };
  let record: StoredRecord = value;
  if (persisted) {
    const migrated = schema.migratePersistedRecord(value as unknown as R, persisted);
    if (migrated.type === 'error') return { ok: false, problem: `cannot be migrated: ${migrated.reason}` };
    record = migrated.value as unknown as StoredRecord;
  }
  try {
    type.validate(record);
  } catch (error) {
    return { ok: false, problem: errorMessage(error) };
  }
  return { ok: true, record };
}
