import * as Y from 'yjs';
import type { UnknownRecord } from '@tldraw/store';
import { isEqual } from '@tldraw/utils';

/**
 * How one record is held in the `records` map: a `Y.Map` of its fields, with `props` and
 * `meta` as nested `Y.Map`s of theirs. Two people changing different fields of the same record
 * at the same moment (one the title of a card, the other its status) both keep their change;
 * only edits of the same field are last-writer-wins. A write touches only the fields that
 * changed, so moving a shape sends its `x` and `y`, not the whole record.
 *
 * Entries written as one plain JSON value (the layout before, or a client that does not know
 * better) are still read; the next write from this binding turns them into maps.
 */

/** Record fields that are objects of their own and merge key by key. */
const nestedFields: ReadonlySet<string> = new Set(['props', 'meta']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A record as stored in the doc: plain JSON, always with `id` and `typeName`. */
export type StoredRecord = UnknownRecord & Record<string, unknown>;

/** True when `value` looks like a stored record with the given id. */
export function isStoredRecord(value: unknown, id?: string): value is StoredRecord {
  if (!isPlainObject(value)) return false;
  return typeof value.id === 'string' && typeof value.typeName === 'string' && (id === undefined || value.id === id);
}

/** A `records` entry as plain JSON (a map entry is rebuilt; anything else is returned as is). */
export function readRecordEntry(entry: unknown): unknown {
  if (!(entry instanceof Y.Map)) return entry;
  const record: Record<string, unknown> = {};
  entry.forEach((value, key) => {
    record[key] = value instanceof Y.Map ? value.toJSON() : value;
  });
  return record;
}

/** The entry stored under `id` as a record, or `null` when it is not a record with that id. */
export function readStoredRecord(entry: unknown, id: string): StoredRecord | null {
  const value = readRecordEntry(entry);
  return isStoredRecord(value, id) ? value : null;
}

/** Sets the keys of `target` to `values`, writing only what differs. */
function writeFields(target: Y.Map<unknown>, values: Record<string, unknown>, nested: (key: string) => boolean): void {
  for (const [key, value] of Object.entries(values)) {
    if (nested(key) && isPlainObject(value)) {
      let inner = target.get(key);
      if (!(inner instanceof Y.Map)) {
        inner = new Y.Map<unknown>();
        target.set(key, inner);
      }
      writeFields(inner as Y.Map<unknown>, value, () => false);
    } else if (!isEqual(target.get(key), value)) {
      target.set(key, value);
    }
  }
  for (const key of [...target.keys()]) {
    if (!Object.hasOwn(values, key)) target.delete(key);
  }
}

/** Writes `record` under its id, field by field, touching only what differs. Must run inside a transaction. */
export function writeRecordEntry(records: Y.Map<unknown>, id: string, record: object): void {
  let entry = records.get(id);
  if (!(entry instanceof Y.Map)) {
    entry = new Y.Map<unknown>();
    records.set(id, entry);
  }
  writeFields(entry as Y.Map<unknown>, record as Record<string, unknown>, (key) => nestedFields.has(key));
}

/**
 * The ids of the records a transaction changed, from the events of a deep observer on the
 * `records` map: keys of the map itself, or the first step of the path into an entry.
 */
export function changedRecordIds(records: Y.Map<unknown>, events: readonly Y.YEvent<Y.AbstractType<unknown>>[]): Set<string> {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.target === records) {
      for (const key of event.keys.keys()) ids.add(key);
    } else {
      const [id] = event.path;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return ids;
}

/** A value as it was before a transaction: absent, or its plain-JSON value. */
export type ValueBefore = { present: false } | { present: true; value: unknown };

const absent: ValueBefore = { present: false };

/** Whether `item` was integrated by `transaction` (its clock is past the state before it). */
const createdIn = (item: Y.Item, transaction: Y.Transaction) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);

/**
 * The value `map[key]` had before `transaction`, read while the transaction's observers run
 * (before Yjs garbage-collects what it deleted). A key's items form a list, newest last: the
 * value before is the newest item the transaction did not create, if it was alive then (not
 * deleted, or deleted by this transaction). Nested `Y.Map`s are read the same way, so an
 * entry the transaction replaced or emptied comes back as it was. Other shared types are
 * returned as they are (no valid record holds one).
 *
 * `map._map` is Yjs-internal (key → newest item). The public way to an old value,
 * `YMapEvent.changes.keys.get(key).oldValue`, exists only inside an observer of that very map
 * and does not give back a nested map's fields as they were; the server's record guard needs
 * both in `afterTransaction`. A public "value before this transaction" on `Y.Map` would
 * replace the walk.
 */
export function readValueBefore(map: Y.Map<unknown>, key: string, transaction: Y.Transaction): ValueBefore {
  let item: Y.Item | null = map._map.get(key) ?? null;
  while (item !== null && createdIn(item, transaction)) item = item.left;
  if (item === null || (item.deleted && !Y.isDeleted(transaction.deleteSet, item.id))) return absent;
  const content = item.content;
  if (content instanceof Y.ContentType) {
    const type = content.type;
    return { present: true, value: type instanceof Y.Map ? readMapBefore(type as Y.Map<unknown>, transaction) : type };
  }
  const values = content.getContent();
  return { present: true, value: values[values.length - 1] };
}

function readMapBefore(map: Y.Map<unknown>, transaction: Y.Transaction): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Every key that ever had an item, deleted ones too (`map.keys()` lists only live keys).
  for (const key of map._map.keys()) {
    const before = readValueBefore(map, key, transaction);
    if (before.present) out[key] = before.value;
  }
  return out;
}
