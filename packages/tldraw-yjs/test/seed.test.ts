import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TLDOCUMENT_ID, type TLPage, type TLRecord } from '@tldraw/tlschema';
import { bindStoreToDoc } from '../src/bind.ts';
import { readDocSnapshot } from '../src/doc-snapshot.ts';
import { getRecordsMap } from '../src/layout.ts';
import { readRecordEntry } from '../src/record-entry.ts';
import { readDocSchema } from '../src/schema-meta.ts';
import { DEFAULT_PAGE_NAME, SEED_PAGE_ID, createSeedUpdate, seedBoardDocument } from '../src/seed.ts';
import { connect, countLocalUpdates, geoShape, makeStore, memoryLogger, schema } from './helpers.ts';

const pages = (store: ReturnType<typeof makeStore>) => store.query.records('page').get() as TLPage[];

describe('seeding', () => {
  it('writes the schema, document:document and one page "Pagina 1"', () => {
    const doc = new Y.Doc();
    expect(seedBoardDocument(doc, schema)).toBe(true);
    expect(readDocSchema(doc)).toEqual(schema.serialize());
    expect([...getRecordsMap(doc).keys()].sort()).toEqual([TLDOCUMENT_ID, SEED_PAGE_ID].sort());
    expect(readRecordEntry(getRecordsMap(doc).get(SEED_PAGE_ID))).toMatchObject({ name: DEFAULT_PAGE_NAME, typeName: 'page' });
    // a second call on a non-empty doc does nothing
    expect(seedBoardDocument(doc, schema, { pageName: 'Other' })).toBe(false);
    expect(readRecordEntry(getRecordsMap(doc).get(SEED_PAGE_ID))).toMatchObject({ name: DEFAULT_PAGE_NAME });
  });

  it('createSeedUpdate is deterministic and idempotent to apply', () => {
    const first = createSeedUpdate(schema);
    expect(createSeedUpdate(schema)).toEqual(first);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, first);
    Y.applyUpdate(doc, createSeedUpdate(schema));
    expect(getRecordsMap(doc).size).toBe(2);
    expect(readDocSnapshot(doc)?.store).toMatchObject({ [SEED_PAGE_ID]: { name: 'Pagina 1' } });
  });

  it('a seeded doc bound to a fresh store gives exactly the document record and one page, writing nothing', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createSeedUpdate(schema));
    const updates = countLocalUpdates(doc);
    const store = makeStore();
    const binding = bindStoreToDoc(store, doc, { logger: memoryLogger() });
    binding.flush();
    expect(pages(store)).toHaveLength(1);
    expect(pages(store)[0]).toMatchObject({ id: SEED_PAGE_ID, name: 'Pagina 1' });
    expect(store.has(TLDOCUMENT_ID)).toBe(true);
    // a later mergeRemoteChanges (what the editor's mount effectively re-checks) adds no page
    store.mergeRemoteChanges(() => {});
    binding.flush();
    expect(pages(store)).toHaveLength(1);
    expect(updates.count).toBe(0);
  });

  it('two stores binding the same seeded board do not create extra pages', () => {
    const server = new Y.Doc();
    Y.applyUpdate(server, createSeedUpdate(schema));
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    connect(server, docA);
    connect(server, docB);
    const storeA = makeStore();
    const storeB = makeStore();
    const a = bindStoreToDoc(storeA, docA, { logger: memoryLogger() });
    const b = bindStoreToDoc(storeB, docB, { logger: memoryLogger() });
    storeA.put([geoShape('g1')]);
    a.flush();
    b.flush();
    for (const store of [storeA, storeB]) expect(pages(store)).toHaveLength(1);
    expect([...getRecordsMap(server).values()].map(readRecordEntry).filter((r) => (r as TLPage).typeName === 'page')).toHaveLength(1);
    expect(storeB.has(geoShape('g1').id)).toBe(true);
  });

  it('a store that already made tldraw\'s default page before binding ends up with the seeded page only', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createSeedUpdate(schema));
    const store = makeStore();
    store.mergeRemoteChanges(() => {}); // runs the integrity checker: creates page:page "Page 1"
    expect(pages(store)[0]).toMatchObject({ name: 'Page 1' });
    const updates = countLocalUpdates(doc);
    const binding = bindStoreToDoc(store, doc, { logger: memoryLogger() });
    binding.flush();
    expect(pages(store)).toHaveLength(1);
    expect(pages(store)[0]).toMatchObject({ name: 'Pagina 1' });
    expect(updates.count).toBe(0);
  });

  describe('with extra records', () => {
    const extra = [geoShape('template-a', { x: 0 }), geoShape('template-b', { x: 300, isLocked: true, meta: { template: 'test' } })];

    it('writes them in the same seed, and a store bound to the doc shows them without writing', () => {
      const update = createSeedUpdate(schema, { records: extra });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      expect([...getRecordsMap(doc).keys()].sort()).toEqual([TLDOCUMENT_ID, SEED_PAGE_ID, ...extra.map((r) => r.id)].sort());
      const updates = countLocalUpdates(doc);
      const store = makeStore();
      const binding = bindStoreToDoc(store, doc, { logger: memoryLogger() });
      binding.flush();
      for (const record of extra) expect(store.get(record.id)).toEqual(record);
      expect(pages(store)).toHaveLength(1);
      expect(updates.count).toBe(0);
    });

    it('stays deterministic: same input, identical bytes', () => {
      const first = createSeedUpdate(schema, { documentName: 'Wijk', records: extra });
      expect(createSeedUpdate(schema, { documentName: 'Wijk', records: extra.map((r) => structuredClone(r)) })).toEqual(first);
      expect(createSeedUpdate(schema, { documentName: 'Wijk' })).not.toEqual(first);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, first);
      Y.applyUpdate(doc, first);
      expect(getRecordsMap(doc).size).toBe(4);
    });

    it('refuses invalid records and records that do not belong in the document', () => {
      const broken = { ...extra[0]!, props: { ...extra[0]!.props, w: -1 } } as TLRecord;
      expect(() => createSeedUpdate(schema, { records: [broken] })).toThrow();
      const camera = { id: 'camera:page:page', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} } as TLRecord;
      expect(() => createSeedUpdate(schema, { records: [camera] })).toThrow(/not a document record/);
      const unknown = { id: 'thing:1', typeName: 'thing' } as unknown as TLRecord;
      expect(() => createSeedUpdate(schema, { records: [unknown] })).toThrow(/unknown record type/);
      // Nothing half-written: seedBoardDocument checks before it writes.
      const doc = new Y.Doc();
      expect(() => seedBoardDocument(doc, schema, { records: [broken] })).toThrow();
      expect(getRecordsMap(doc).size).toBe(0);
    });
  });
});
