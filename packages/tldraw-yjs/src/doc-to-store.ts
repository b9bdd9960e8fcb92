import type { Store, UnknownRecord } from '@tldraw/store';
import { errorMessage, type BindingLogger } from './logger.ts';

export interface RemoteApplyResult {
  /** Records put into the store. */
  put: number;
  /** Ids removed from the store. */
  removed: number;
  /** Records that could not be applied (invalid, or rejected by the store). */
  skipped: { id: string; error: string }[];
}

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
): RemoteApplyResult {
  const result: RemoteApplyResult = { put: 0, removed: 0, skipped: [] };
  const skip = (id: string, error: unknown) => {
    const message = errorMessage(error);
    result.skipped.push({ id, error: message });
    logger.warn('skipped a record from the doc that the store rejects', { id, error: message });
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
  if (valid.length === 0 && removable.length === 0) return result;

  try {
    store.mergeRemoteChanges(() => {
      if (valid.length > 0) store.put(valid);
      if (removable.length > 0) store.remove(removable);
    });
    result.put += valid.length;
    result.removed += removable.length;
    return result;
  } catch (error) {
    logger.warn('remote batch failed, applying record by record', { error: errorMessage(error) });
  }

  for (const record of valid) {
    try {
      store.mergeRemoteChanges(() => store.put([record]));
      result.put++;
    } catch (error) {
      skip(record.id, error);
    }
  }
  for (const id of removable) {
    try {
      store.mergeRemoteChanges(() => store.remove([id]));
      result.removed++;
    } catch (error) {
      skip(id, error);
    }
  }
  return result;
}
