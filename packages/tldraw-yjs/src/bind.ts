import * as Y from 'yjs';
import type { SerializedSchema, Store, UnknownRecord } from '@tldraw/store';
import { isEqual } from '@tldraw/utils';
import { applyRemoteRecords } from './doc-to-store.ts';
import { getMetaMap, getRecordsMap, isStoredRecord } from './layout.ts';
import { writeRecordsToDoc } from './local-to-doc.ts';
import { changedRecordIds, readRecordEntry, writeRecordEntry } from './record-entry.ts';
import { consoleLogger, type BindingLogger } from './logger.ts';
import { compareDocSchema, writeDocSchema } from './schema-meta.ts';

/**
 * Why a binding does not write to the doc:
 * - `newer-schema`: the board was saved by a newer build (higher migration version, or record/shape
 *   types this build does not know). Ask the user to reload to get the new version.
 * - `incompatible-schema`: the stored schema is malformed or cannot be migrated from.
 * - `migration-failed`: the board is older but migrating its records threw.
 * - `read-only-access`: the app asked for it (`options.readOnly`, e.g. a viewer link).
 */
export type ReadOnlyReason = 'newer-schema' | 'incompatible-schema' | 'migration-failed' | 'read-only-access';

/** `message` is an English explanation for logs; show the user a text chosen by `reason`. */
export type BindingStatus = { readOnly: false } | { readOnly: true; reason: ReadOnlyReason; message: string };

export interface BindOptions {
  /** Receives skipped/stripped records and schema problems. Default: console. */
  logger?: BindingLogger;
  /** Never write to the doc (viewer links). The doc is still read and followed. */
  readOnly?: boolean;
  /**
   * Document-scope record types to keep local, e.g. `['user']` to keep tldraw's attribution user
   * records (name, colour) out of the board. Default: sync every document-scope type.
   */
  excludeTypeNames?: readonly string[];
  /** Called whenever `status` changes after `bindStoreToDoc` returned. */
  onStatusChange?: (status: BindingStatus) => void;
}

export interface StoreDocBinding {
  /** Current status; read it right after binding, and follow `onStatusChange`. */
  readonly status: BindingStatus;
  /** The Yjs transaction origin of this binding's writes (a unique object). */
  readonly origin: object;
  /** Writes pending local changes to the doc now (instead of on the next microtask). */
  flush(): void;
  /** Flushes pending local changes (if writable) and stops syncing in both directions. */
  destroy(): void;
}

/** Whether `transaction` changed the given shared type or any type nested in it. */
function touchesDeep(transaction: Y.Transaction, type: object): boolean {
  for (const changed of transaction.changed.keys()) {
    for (let current: object | null = changed; current; current = parentOf(current)) if (current === type) return true;
  }
  return false;
}

/** The shared type that holds `type`, or null for a root type. */
function parentOf(type: object): object | null {
  const parent = (type as { _item?: Y.Item | null })._item?.parent;
  return parent instanceof Y.AbstractType ? parent : null;
}

const readOnly = (reason: ReadOnlyReason, message: string): BindingStatus => ({ readOnly: true, reason, message });

/**
 * Binds a tldraw store (any `Store` built from a tldraw schema, custom shapes included) to a
 * board's Y.Doc. See README.md for the layout and for how the app must create the store.
 *
 * On call it reads the doc's schema, migrates an older board (writing the migrated records and
 * the current schema back in one transaction), and loads the doc's document-scope records into
 * the store as a remote change; records in the store that the doc does not have are removed (the
 * doc wins). Afterwards local `source: 'user'` changes go to the doc and remote doc changes come
 * into the store via `mergeRemoteChanges`.
 */
