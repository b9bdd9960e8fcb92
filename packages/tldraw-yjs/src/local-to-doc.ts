import type * as Y from 'yjs';
import type { UnknownRecord } from '@tldraw/store';
import type { BindingLogger } from './logger.ts';
import { writeRecordEntry } from './record-entry.ts';

const DATA_URL = /^\s*data:/i;

/** True for a `data:` URL (inline file bytes), which must never be written into the doc. */
export function isDataUrl(value: unknown): boolean {
  return typeof value === 'string' && DATA_URL.test(value);
}

/**
 * Returns the record as it may be stored in the doc. Asset records carry URLs only: any string
 * prop of an asset that holds a `data:` URL is stripped (`src` → `null`, other fields such as a
 * bookmark's `image`/`favicon` → `''`) and a warning is logged. Other records are returned as is.
 */
export function sanitizeRecordForDoc<R extends UnknownRecord>(record: R, logger: BindingLogger): R {
  if (record.typeName !== 'asset') return record;
  const props = (record as UnknownRecord & { props?: unknown }).props;
  if (typeof props !== 'object' || props === null) return record;
  let stripped: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(props)) {
    if (!isDataUrl(value)) continue;
    stripped ??= { ...props };
    stripped[key] = key === 'src' ? null : '';
  }
  if (!stripped) return record;
  logger.warn('stripped inline data: URL from asset before writing it to the doc; configure an asset store that uploads files', {
    id: record.id,
  });
  return { ...record, props: stripped };
}

/**
 * Writes the current store value of each given id into the records map: the fields that differ
 * from the doc (deep equality) when the store has the record, a delete when it no longer has it.
 * Reading the store's current value (instead of replaying diffs) means a record that a remote
 * change has meanwhile overwritten is not written back. Must be called inside `doc.transact`.
 */
export function writeRecordsToDoc<R extends UnknownRecord>(
  records: Y.Map<unknown>,
  ids: Iterable<R['id']>,
  getRecord: (id: R['id']) => R | undefined,
  logger: BindingLogger,
): void {
  for (const id of ids) {
    const record = getRecord(id);
    if (record) writeRecordEntry(records, id, sanitizeRecordForDoc(record, logger));
    else if (records.has(id)) records.delete(id);
  }
}
