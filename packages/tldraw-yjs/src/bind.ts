import type * as Y from 'yjs';
import type { Store, UnknownRecord } from '@tldraw/store';
import { isEqual } from '@tldraw/utils';
import { DocToStore } from './doc-to-store.ts';
import { getMetaMap, getRecordsMap } from './layout.ts';
import { LocalToDoc } from './local-to-doc.ts';
import { consoleLogger, type BindingLogger } from './logger.ts';
import { reconcileDocSchema, type SchemaReadOnlyReason } from './schema-meta.ts';
import { SyncedTypes } from './synced-types.ts';

/**
 * Why a binding does not write to the doc:
 * - `newer-schema`: the board was saved by a newer build (higher migration version, or record/shape
 *   types this build does not know). Ask the user to reload to get the new version.
 * - `incompatible-schema`: the stored schema is malformed or cannot be migrated from.
 * - `migration-failed`: the board is older but migrating its records threw.
 * - `read-only-access`: the app asked for it (`options.readOnly`, e.g. a viewer link).
 */
export type ReadOnlyReason = SchemaReadOnlyReason | 'read-only-access';

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

/** A shared type, as far as finding the types it is nested in goes. */
interface NestedType {
  readonly parent: NestedType | null;
}

/** Whether `transaction` changed the given shared type or any type nested in it. */
function touchesDeep(transaction: Y.Transaction, type: object): boolean {
  for (const changed of transaction.changed.keys()) {
    for (let current: NestedType | null = changed; current; current = current.parent) if (current === type) return true;
  }
  return false;
}

/**
 * Delivers the store's pending history to its listeners now. tldraw's store hands changes to
 * `store.listen` at most once per animation frame; `flush()` and `destroy()` must see
 * everything done up to this moment. `_flushHistory()` is tldraw-internal: tldraw 5.4.2 has
 * no public way to deliver pending history (only `store.listen`, as a side effect of adding a
 * listener). A public `Store.flushHistory()` would replace it.
 */
function deliverPendingChanges<R extends UnknownRecord, P>(store: Store<R, P>): void {
  store._flushHistory();
}

/**
 * Binds a tldraw store (any `Store` built from a tldraw schema, custom shapes included) to a
 * board's Y.Doc. See README.md for the layout and for how the app must create the store.
 *
 * On call it reconciles the doc's schema with the store's (schema-meta.ts), then loads the
 * doc's records into the store (the doc wins). Afterwards local `source: 'user'` changes go to
 * the doc (local-to-doc.ts) and remote doc changes come into the store (doc-to-store.ts).
 * What stays here is the wiring: status, listening, flushing, observing, disposing.
 */
export function bindStoreToDoc<R extends UnknownRecord, P>(
  store: Store<R, P>,
  doc: Y.Doc,
  options: BindOptions = {},
): StoreDocBinding {
  const logger = options.logger ?? consoleLogger;
  const origin: object = Object.freeze({ binding: '@koppelbord/tldraw-yjs', storeId: store.id });
  const records = getRecordsMap(doc);
  const meta = getMetaMap(doc);
  const syncedTypes = new SyncedTypes(store.scopedTypes.document, options.excludeTypeNames);
  const localToDoc = new LocalToDoc(store, doc, { origin, syncedTypes, logger });
  const docToStore = new DocToStore(store, records, { syncedTypes, logger });

  let status: BindingStatus = options.readOnly
    ? { readOnly: true, reason: 'read-only-access', message: 'bound read-only by the app' }
    : { readOnly: false };
  let destroyed = false;
  let initialized = false;

  const setStatus = (next: BindingStatus) => {
    if (isEqual(status, next)) return;
    status = next;
    localToDoc.discard();
    if (next.readOnly) logger.warn(`board is read-only: ${next.message}`, { reason: next.reason });
    if (initialized) options.onStatusChange?.(status);
  };

  /** Reconciles the doc's schema; returns whether the doc's records were migrated (the store must reload). */
  const reconcileSchema = (): boolean => {
    const result = reconcileDocSchema(doc, store.schema, { writable: !status.readOnly, origin, syncedTypes });
    docToStore.migrateRecordsFrom(result.readRecordsFrom);
    if (result.readOnly) setStatus({ readOnly: true, ...result.readOnly });
    return result.migrated;
  };

  // Deep: a remote change may touch one field of a record (its entry, or its props/meta map).
  const onRecordsChange = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (transaction.origin === origin || destroyed) return;
    if (touchesDeep(transaction, meta) && reconcileSchema()) docToStore.loadAll();
    else docToStore.applyChanges(events);
  };

  const onMetaChange = (_event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    if (transaction.origin === origin || destroyed) return;
    // Records changed in the same transaction are handled (after a schema check) by onRecordsChange.
    if (touchesDeep(transaction, records)) return;
    if (reconcileSchema()) docToStore.loadAll();
  };

  const flushNow = () => {
    if (destroyed) return;
    if (status.readOnly) localToDoc.discard();
    else localToDoc.write();
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

  reconcileSchema();
  docToStore.loadAll();

  const unlisten = store.listen(
    ({ changes }) => {
      if (status.readOnly || destroyed) return;
      if (localToDoc.collect(changes)) schedule();
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
      deliverPendingChanges(store);
      flushNow();
    },
    destroy() {
      if (destroyed) return;
      deliverPendingChanges(store);
      flushNow();
      destroyed = true;
      unlisten();
      records.unobserveDeep(onRecordsChange);
      meta.unobserve(onMetaChange);
    },
  };
}
