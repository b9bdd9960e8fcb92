import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLGeoShape } from '@tldraw/tlschema';
import { bindStoreToDoc, type BindingStatus } from '../src/bind.ts';
import { getMetaMap, getRecordsMap, META_SCHEMA_KEY } from '../src/layout.ts';
import { readRecordEntry } from '../src/record-entry.ts';
import { readDocSchema } from '../src/schema-meta.ts';
import { createSeedUpdate } from '../src/seed.ts';
import { connect, countLocalUpdates, geoShape, makeStore, memoryLogger, schema } from './helpers.ts';

/** A geo shape as a build with geo props version 11 wrote it: no flipX/flipY yet. */
function oldGeoShape(id: string) {
  const shape = geoShape(id);
  const { flipX: _x, flipY: _y, ...oldProps } = shape.props;
  return { ...shape, props: oldProps };
}

function docWithSchema(sequences: Record<string, number>, records: { id: string }[] = []) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, createSeedUpdate(schema));
  doc.transact(() => {
    const current = schema.serialize();
    getMetaMap(doc).set(META_SCHEMA_KEY, { ...current, sequences: { ...current.sequences, ...sequences } });
    for (const record of records) getRecordsMap(doc).set(record.id, record);
  });
  return doc;
}

describe('boards written by an older schema', () => {
  it('are migrated on load: the store gets migrated records and the doc is updated to the current schema', () => {
    const old = oldGeoShape('old');
    const doc = docWithSchema({ 'com.tldraw.shape.geo': 11 }, [old]);
    expect(readDocSchema(doc)).not.toEqual(schema.serialize());

    const logger = memoryLogger();
    const store = makeStore();
    const binding = bindStoreToDoc(store, doc, { logger });

    expect(binding.status).toEqual({ readOnly: false });
    const loaded = store.get(old.id as TLGeoShape['id']) as TLGeoShape;
    expect(loaded.props.flipX).toBe(false);
    expect(loaded.props.flipY).toBe(false);
    expect(readRecordEntry(getRecordsMap(doc).get(old.id))).toEqual(loaded);
    expect(readDocSchema(doc)).toEqual(schema.serialize());
    expect(logger.warnings).toEqual([]);
  });

  it('reach other connected clients already migrated, in one transaction with the new schema', () => {
    const old = oldGeoShape('old');
    const docA = docWithSchema({ 'com.tldraw.shape.geo': 11 }, [old]);
    const docB = new Y.Doc();
    connect(docA, docB);
    // B is connected but binds later; A (same build) migrates
    bindStoreToDoc(makeStore(), docA, { logger: memoryLogger() });
    expect(readDocSchema(docB)).toEqual(schema.serialize());
    const storeB = makeStore();
    const b = bindStoreToDoc(storeB, docB, { logger: memoryLogger() });
    expect(b.status).toEqual({ readOnly: false });
    expect((storeB.get(old.id as TLGeoShape['id']) as TLGeoShape).props.flipX).toBe(false);
  });

  it('opened read-only by the app (viewer) are migrated on the way in, without writing the doc', () => {
    const old = oldGeoShape('old');
    const doc = docWithSchema({ 'com.tldraw.shape.geo': 11 }, [old]);
    const updates = countLocalUpdates(doc);
    const store = makeStore();
    const binding = bindStoreToDoc(store, doc, { readOnly: true, logger: memoryLogger() });
    expect(binding.status).toMatchObject({ readOnly: true, reason: 'read-only-access' });
    expect((store.get(old.id as TLGeoShape['id']) as TLGeoShape).props.flipX).toBe(false);
    expect(updates.count).toBe(0);
    expect(readRecordEntry(getRecordsMap(doc).get(old.id))).toEqual(old);
  });
});

describe('boards written by a newer schema', () => {
  it('open read-only with a reason, write nothing and do not push local changes', () => {
    const shape = geoShape('from-the-future');
    const doc = docWithSchema({ 'com.tldraw.shape.geo': 99, 'com.example.shape.hologram': 1 }, [shape]);
    const before = Y.encodeStateAsUpdate(doc);
    const updates = countLocalUpdates(doc);
    const logger = memoryLogger();
    const store = makeStore();
    const binding = bindStoreToDoc(store, doc, { logger });

    expect(binding.status).toMatchObject({ readOnly: true, reason: 'newer-schema' });
    expect(binding.status.readOnly && binding.status.message).toMatch(/newer version/);
    // what validates is still shown
    expect(store.get(shape.id)).toEqual(shape);
    expect(store.query.records('page').get()).toHaveLength(1);

    store.put([geoShape('local'), { ...shape, x: 500 }]);
    store.remove([shape.id]);
    binding.flush();
    binding.destroy();
    expect(updates.count).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('switch a running binding to read-only when another client writes a newer schema', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createSeedUpdate(schema));
    const remote = new Y.Doc();
    connect(doc, remote);
    const statuses: BindingStatus[] = [];
    const store = makeStore();
    const binding = bindStoreToDoc(store, doc, { logger: memoryLogger(), onStatusChange: (s) => statuses.push(s) });
    expect(binding.status.readOnly).toBe(false);

    const current = schema.serialize();
    getMetaMap(remote).set(META_SCHEMA_KEY, { ...current, sequences: { ...current.sequences, 'com.tldraw.shape.geo': 13 } });
    expect(binding.status).toMatchObject({ readOnly: true, reason: 'newer-schema' });
    expect(statuses).toHaveLength(1);

    const updates = countLocalUpdates(doc);
    store.put([geoShape('after')]);
    binding.flush();
    expect(updates.count).toBe(0);
    expect(getRecordsMap(remote).has(geoShape('after').id)).toBe(false);
  });

  it('treat a malformed stored schema as incompatible (read-only)', () => {
    const doc = new Y.Doc();
    getMetaMap(doc).set(META_SCHEMA_KEY, { schemaVersion: 2, sequences: { 'com.tldraw.shape': 'x' } });
    const binding = bindStoreToDoc(makeStore(), doc, { logger: memoryLogger() });
    expect(binding.status).toMatchObject({ readOnly: true, reason: 'incompatible-schema' });
  });
});

describe('schema in the doc', () => {
  it('is written on the first bind of an unseeded doc, so the board can be migrated later', () => {
    const doc = new Y.Doc();
    bindStoreToDoc(makeStore(), doc, { logger: memoryLogger() });
    expect(readDocSchema(doc)).toEqual(schema.serialize());
  });
});
