import type * as Y from 'yjs';
import type { RecordsDiff, Store, UnknownRecord } from '@tldraw/store';
import { getRecordsMap } from './layout.ts';
import type { BindingLogger } from './logger.ts';
import { writeRecordEntry } from './record-entry.ts';
import { writeDocSchemaIfMissing } from './schema-meta.ts';
import type { SyncedTypes } from './synced-types.ts';

const DATA_URL = /^\s*data:/i;

/** True for a `data:` URL (inline file bytes), which must never be written into the doc. */
function isDataUrl(value: unknown): boolean {
  return typeof value === 'string' && DATA_URL.test(value);
}

/**
 * Returns the record as it may be stored in the doc. Asset records carry URLs only: any string
 * prop of an asset that holds a `data:` URL is stripped (`src` → `null`, other fields such as a
 * bookmark's `image`/`favicon` → `''`) and a warning is logged. Other records are returned as is.
 */
function sanitizeRecordForDoc<R extends UnknownRecord>(record: R, logger: BindingLogger): R {
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

export interface LocalToDocOptions {
  /** The Yjs origin of the writes (the binding's own, so that its observers skip them). */
  origin: object;
  syncedTypes: SyncedTypes;
  logger: BindingLogger;
}

/**
 * Store → doc. `collect` notes the synced records that local changes touched; `write` puts
 * them into the doc in one transaction tagged with the binding's origin. For each id it writes
 * the store's *current* value: the fields that differ from the doc (deep equality), or a
 * delete when the store no longer has the record. Reading the current value instead of
 * replaying diffs means a record that a remote change has meanwhile overwritten is not written
 * back, and a change undone before the write produces no update at all.
 */
export class LocalToDoc<R extends UnknownRecord, P> {
  readonly #store: Store<R, P>;
  readonly #doc: Y.Doc;
  readonly #records: Y.Map<unknown>;
  readonly #options: LocalToDocOptions;
  readonly #pending = new Set<R['id']>();

  constructor(store: Store<R, P>, doc: Y.Doc, options: LocalToDocOptions) {
    this.#store = store;
    this.#doc = doc;
    this.#records = getRecordsMap(doc);
    this.#options = options;
  }

  /** Notes the synced records a local change added, updated or removed. Returns whether a write is pending. */
  collect(changes: RecordsDiff<R>): boolean {
    const touched: R[] = [
      ...(Object.values(changes.added) as R[]),
      ...(Object.values(changes.updated) as [R, R][]).map(([, to]) => to),
      ...(Object.values(changes.removed) as R[]),
    ];
    for (const record of touched) if (this.#options.syncedTypes.has(record.typeName)) this.#pending.add(record.id);
    return this.#pending.size > 0;
  }

  /** Forgets the pending writes: the binding went read-only, and they are never pushed. */
  discard(): void {
    this.#pending.clear();
  }

  /** Writes the pending records to the doc, all in one transaction. */
  write(): void {
    if (this.#pending.size === 0) return;
    const ids = [...this.#pending];
    this.#pending.clear();
    const { origin, logger } = this.#options;
    this.#doc.transact(() => {
      writeDocSchemaIfMissing(this.#doc, this.#store.schema);
      for (const id of ids) {
        const record = this.#store.unsafeGetWithoutCapture(id);
        if (record) writeRecordEntry(this.#records, id, sanitizeRecordForDoc(record, logger));
        else if (this.#records.has(id)) this.#records.delete(id);
      }
    }, origin);
  }
}
