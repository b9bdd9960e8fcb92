import type * as Y from 'yjs';
import type { SerializedSchema, SerializedSchemaV2, StoreSchema, UnknownRecord } from '@tldraw/store';
import { isEqual } from '@tldraw/utils';
import { getMetaMap, getRecordsMap, META_SCHEMA_KEY } from './layout.ts';
import { readStoredRecord, writeRecordEntry } from './record-entry.ts';
import type { SyncedTypes } from './synced-types.ts';

/**
 * How the schema stored in a doc relates to the schema of the store being bound.
 *
 * - `missing`: the doc has no schema yet (never seeded).
 * - `same`: identical; records can be used as they are.
 * - `older`: the doc was written by an older build; records must be migrated (there may be no
 *   migration to run when the only difference is a sequence this build added, e.g. a new custom
 *   shape type; the doc's schema must still be updated so that older clients notice).
 * - `newer`: the doc was written by a build this code does not know (higher version of a known
 *   migration sequence, or a sequence this build does not have at all) → open read-only.
 * - `incompatible`: the stored schema is malformed or cannot be migrated from.
 */
export type SchemaComparison =
  | { kind: 'missing' }
  | { kind: 'same'; persisted: SerializedSchema }
  | { kind: 'older'; persisted: SerializedSchema }
  | { kind: 'newer'; persisted: SerializedSchema; detail: string }
  | { kind: 'incompatible'; persisted: unknown; detail: string };

function isSerializedSchema(value: unknown): value is SerializedSchema {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.schemaVersion === 2) {
    const seq = v.sequences;
    return (
      typeof seq === 'object' &&
      seq !== null &&
      Object.values(seq).every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)
    );
  }
  if (v.schemaVersion === 1) {
    return typeof v.storeVersion === 'number' && typeof v.recordVersions === 'object' && v.recordVersions !== null;
  }
  return false;
}

/** The raw value stored under `meta.schema` (may be anything if a client misbehaved). */
function readRawDocSchema(doc: Y.Doc): unknown {
  return getMetaMap(doc).get(META_SCHEMA_KEY);
}

/** The doc's serialized schema, or `null` when absent or malformed. */
export function readDocSchema(doc: Y.Doc): SerializedSchema | null {
  const raw = readRawDocSchema(doc);
  return isSerializedSchema(raw) ? raw : null;
}

/** Writes `schema.serialize()` into the doc's meta map. Call inside a `doc.transact`. */
export function writeDocSchema(doc: Y.Doc, schema: SerializedSchemaV2): void {
  const meta = getMetaMap(doc);
  if (!isEqual(meta.get(META_SCHEMA_KEY), schema)) meta.set(META_SCHEMA_KEY, schema);
}

/** Writes `schema` into a doc that has none (records are never written without one). Call inside a `doc.transact`. */
export function writeDocSchemaIfMissing<R extends UnknownRecord, P>(doc: Y.Doc, schema: StoreSchema<R, P>): void {
  if (readRawDocSchema(doc) === undefined) writeDocSchema(doc, schema.serialize());
}

/** Compares the schema stored in `doc` with the schema of the store that wants to bind to it. */
function compareDocSchema<R extends UnknownRecord, P>(
  schema: StoreSchema<R, P>,
  doc: Y.Doc,
): SchemaComparison {
  return compareSchemaValue(schema, readRawDocSchema(doc));
}

/** Compares a value stored (or about to be stored) under `meta.schema` with `schema`. */
export function compareSchemaValue<R extends UnknownRecord, P>(schema: StoreSchema<R, P>, raw: unknown): SchemaComparison {
  if (raw === undefined) return { kind: 'missing' };
  if (!isSerializedSchema(raw)) {
    const version = typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
    if (typeof version === 'number' && version > 2) {
      return { kind: 'newer', persisted: raw as SerializedSchema, detail: `schema format ${version} is newer than 2` };
    }
    return { kind: 'incompatible', persisted: raw, detail: 'meta.schema is not a serialized tldraw schema' };
  }
  const persisted = raw;
  const ours = schema.serialize();
  if (isEqual(persisted, ours)) return { kind: 'same', persisted };

  if (persisted.schemaVersion === 2) {
    const tooNew: string[] = [];
    for (const [sequenceId, version] of Object.entries(persisted.sequences)) {
      const known = ours.sequences[sequenceId];
      if (known === undefined) tooNew.push(`${sequenceId}@${version} (unknown to this build)`);
      else if (version > known) tooNew.push(`${sequenceId}@${version} (this build knows up to ${known})`);
    }
    if (tooNew.length > 0) return { kind: 'newer', persisted, detail: tooNew.join(', ') };
  }

  const migrations = schema.getMigrationsSince(persisted);
  if (!migrations.ok) return { kind: 'incompatible', persisted, detail: String(migrations.error) };
  return { kind: 'older', persisted };
}

