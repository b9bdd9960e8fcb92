import * as Y from 'yjs';
import type { SerializedSchema, StoreSchema, UnknownRecord } from '@tldraw/store';
import {
  checkDocRecord,
  compareSchemaValue,
  getMetaMap,
  getRecordsMap,
  META_SCHEMA_KEY,
  readRecordEntry,
  readValueBefore,
  writeRecordEntry,
  type ValueBefore,
} from '@koppelbord/tldraw-yjs';
import type { RevertReason } from '../metrics/index.ts';

export interface RecordGuardOptions {
  /** The board schema (the same validators and migrations as the client's). */
  schema: StoreSchema<UnknownRecord, unknown>;
  /** Transactions from these origins are not checked (the stored state, already checked). */
  trusted: (origin: unknown) => boolean;
  onRevert(reason: RevertReason, ids: readonly string[], problem: string): void;
}

interface Revert {
  id: string;
  /** The last valid value; undefined: the record is removed (it never was valid). */
  restore: unknown;
}

/**
 * Keeps the board's layout valid on the server: after every client transaction, each record
 * it touched in the `records` map is validated with the board schema, and `meta.schema` must
 * stay the schema this server's clients write. An invalid record is put back to its value
 * before that transaction (or removed, if that was not valid either), in a transaction of the
 * server's own that runs right after the client's and goes into the same commit and the same
 * broadcast — so no one ever sees the invalid state, and because the client's update itself
 * was applied, the writer's later edits (which build on it in Yjs) still arrive.
 *
 * Other roots of the doc are not the board's and are left alone.
 */
export class RecordGuard {
  readonly #doc: Y.Doc;
  readonly #records: Y.Map<unknown>;
  readonly #meta: Y.Map<unknown>;
  readonly #options: RecordGuardOptions;
  /** The origin of the guard's own transactions. */
  readonly #origin = Symbol('record-guard');
  /** The doc's schema when it is older than ours (records are migrated before validation); cached until meta changes. */
  #persisted: SerializedSchema | null | undefined;

  constructor(doc: Y.Doc, options: RecordGuardOptions) {
    this.#doc = doc;
    this.#records = getRecordsMap(doc);
    this.#meta = getMetaMap(doc);
    this.#options = options;
    doc.on('afterTransaction', this.#onTransaction);
  }

  destroy(): void {
    this.#doc.off('afterTransaction', this.#onTransaction);
  }

  readonly #onTransaction = (transaction: Y.Transaction): void => {
    const changed: ReadonlyMap<object, Set<string | null>> = transaction.changed;
    const metaKeys = changed.get(this.#meta);
    if (metaKeys) this.#persisted = undefined;
    if (transaction.origin === this.#origin || this.#options.trusted(transaction.origin)) return;

    let schemaRestore: ValueBefore | undefined;
    if (metaKeys?.has(META_SCHEMA_KEY) && compareSchemaValue(this.#options.schema, this.#meta.get(META_SCHEMA_KEY)).kind !== 'same') {
      schemaRestore = readValueBefore(this.#meta, META_SCHEMA_KEY, transaction);
    }
    const reverts = this.#invalidRecords(transaction, schemaRestore);
    if (reverts.length === 0 && !schemaRestore) return;

    // Runs as its own transaction right after this one (Yjs queues nested transactions).
    this.#doc.transact(() => {
      if (schemaRestore) {
        if (schemaRestore.present) this.#meta.set(META_SCHEMA_KEY, schemaRestore.value);
        else this.#meta.delete(META_SCHEMA_KEY);
      }
      for (const { id, restore } of reverts) {
        if (restore === undefined) this.#records.delete(id);
        else writeRecordEntry(this.#records, id, restore as object);
      }
    }, this.#origin);
    if (schemaRestore) this.#options.onRevert('invalid_schema', [META_SCHEMA_KEY], 'meta.schema is not this server’s board schema');
  };

  #invalidRecords(transaction: Y.Transaction, schemaRestore: ValueBefore | undefined): Revert[] {
    const ids = changedRecordIds(transaction, this.#records);
    if (ids.size === 0) return [];
    const persisted = schemaRestore ? this.#persistedFrom(schemaRestore.present ? schemaRestore.value : undefined) : this.#persistedSchema();
    const reverts: Revert[] = [];
    let firstProblem = '';
    for (const id of ids) {
      const entry = this.#records.get(id);
      if (entry === undefined) continue; // removed: always allowed
      const check = checkDocRecord(this.#options.schema, id, readRecordEntry(entry), persisted);
      if (check.ok) continue;
      firstProblem ||= check.problem;
      const before = readValueBefore(this.#records, id, transaction);
      const restore = before.present && checkDocRecord(this.#options.schema, id, readRecordEntry(before.value), persisted).ok ? before.value : undefined;
      reverts.push({ id, restore });
    }
    if (reverts.length > 0) this.#options.onRevert('invalid_record', reverts.map((revert) => revert.id), firstProblem);
    return reverts;
  }

  #persistedSchema(): SerializedSchema | null {
    if (this.#persisted === undefined) this.#persisted = this.#persistedFrom(this.#meta.get(META_SCHEMA_KEY));
    return this.#persisted;
  }

  /** `value` as the schema to migrate records from: only when it is a schema older than ours. */
  #persistedFrom(value: unknown): SerializedSchema | null {
    const comparison = compareSchemaValue(this.#options.schema, value);
    return comparison.kind === 'older' ? comparison.persisted : null;
  }
}

/** Ids of the records a transaction touched: keys of `records`, or the entry holding a changed nested type. */
function changedRecordIds(transaction: Y.Transaction, records: Y.Map<unknown>): Set<string> {
  const ids = new Set<string>();
  const changed: ReadonlyMap<{ _item: Y.Item | null }, Set<string | null>> = transaction.changed;
  for (const [type, keys] of changed) {
    if (type === records) {
      for (const key of keys) if (key !== null) ids.add(key);
      continue;
    }
    let current: { _item: Y.Item | null } = type;
    for (;;) {
      const item = current._item;
      if (item === null || !(item.parent instanceof Y.AbstractType)) break;
      if (item.parent === records) {
        if (item.parentSub !== null) ids.add(item.parentSub);
        break;
      }
      current = item.parent;
    }
  }
  return ids;
}
