import type * as Y from 'yjs';
import type { SerializedSchema, SerializedSchemaV2, StoreSchema, UnknownRecord } from '@tldraw/store';
import { isEqual } from '@tldraw/utils';
import { META_MAP_NAME, META_SCHEMA_KEY } from './layout-names.ts';

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
export function readRawDocSchema(doc: Y.Doc): unknown {
  return doc.getMap<unknown>(META_MAP_NAME).get(META_SCHEMA_KEY);
}

/** The doc's serialized schema, or `null` when absent or malformed. */
export function readDocSchema(doc: Y.Doc): SerializedSchema | null {
  const raw = readRawDocSchema(doc);
  return isSerializedSchema(raw) ? raw : null;
}

/** Writes `schema.serialize()` into the doc's meta map. Call inside a `doc.transact`. */
export function writeDocSchema(doc: Y.Doc, schema: SerializedSchemaV2): void {
  const meta = doc.getMap<unknown>(META_MAP_NAME);
  if (!isEqual(meta.get(META_SCHEMA_KEY), schema)) meta.set(META_SCHEMA_KEY, schema);
}

/** Compares the schema stored in `doc` with the schema of the store that wants to bind to it. */
export function compareDocSchema<R extends UnknownRecord, P>(
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
