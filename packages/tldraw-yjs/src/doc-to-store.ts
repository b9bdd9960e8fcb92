import type * as Y from 'yjs';
import type { SerializedSchema, Store, UnknownRecord } from '@tldraw/store';
import { isEqual } from '@tldraw/utils';
import { errorMessage, type BindingLogger } from './logger.ts';
import { changedRecordIds, readStoredRecord } from './record-entry.ts';
import type { SyncedTypes } from './synced-types.ts';

export interface DocToStoreOptions {
  syncedTypes: SyncedTypes;
  logger: BindingLogger;
}

/**
 * Doc → store. Reads the `records` entries a remote change touched (or all of them, on load),
 * skips and logs what is not a synced record or cannot be migrated, leaves out what the store
 * already holds, and applies the rest as one remote change (`applyRemoteRecords`).
 */
export class DocToStore<R extends UnknownRecord, P> {
  readonly #store: Store<R, P>;
  readonly #records: Y.Map<unknown>;
  readonly #options: DocToStoreOptions;
  /** The doc's schema while its records are older than the store's and stay so; `null` when they are current. */
  #migrateFrom: SerializedSchema | null = null;

  constructor(store: Store<R, P>, records: Y.Map<unknown>, options: DocToStoreOptions) {
    this.#store = store;
    this.#records = records;
    this.#options = options;
  }

  /** From now on, migrate each record from `persisted` on its way in (`null`: read them as they are). */
  migrateRecordsFrom(persisted: SerializedSchema | null): void {
    this.#migrateFrom = persisted;
  }

  /** Brings the whole store in line with the doc. Synced records the doc does not have are removed: the doc wins. */
  loadAll(): void {
    const put: R[] = [];
    const seen = new Set<string>();
    this.#records.forEach((entry, id) => {
      seen.add(id);
      const record = this.#readChanged(id, entry);
      if (record) put.push(record);
    });
    const remove = this.#store
      .allRecords()
      .filter((record) => this.#options.syncedTypes.has(record.typeName) && !seen.has(record.id))
      .map((record) => record.id);
    applyRemoteRecords(this.#store, put, remove, this.#options.logger);
  }

  /** Applies what a remote transaction changed, from the events of a deep observer on `records`. */
  applyChanges(events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): void {
    const put: R[] = [];
    const remove: R['id'][] = [];
    for (const id of changedRecordIds(this.#records, events)) {
      if (!this.#records.has(id)) {
        const existing = this.#store.unsafeGetWithoutCapture(id as R['id']);
        if (existing && this.#options.syncedTypes.has(existing.typeName)) remove.push(existing.id);
        continue;
      }
      const record = this.#readChanged(id, this.#records.get(id));
      if (record) put.push(record);
    }
    applyRemoteRecords(this.#store, put, remove, this.#options.logger);
  }

  /** The record a doc entry holds when the store must take it: `null` when it is skipped or the store already has it. */
  #readChanged(id: string, entry: unknown): R | null {
    const record = this.#read(id, entry);
    return record && !isEqual(this.#store.unsafeGetWithoutCapture(record.id), record) ? record : null;
  }

  /** A doc entry as a record for the store, or `null` (logged) when it must be skipped. */
  #read(id: string, entry: unknown): R | null {
    const { syncedTypes, logger } = this.#options;
    const value = readStoredRecord(entry, id);
    if (!value) {
      logger.warn('skipped a malformed entry in the doc', { id });
      return null;
    }
    if (!syncedTypes.has(value.typeName)) {
      if (!syncedTypes.isExcluded(value.typeName)) {
        logger.warn('skipped a record of a type this store does not sync', { id, typeName: value.typeName });
      }
      return null;
    }
    if (!this.#migrateFrom) return value as unknown as R;
    const migrated = this.#store.schema.migratePersistedRecord(value as unknown as R, this.#migrateFrom);
    if (migrated.type === 'error') {
      logger.warn('skipped a record that could not be migrated', { id, reason: migrated.reason });
      return null;
    }
    return migrated.value;
  }
}

/**
 * Applies records coming from the doc to the store as a remote change
 * (`store.mergeRemoteChanges`: `source: 'remote'`, so they are not echoed back into the doc and
 * not recorded by tldraw's undo history).
 *
 * One invalid record must not stop sync. Inside one remote merge each record is put on its own,
 * so the store's validation of it (the only one: a board of 2,800 records used to be validated
 * twice on load) throws before anything of it is written, and it is skipped and logged while the
 * rest goes on. Should the merge still throw (e.g. a side effect rejects it), it is rolled back
 * and retried record by record, each in its own remote merge, skipping and logging the ones that
 * fail.
 *
 * Skipping inside the merge (rather than letting one invalid record fail the batch) matters: a
 * failing `mergeRemoteChanges` is rolled back but still runs tldraw's integrity checker, which on
 * an empty store would invent `document:document` and a default `page:page` as *local* changes.
 */
function applyRemoteRecords<R extends UnknownRecord, P>(
  store: Store<R, P>,
  toPut: readonly R[],
  toRemove: readonly R['id'][],
  logger: BindingLogger,
): void {
  const skip = (id: string, error: unknown) => {
    logger.warn('skipped a record from the doc that the store rejects', { id, error: errorMessage(error) });
  };
  const removable = toRemove.filter((id) => store.has(id));
  if (toPut.length === 0 && removable.length === 0) return;

  const rejected = new Set<string>();
  try {
    store.mergeRemoteChanges(() => {
      for (const record of toPut) {
        try {
          store.put([record]);
        } catch (error) {
          rejected.add(record.id);
          skip(record.id, error);
        }
      }
      if (removable.length > 0) store.remove(removable);
    });
    return;
  } catch (error) {
    logger.warn('remote batch failed, applying record by record', { error: errorMessage(error) });
  }

  for (const record of toPut) {
    if (rejected.has(record.id)) continue;
    try {
      store.mergeRemoteChanges(() => store.put([record]));
    } catch (error) {
      skip(record.id, error);
    }
  }
  for (const id of removable) {
    try {
      store.mergeRemoteChanges(() => store.remove([id]));
    } catch (error) {
      skip(id, error);
    }
  }
}
