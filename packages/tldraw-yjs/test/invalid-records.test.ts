import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLShapeId } from '@tldraw/tlschema';
import { bindStoreToDoc } from '../src/bind.ts';
import { getRecordsMap } from '../src/layout.ts';
import { createSeedUpdate } from '../src/seed.ts';
import { connect, geoShape, makeStore, memoryLogger, schema } from './helpers.ts';

/** A doc on which a buggy/foreign client writes raw JSON directly, connected to ours. */
function setup() {
  const seed = createSeedUpdate(schema);
  const foreign = new Y.Doc();
  const ours = new Y.Doc();
  Y.applyUpdate(foreign, seed);
  Y.applyUpdate(ours, seed);
  connect(foreign, ours, 'immediate');
  const logger = memoryLogger();
  const store = makeStore();
  const binding = bindStoreToDoc(store, ours, { logger });
  return { foreign, ours, store, binding, logger };
}

describe('invalid records from another client', () => {
  it('are skipped and logged while the rest of the same remote transaction applies', () => {
    const { foreign, store, logger } = setup();
    const existing = geoShape('existing');
    getRecordsMap(foreign).set(existing.id, existing);
    expect(store.get(existing.id)).toEqual(existing);

    const good = geoShape('good', { x: 10 });
    const badProp = geoShape('bad-prop');
    const malformed = { ...badProp, props: { ...badProp.props, w: -5, geo: 'banana' } };
    const unknownType = { id: 'gadget:1', typeName: 'gadget', wheels: 3 };
    const notARecord = 'hello';
    foreign.transact(() => {
      const records = getRecordsMap(foreign);
      records.set(good.id, good);
      records.set(malformed.id, malformed);
      records.set(unknownType.id, unknownType);
      records.set('shape:not-a-record', notARecord);
      records.set(existing.id, { ...existing, x: 77 });
    });

    expect(store.get(good.id)).toEqual(good);
    expect(store.get(existing.id)).toMatchObject({ x: 77 });
    expect(store.has(malformed.id)).toBe(false);
    expect(store.allRecords().some((r) => r.id === (unknownType.id as string))).toBe(false);

    const loggedIds = logger.warnings.map((w) => w.details?.id);
    expect(loggedIds).toContain(malformed.id);
    expect(loggedIds).toContain(unknownType.id);
    expect(loggedIds).toContain('shape:not-a-record');
  });

  it('do not stop later sync, and an invalid update keeps the last valid version', () => {
    const { foreign, store, logger } = setup();
    const g = geoShape('g');
    getRecordsMap(foreign).set(g.id, g);
    getRecordsMap(foreign).set(g.id, { ...g, props: { ...g.props, color: 'not-a-colour' } });
    expect(store.get(g.id)).toEqual(g);
    expect(logger.warnings.length).toBe(1);

    getRecordsMap(foreign).set(g.id, { ...g, x: 5 });
    expect(store.get(g.id)).toMatchObject({ x: 5 });
  });

  it('in the doc at bind time are skipped while the valid ones load', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createSeedUpdate(schema));
    const good = geoShape('good');
    const bad = { ...geoShape('bad'), parentId: 42 };
    getRecordsMap(doc).set(good.id, good);
    getRecordsMap(doc).set(bad.id, bad);
    const logger = memoryLogger();
    const store = makeStore();
    bindStoreToDoc(store, doc, { logger });
    expect(store.get(good.id)).toEqual(good);
    expect(store.has(bad.id)).toBe(false);
    expect(store.query.records('page').get()).toHaveLength(1);
    expect(logger.warnings.map((w) => w.details?.id)).toEqual([bad.id]);
  });

  it('entries built from other shared types (a hostile client) are skipped, and the valid ones load', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createSeedUpdate(schema));
    const good = geoShape('good');
    doc.transact(() => {
      const records = getRecordsMap(doc);
      records.set(good.id, good);
      records.set('shape:text', new Y.Text('not a record'));
      const odd = new Y.Map<unknown>();
      records.set('shape:odd', odd);
      for (const [key, value] of Object.entries(geoShape('odd'))) if (key !== 'props') odd.set(key, value);
      odd.set('props', new Y.Array<number>());
    });
    const logger = memoryLogger();
    const store = makeStore();
    bindStoreToDoc(store, doc, { logger });
    expect(store.get(good.id)).toEqual(good);
    expect(store.has('shape:text' as TLShapeId)).toBe(false);
    expect(store.has('shape:odd' as TLShapeId)).toBe(false);
    expect(logger.warnings.map((w) => w.details?.id).sort()).toEqual(['shape:odd', 'shape:text']);
  });

  // A side effect before the change throws before anything of the record is written: skipped
  // inside the one remote merge. One after it fails the merge: rolled back, then record by record.
  it.each([
    { when: 'before it is written', fallback: false },
    { when: 'after the change', fallback: true },
  ])('a record a store side effect rejects $when is skipped while the others apply', ({ fallback }) => {
    const { foreign, store, logger } = setup();
    const rejected = geoShape('rejected');
    const refuse = (id: string) => {
      if (id === rejected.id) throw new Error('side effect says no');
    };
    if (fallback) store.sideEffects.registerAfterCreateHandler('shape', (shape) => refuse(shape.id));
    else
      store.sideEffects.registerBeforeCreateHandler('shape', (shape) => {
        refuse(shape.id);
        return shape;
      });
    const a = geoShape('a');
    const b = geoShape('b');
    foreign.transact(() => {
      getRecordsMap(foreign).set(a.id, a);
      getRecordsMap(foreign).set(rejected.id, rejected);
      getRecordsMap(foreign).set(b.id, b);
    });
    expect(store.get(a.id)).toEqual(a);
    expect(store.get(b.id)).toEqual(b);
    expect(store.has(rejected.id)).toBe(false);
    expect(logger.warnings.some((w) => w.details?.id === rejected.id)).toBe(true);
    expect(logger.warnings.map((w) => w.message).includes('remote batch failed, applying record by record')).toBe(fallback);
  });

  it('loading a doc validates each record once: the store validates, the binding does not again', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createSeedUpdate(schema));
    const shapes = Array.from({ length: 50 }, (_, n) => geoShape(`load-${n}`, { x: n * 10 }));
    doc.transact(() => {
      for (const shape of shapes) getRecordsMap(doc).set(shape.id, shape);
    });
    const inDoc = getRecordsMap(doc).size;
    const store = makeStore();
    const validated: string[] = [];
    const validateRecord = store.schema.validateRecord.bind(store.schema);
    store.schema.validateRecord = (...args) => {
      validated.push(args[1].id);
      return validateRecord(...args);
    };
    bindStoreToDoc(store, doc, { logger: memoryLogger() });
    expect(shapes.every((shape) => store.has(shape.id))).toBe(true);
    // (The store's own session records — instance, camera, page state, pointer — are validated too.)
    const fromDoc = validated.filter((id) => getRecordsMap(doc).has(id));
    expect(fromDoc.length).toBe(inDoc);
    expect(new Set(fromDoc).size).toBe(inDoc);
  });
});
