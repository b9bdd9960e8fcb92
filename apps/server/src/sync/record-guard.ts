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
  /** Further rules a change must pass, for the authors they bind (e.g. scaffold-guard.ts). */
  rules?: readonly RecordRule[];
  /** Records were put back; `origin` is the transaction's (whose update it was). */
  onRevert(reason: RevertReason, ids: readonly string[], problem: string, origin: unknown): void;
}

/**
 * A rule about who may change what, beyond validity: a record it refuses is put back to its
 * value before the transaction (or removed, if it did not exist), like an invalid one.
 */
export interface RecordRule {
  /** The revert reason counted for what this rule refuses. */
  reason: RevertReason;
  /** Whether the rule applies to the author of a transaction (its origin), asked once per transaction. */
  binds(origin: unknown): boolean;
  /**
   * Why `before` may not become `after` (plain JSON as stored; undefined: absent), or
   * undefined when the change is allowed. Asked for every record the transaction touched;
   * `origin` is the transaction's (its author, for rules about whose change it is).
   */
  refuse(id: string, before: unknown, after: unknown, origin: unknown): string | undefined;
  /** Told of every change the guard lets stand, whoever made it (e.g. the owner's lock changes, for the audit log). */
  accepted?(id: string, before: unknown, after: unknown, origin: unknown): void;
}

interface Revert {
  id: string;
  reason: RevertReason;
  problem: string;
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
 * Records must also pass the `rules` that bind the transaction's author (who may change what);
 * what a rule refuses is put back the same way, deletions included.
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
    const reverts = this.#refusedRecords(transaction, schemaRestore);
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
    if (schemaRestore) this.#options.onRevert('invalid_schema', [META_SCHEMA_KEY], 'meta.schema is not this server’s board schema', transaction.origin);
    for (const reason of new Set(reverts.map((revert) => revert.reason))) {
      const group = reverts.filter((revert) => revert.reason === reason);
      this.#options.onRevert(
        reason,
        group.map((revert) => revert.id),
        group[0]!.problem,
        transaction.origin,
      );
    }
  };

  /** The records the transaction touched that must be put back: invalid, or refused by a rule. */
  #refusedRecords(transaction: Y.Transaction, schemaRestore: ValueBefore | undefined): Revert[] {
    const ids = changedRecordIds(transaction, this.#records);
    if (ids.size === 0) return [];
    const rules = (this.#options.rules ?? []).filter((rule) => rule.binds(transaction.origin));
    const watchers = (this.#options.rules ?? []).filter((rule) => rule.accepted);
    const persisted = schemaRestore ? this.#persistedFrom(schemaRestore.present ? schemaRestore.value : undefined) : this.#persistedSchema();
    const reverts: Revert[] = [];
    for (const id of ids) {
      const entry = this.#records.get(id);
      const after = entry === undefined ? undefined : readRecordEntry(entry);
      let before: ValueBefore | undefined;
      if (after !== undefined) {
        const check = checkDocRecord(this.#options.schema, id, after, persisted);
        if (!check.ok) {
          before = readValueBefore(this.#records, id, transaction);
          const restore = before.present && checkDocRecord(this.#options.schema, id, readRecordEntry(before.value), persisted).ok ? before.value : undefined;
          reverts.push({ id, reason: 'invalid_record', problem: check.problem, restore });
          continue;
        }
      }
      let refused = false;
      for (const rule of rules) {
        before ??= readValueBefore(this.#records, id, transaction);
        const problem = rule.refuse(id, before.present ? readRecordEntry(before.value) : undefined, after, transaction.origin);
        if (problem === undefined) continue;
        reverts.push({ id, reason: rule.reason, problem, restore: before.present ? before.value : undefined });
        refused = true;
        break;
      }
      if (refused) continue;
      for (const rule of watchers) {
        before ??= readValueBefore(this.#records, id, transaction);
        rule.accepted!(id, before.present ? readRecordEntry(before.value) : undefined, after, transaction.origin);
      }
    }
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
