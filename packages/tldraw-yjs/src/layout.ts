import type * as Y from 'yjs';

/**
 * The roots of a board's Y.Doc (README.md, "Y.Doc layout"):
 *
 * - `doc.getMap(RECORDS_MAP_NAME)`: one entry per synced document-scope record, keyed by record id
 *   (`shape:…`, `page:page`, `document:document`, …); the value is a `Y.Map` of the record's
 *   fields, `props` and `meta` nested `Y.Map`s (record-entry.ts).
 * - `doc.getMap(META_MAP_NAME)`: board metadata; `META_SCHEMA_KEY` holds the store's serialized
 *   schema (`SerializedSchemaV2`) that the records conform to.
 */
const RECORDS_MAP_NAME = 'records';
const META_MAP_NAME = 'meta';
export const META_SCHEMA_KEY = 'schema';

export function getRecordsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(RECORDS_MAP_NAME);
}

export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP_NAME);
}

/**
 * Whether the doc holds a board: any record at all. A seeded board always has its document
 * record and a page, so an empty `records` map means the board has not reached this doc yet.
 */
export function docHoldsBoard(doc: Y.Doc): boolean {
  return getRecordsMap(doc).size > 0;
}
