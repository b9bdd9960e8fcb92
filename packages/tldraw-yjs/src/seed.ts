import * as Y from 'yjs';
import type { StoreSchema } from '@tldraw/store';
import {
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  type TLDocument,
  type TLPage,
  type TLPageId,
  type TLRecord,
} from '@tldraw/tlschema';
import type { IndexKey } from '@tldraw/utils';
import { getMetaMap, getRecordsMap } from './layout.ts';
import { writeRecordEntry } from './record-entry.ts';
import { writeDocSchema } from './schema-meta.ts';

/** Id of the seeded page. Same id as tldraw's own default page, so a client that still creates
 * its default page (integrity checker) overwrites this one instead of adding a second page. */
export const SEED_PAGE_ID = 'page:page' as TLPageId;
export const DEFAULT_PAGE_NAME = 'Pagina 1';

/**
 * Yjs client id used for the seed update, so that `createSeedUpdate` is byte-for-byte
 * deterministic (same schema + options → same bytes) and applying it twice is a no-op.
 * Real clients get random 32-bit ids; never use this id for anything else.
 */
const SEED_CLIENT_ID = 1;

export interface SeedOptions {
  /** Name of the first page. Default `'Pagina 1'`. */
  pageName?: string;
  /** `document:document` name (tldraw's document title). Default `''`. */
  documentName?: string;
  /**
   * More records to write in the same seed, after the document and the page (a starter
   * template's shapes, for example). Each is validated against the schema; give them fixed
   * ids to keep `createSeedUpdate` deterministic. Default none.
   */
  records?: readonly TLRecord[];
}

/** The document-scope records a fresh board needs: `document:document` and one page. */
function createSeedRecords<P>(schema: StoreSchema<TLRecord, P>, options: SeedOptions = {}): [TLDocument, TLPage] {
  const document = DocumentRecordType.create({ id: TLDOCUMENT_ID, name: options.documentName ?? '' });
  const page = PageRecordType.create({
    id: SEED_PAGE_ID,
    name: options.pageName ?? DEFAULT_PAGE_NAME,
    index: 'a1' as IndexKey,
    meta: {},
  });
  // Validate against the given schema (it may add meta validators) so the server never stores junk.
  schema.types.document.validate(document);
  schema.types.page.validate(page);
  return [document, page];
}

/**
 * Writes the schema and the seed records into `doc` (server side, when a board is created).
 * Does nothing and returns false when the doc already has a schema or records.
 */
export function seedBoardDocument<P>(doc: Y.Doc, schema: StoreSchema<TLRecord, P>, options: SeedOptions = {}): boolean {
  const records = getRecordsMap(doc);
  if (records.size > 0 || getMetaMap(doc).size > 0) return false;
  const seed: TLRecord[] = createSeedRecords(schema, options);
  for (const record of options.records ?? []) {
    // The same check as for the document and page: the server never stores junk. Only
    // document-scope records belong in the doc (the binding keeps the rest local).
    const type = Object.hasOwn(schema.types, record.typeName) ? schema.types[record.typeName as keyof typeof schema.types] : undefined;
    if (!type) throw new Error(`Seed record ${record.id}: unknown record type ${record.typeName}`);
    if (type.scope !== 'document') throw new Error(`Seed record ${record.id}: ${record.typeName} is not a document record`);
    seed.push(type.validate(record));
  }
  doc.transact(() => {
    writeDocSchema(doc, schema.serialize());
    for (const record of seed) writeRecordEntry(records, record.id, record);
  });
  return true;
}

/** A Yjs update holding a seeded board (deterministic, see `SEED_CLIENT_ID`). */
export function createSeedUpdate<P>(schema: StoreSchema<TLRecord, P>, options: SeedOptions = {}): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  try {
    seedBoardDocument(doc, schema, options);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
