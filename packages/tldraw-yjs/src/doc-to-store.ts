import type { Store, UnknownRecord } from '@tldraw/store';
import { errorMessage, type BindingLogger } from './logger.ts';

/**
 * Applies records coming from the doc to the store as a remote change
 * (`store.mergeRemoteChanges`: `source: 'remote'`, so they are not echoed back into the doc and
 * not recorded by tldraw's undo history).
 *
 * One invalid record must not stop sync. Each record is validated against the store's schema
 * first and invalid ones are skipped and logged; the rest is applied as one batch. Should the
 * batch still throw (e.g. a side effect rejects it), it is retried record by record, each in its
 * own remote merge, skipping and logging the ones that fail.
 *
 * Validating up front (rather than only catching the batch error) matters: a failing
 * `mergeRemoteChanges` is rolled back but still runs tldraw's integrity checker, which on an
 * empty store would invent `document:document` and a default `page:page` as *local* changes.
 */
export function applyRemoteRecords<R extends UnknownRecord, P>(
  store: Store<R, P>,
  toPut: readonly R[],
  toRemove: readonly R['id'][],
  logger: BindingLogger,
): void {
  const skip = (id: string, error: unknown) => {
    logger.warn('skipped a record from the doc that the store rejects', { id, error: errorMessage(error) });
  };

  const valid: R[] = [];
  for (const record of toPut) {
    try {
      const existing = (store.unsafeGetWithoutCapture(record.id) as R | undefined) ?? null;
      store.schema.validateRecord(store, record, existing ? 'updateRecord' : 'createRecord', existing);
      valid.push(record);
    } catch (error) {
      skip(record.id, error);
    }
  }
  const removable = toRemove.filter((id) => store.has(id));
  if (valid.length === 0 && removable.length === 0) return;

  try {
    store.mergeRemoteChanges(() => {
      if (valid.length > 0) store.put(valid);
      if (removable.length > 0) store.remove(removable);
    });
    return;
  } catch (error) {
    logger.warn('remote batch failed, applying record by record', { error: errorMessage(error) });
  }

  for (const record of valid) {
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
