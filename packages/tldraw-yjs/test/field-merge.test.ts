import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TLGeoShape, TLShapeId } from '@tldraw/tlschema';
import { bindStoreToDoc } from '../src/bind.ts';
import { getRecordsMap } from '../src/layout.ts';
import { readRecordEntry } from '../src/record-entry.ts';
import { createSeedUpdate } from '../src/seed.ts';
import { docRecords, documentRecords, geoShape, makeStore, memoryLogger, schema, twoClients } from './helpers.ts';

const twoParticipants = () => twoClients('delayed');

const geo = (store: ReturnType<typeof makeStore>, id: string) => store.get(id as TLShapeId) as TLGeoShape;

describe('records are merged field by field', () => {
  it('concurrent edits of different fields of one record both survive, on both sides', () => {
    const { storeA, storeB, docA, docB, settle, logger } = twoParticipants();
    storeA.put([geoShape('card')]);
    settle();

    // At the same moment: A moves the card and recolours it, B resizes it and changes its opacity.
    const before = geo(storeA, 'shape:card');
    storeA.put([{ ...before, x: 300, props: { ...before.props, color: 'red' } }]);
    storeB.put([{ ...geo(storeB, 'shape:card'), opacity: 0.5, props: { ...before.props, w: 400 } }]);
    settle();

    for (const store of [storeA, storeB]) {
      const card = geo(store, 'shape:card');
      expect({ x: card.x, opacity: card.opacity, color: card.props.color, w: card.props.w }).toEqual({ x: 300, opacity: 0.5, color: 'red', w: 400 });
    }
    expect(documentRecords(storeA)).toEqual(documentRecords(storeB));
    expect(docRecords(docA)).toEqual(docRecords(docB));
    expect(logger.warnings).toEqual([]);
  });

  it('the same field edited at once ends up with one of the two values everywhere', () => {
    const { storeA, storeB, settle } = twoParticipants();
    storeA.put([geoShape('card')]);
    settle();
    storeA.put([{ ...geo(storeA, 'shape:card'), x: 111 }]);
    storeB.put([{ ...geo(storeB, 'shape:card'), x: 222 }]);
    settle();
    expect([111, 222]).toContain(geo(storeA, 'shape:card').x);
    expect(geo(storeB, 'shape:card').x).toBe(geo(storeA, 'shape:card').x);
  });

  it('a move sends the changed position, not the whole record', () => {
    const { storeA, docA, settle } = twoParticipants();
    storeA.put([geoShape('card', { x: 10, y: 10 })]);
    settle();
    const sizes: number[] = [];
    docA.on('update', (update: Uint8Array) => sizes.push(update.length));
    storeA.put([{ ...geo(storeA, 'shape:card'), x: 20, y: 30 }]);
    settle();
    const recordSize = JSON.stringify(geo(storeA, 'shape:card')).length;
    expect(sizes).toHaveLength(1);
    // Two numbers plus Yjs framing, against a record of several hundred bytes.
    expect(sizes[0]).toBeLessThan(60);
    expect(recordSize).toBeGreaterThan(300);
  });

  it('reads a record stored as one plain JSON value (the earlier layout) and turns it into fields on the next write', () => {
    const seed = createSeedUpdate(schema);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seed);
    const old = geoShape('old', { x: 5 });
    getRecordsMap(doc).set(old.id, old);
    const store = makeStore();
    const binding = bindStoreToDoc(store, doc, { logger: memoryLogger() });
    expect(store.get(old.id)).toEqual(old);

    store.put([{ ...old, x: 50 }]);
    binding.flush();
    const entry = getRecordsMap(doc).get(old.id);
    expect(entry).toBeInstanceOf(Y.Map);
    expect((entry as Y.Map<unknown>).get('props')).toBeInstanceOf(Y.Map);
    expect(readRecordEntry(entry)).toEqual({ ...old, x: 50 });
  });

  it('a record deleted while another participant edits one of its fields stays deleted, on both sides', () => {
    const { storeA, storeB, docA, docB, settle } = twoParticipants();
    storeA.put([geoShape('card'), geoShape('other', { x: 500 })]);
    settle();
    storeA.remove(['shape:card' as TLShapeId]);
    storeB.put([{ ...geo(storeB, 'shape:card'), x: 999 }]);
    settle();
    expect(storeA.has('shape:card' as TLShapeId)).toBe(false);
    expect(storeB.has('shape:card' as TLShapeId)).toBe(false);
    expect(docRecords(docA)).toEqual(docRecords(docB));
    expect(documentRecords(storeA)).toEqual(documentRecords(storeB));
  });

  it('a prop removed from a record is removed from the doc as well', () => {
    const { storeA, storeB, docA, settle } = twoParticipants();
    storeA.put([geoShape('card', { meta: { note: 'x', keep: 1 } })]);
    settle();
    storeA.put([{ ...geo(storeA, 'shape:card'), meta: { keep: 1 } }]);
    settle();
    expect(geo(storeB, 'shape:card').meta).toEqual({ keep: 1 });
    expect(readRecordEntry(getRecordsMap(docA).get('shape:card'))).toMatchObject({ meta: { keep: 1 } });
  });
});