/** Why the doc's schema leaves a binding read-only (the binding adds the app's own reason). */
export type SchemaReadOnlyReason = 'newer-schema' | 'incompatible-schema' | 'migration-failed';

/** What `reconcileDocSchema` found in the doc and did about it. */
export interface SchemaReconciliation {
  /**
   * The doc's schema when its records are older than the store's and stay that way (the binding
   * may not write, or migrating them failed): each record is migrated on its way into the store.
   * `null` when the records can be read as they are.
   */
  readRecordsFrom: SerializedSchema | null;
  /** The doc's records were migrated in place: the store must load them again. */
  migrated: boolean;
  /** Set when the binding must stop writing; `message` is English, for logs. */
  readOnly: { reason: SchemaReadOnlyReason; message: string } | null;
}

export interface ReconcileOptions {
  /** False while the binding is read-only: nothing is written, older records are migrated on the way in. */
  writable: boolean;
  /** The Yjs origin of the writes (the binding's own, so that its observers skip them). */
  origin: object;
  /** The record types whose entries are migrated; the rest of the doc is left as it is. */
  syncedTypes: SyncedTypes;
}

const asIs: SchemaReconciliation = { readRecordsFrom: null, migrated: false, readOnly: null };

const readOnlyBecause = (reason: SchemaReadOnlyReason, message: string): SchemaReconciliation => ({
  ...asIs,
  readOnly: { reason, message },
});

/**
 * Brings the doc's schema in line with `schema`, the one of the store being bound, as far as
 * the binding may: a missing schema is written; an older board is migrated in place (its
 * records and the current schema, in one transaction); a newer or unusable schema makes the
 * binding read-only. Runs on bind and whenever another client changes `meta.schema`.
 */
export function reconcileDocSchema<R extends UnknownRecord, P>(
  doc: Y.Doc,
  schema: StoreSchema<R, P>,
  options: ReconcileOptions,
): SchemaReconciliation {
  const comparison = compareDocSchema(schema, doc);
  switch (comparison.kind) {
    case 'same':
      return asIs;
    case 'missing':
      if (options.writable) doc.transact(() => writeDocSchema(doc, schema.serialize()), options.origin);
      return asIs;
    case 'newer':
      return readOnlyBecause(
        'newer-schema',
        `this board was saved by a newer version of the app (${comparison.detail}); reload to update`,
      );
    case 'incompatible':
      return readOnlyBecause('incompatible-schema', `the board's stored schema is not usable: ${comparison.detail}`);
    case 'older':
      // Not allowed to write: the records are translated on the way in instead.
      if (!options.writable) return { ...asIs, readRecordsFrom: comparison.persisted };
      return migrateDocInPlace(doc, schema, comparison.persisted, options);
  }
}

/** Migrates the doc's synced records from `persisted` to `schema` and stores `schema`, in one transaction. */
function migrateDocInPlace<R extends UnknownRecord, P>(
  doc: Y.Doc,
  schema: StoreSchema<R, P>,
  persisted: SerializedSchema,
  { origin, syncedTypes }: ReconcileOptions,
): SchemaReconciliation {
  const records = getRecordsMap(doc);
  const snapshot: Record<string, R> = {};
  records.forEach((entry, id) => {
    const record = readStoredRecord(entry, id);
    if (record && syncedTypes.has(record.typeName)) snapshot[id] = record as unknown as R;
  });
  const result = schema.migrateStoreSnapshot({ schema: persisted, store: snapshot as Record<R['id'], R> });
  if (result.type === 'error') {
    return { ...readOnlyBecause('migration-failed', `migrating the board failed: ${result.reason}`), readRecordsFrom: persisted };
  }
  const migrated = result.value as Record<string, R>;
  doc.transact(() => {
    for (const [id, record] of Object.entries(migrated)) writeRecordEntry(records, id, record);
    for (const id of Object.keys(snapshot)) {
      if (!(id in migrated)) records.delete(id);
    }
    writeDocSchema(doc, schema.serialize());
  }, origin);
  return { ...asIs, migrated: true };
}