export function bindStoreToDoc<R extends UnknownRecord, P>(
  store: Store<R, P>,
  doc: Y.Doc,
  options: BindOptions = {},
): StoreDocBinding {
  type Id = R['id'];
  const logger = options.logger ?? consoleLogger;
  const origin: object = Object.freeze({ binding: '@koppelbord/tldraw-yjs', storeId: store.id });
  const records = getRecordsMap(doc);
  const meta = getMetaMap(doc);
  const excluded = new Set(options.excludeTypeNames ?? []);
  const documentTypes = store.scopedTypes.document as ReadonlySet<string>;
  const isSynced = (typeName: string) => documentTypes.has(typeName) && !excluded.has(typeName);

  let status: BindingStatus = options.readOnly
    ? readOnly('read-only-access', 'bound read-only by the app')
    : { readOnly: false };
  /** Set while the doc holds records in an older schema that this binding may not migrate. */
  let incomingSchema: SerializedSchema | null = null;
  const dirty = new Set<Id>();
  let destroyed = false;
  let initialized = false;

  const setStatus = (next: BindingStatus) => {
    if (isEqual(status, next)) return;
    status = next;
    dirty.clear();
    if (next.readOnly) logger.warn(`board is read-only: ${next.message}`, { reason: next.reason });
    if (initialized) options.onStatusChange?.(status);
  };

  /** A doc entry as a record for the store, or null when it must be skipped. */
  const readDocRecord = (id: string, entry: unknown): R | null => {
    const value = readRecordEntry(entry);
    if (!isStoredRecord(value, id)) {
      logger.warn('skipped a malformed entry in the doc', { id });
      return null;
    }
    if (!isSynced(value.typeName)) {
      if (!excluded.has(value.typeName)) {
        logger.warn('skipped a record of a type this store does not sync', { id, typeName: value.typeName });
      }
      return null;
    }
    if (!incomingSchema) return value as unknown as R;
    const migrated = store.schema.migratePersistedRecord(value as unknown as R, incomingSchema);
    if (migrated.type === 'error') {
      logger.warn('skipped a record that could not be migrated', { id, reason: migrated.reason });
      return null;
    }
    return migrated.value;
  };

  /** Brings the whole store in line with the doc (initial load, or after migrating in place). */
  const loadAllFromDoc = () => {
    const put: R[] = [];
    const seen = new Set<string>();
    records.forEach((value, id) => {
      seen.add(id);
      const record = readDocRecord(id, value);
      if (record && !isEqual(store.unsafeGetWithoutCapture(record.id), record)) put.push(record);
    });
    const remove = store
      .allRecords()
      .filter((r) => isSynced(r.typeName) && !seen.has(r.id))
      .map((r) => r.id);
    applyRemoteRecords(store, put, remove, logger);
  };

  /** Migrates the doc's records to the store's schema and stores that schema, in one transaction. */
  const migrateDocInPlace = (persisted: SerializedSchema): boolean => {
    const snapshot: Record<string, R> = {};
    records.forEach((entry, id) => {
      const value = readRecordEntry(entry);
      if (isStoredRecord(value, id) && isSynced(value.typeName)) snapshot[id] = value as unknown as R;
    });
    const result = store.schema.migrateStoreSnapshot({
      schema: persisted,
      store: snapshot as Record<Id, R>,
    });
    if (result.type === 'error') {
      incomingSchema = persisted;
      setStatus(readOnly('migration-failed', `migrating the board failed: ${result.reason}`));
      return false;
    }
    const migrated = result.value as Record<string, R>;
    doc.transact(() => {
      for (const [id, record] of Object.entries(migrated)) writeRecordEntry(records, id, record);
      for (const id of Object.keys(snapshot)) {
        if (!(id in migrated)) records.delete(id);
      }
      writeDocSchema(doc, store.schema.serialize());
    }, origin);
    incomingSchema = null;
    return true;
  };

  /** Reads the doc's schema and reacts: read-only, migrate, or nothing. Returns true if records changed. */
  const checkSchema = (): boolean => {
    const comparison = compareDocSchema(store.schema, doc);
    switch (comparison.kind) {
      case 'same':
        incomingSchema = null;
        return false;
      case 'missing':
        incomingSchema = null;
        if (!status.readOnly) doc.transact(() => writeDocSchema(doc, store.schema.serialize()), origin);
        return false;
      case 'newer':
        incomingSchema = null;
        setStatus(
          readOnly('newer-schema', `this board was saved by a newer version of the app (${comparison.detail}); reload to update`),
        );
        return false;
      case 'incompatible':
        incomingSchema = null;
        setStatus(readOnly('incompatible-schema', `the board's stored schema is not usable: ${comparison.detail}`));
        return false;
      case 'older':
        if (status.readOnly) {
          // Not allowed to write: translate records on the way in instead.
          incomingSchema = comparison.persisted;
          return false;
        }
        return migrateDocInPlace(comparison.persisted);
    }
  };

  // Deep: a remote change may touch one field of a record (its entry, or its props/meta map).
  const onRecordsChange = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (transaction.origin === origin || destroyed) return;
    if (touchesDeep(transaction, meta) && checkSchema()) {
      loadAllFromDoc();
      return;
    }
    const put: R[] = [];
    const remove: Id[] = [];
    for (const id of changedRecordIds(records, events)) {
      if (!records.has(id)) {
        const existing = store.unsafeGetWithoutCapture(id as Id);
        if (existing && isSynced(existing.typeName)) remove.push(existing.id);
        continue;
      }
      const record = readDocRecord(id, records.get(id));
      if (record && !isEqual(store.unsafeGetWithoutCapture(record.id), record)) put.push(record);
    }
    applyRemoteRecords(store, put, remove, logger);
  };

  const onMetaChange = (_event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    if (transaction.origin === origin || destroyed) return;
    // Records changed in the same transaction are handled (after a schema check) by onRecordsChange.
    if (touchesDeep(transaction, records)) return;
    if (checkSchema()) loadAllFromDoc();
  };

  const flushNow = () => {
    if (destroyed) return;
    if (status.readOnly) {
      dirty.clear();
      return;
    }
    if (dirty.size === 0) return;
    const ids = [...dirty];
    dirty.clear();
    doc.transact(() => {
      if (meta.get('schema') === undefined) writeDocSchema(doc, store.schema.serialize());
      writeRecordsToDoc(records, ids, (id) => store.unsafeGetWithoutCapture(id) as R | undefined, logger);
    }, origin);
  };

  let scheduled = false;
  const schedule = () => {
    if (scheduled || destroyed) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      flushNow();
    });
  };

  // 1. schema: migrate / go read-only; 2. load the doc into the store; 3. follow both sides.
  checkSchema();
  loadAllFromDoc();

  const unlisten = store.listen(
    ({ changes }) => {
      if (status.readOnly || destroyed) return;
      const touched: R[] = [
        ...(Object.values(changes.added) as R[]),
        ...(Object.values(changes.updated) as [R, R][]).map(([, to]) => to),
        ...(Object.values(changes.removed) as R[]),
      ];
      for (const record of touched) if (isSynced(record.typeName)) dirty.add(record.id);
      if (dirty.size > 0) schedule();
    },
    { source: 'user', scope: 'document' },
  );
  records.observeDeep(onRecordsChange);
  meta.observe(onMetaChange);
  initialized = true;

  return {
    get status() {
      return status;
    },
    origin,
    flush() {
      store._flushHistory();
      flushNow();
    },
    destroy() {
      if (destroyed) return;
      store._flushHistory();
      flushNow();
      destroyed = true;
      unlisten();
      records.unobserveDeep(onRecordsChange);
      meta.unobserve(onMetaChange);
    },
  };
}
