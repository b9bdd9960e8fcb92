import * as Y from 'yjs';
import { Store } from '@tldraw/store';
import {
  createBindingId,
  createCachedUserResolve,
  createShapeId,
  createTLSchema,
  toRichText,
  type TLArrowBinding,
  type TLArrowShape,
  type TLFrameShape,
  type TLGeoShape,
  type TLPageId,
  type TLParentId,
  type TLRecord,
  type TLShapeId,
  type TLStoreProps,
  type TLStoreSchema,
} from '@tldraw/tlschema';
import type { IndexKey } from '@tldraw/utils';
import { bindStoreToDoc } from '../src/bind.ts';
import { getRecordsMap } from '../src/layout.ts';
import type { BindingLogger } from '../src/logger.ts';
import { readRecordEntry } from '../src/record-entry.ts';
import { createSeedUpdate } from '../src/seed.ts';

export type TestStore = Store<TLRecord, TLStoreProps>;

export const schema: TLStoreSchema = createTLSchema();

/** A tldraw store without an editor (DOM-free), as the server or a headless test would build it. */
export function makeStore(storeSchema: TLStoreSchema = schema): TestStore {
  const resolveUser = createCachedUserResolve(() => null);
  return new Store<TLRecord, TLStoreProps>({
    schema: storeSchema,
    props: {
      defaultName: '',
      assets: {
        upload: async () => ({ src: 'https://example.invalid/file' }),
        resolve: (asset) => asset.props.src,
        remove: async () => {},
      },
      users: { currentUser: resolveUser('nobody'), resolve: resolveUser },
      onMount: () => {},
    },
  });
}

export interface MemoryLogger extends BindingLogger {
  warnings: { message: string; details?: Record<string, unknown> }[];
  errors: { message: string; details?: Record<string, unknown> }[];
}

export function memoryLogger(): MemoryLogger {
  const warnings: MemoryLogger['warnings'] = [];
  const errors: MemoryLogger['errors'] = [];
  return {
    warnings,
    errors,
    warn: (message, details) => void warnings.push({ message, details }),
    error: (message, details) => void errors.push({ message, details }),
  };
}

/** Origins used when applying updates received from another doc ("the network"). */
const networkOrigins = new WeakSet<object>();
export function isNetworkOrigin(origin: unknown): boolean {
  return typeof origin === 'object' && origin !== null && networkOrigins.has(origin);
}

/**
 * Connects two docs like a provider/relay would: every update a doc emits is sent to the other
 * doc, except updates that came over this very link (so a hub doc relays between its links).
 * `immediate` delivers synchronously; `delayed` queues until `deliver()`, which merges each side's
 * queue into one update (a batched, late connection).
 */
export function connect(a: Y.Doc, b: Y.Doc, mode: 'immediate' | 'delayed' = 'immediate') {
  const queues = new Map<Y.Doc, Uint8Array[]>([
    [a, []],
    [b, []],
  ]);
  const originInto = new Map<Y.Doc, object>([
    [a, { link: 'into a' }],
    [b, { link: 'into b' }],
  ]);
  for (const origin of originInto.values()) networkOrigins.add(origin);
  const wire = (from: Y.Doc, to: Y.Doc) => {
    const handler = (update: Uint8Array, origin: unknown) => {
      if (origin === originInto.get(from)) return; // came from `to`: don't send it back
      if (mode === 'immediate') Y.applyUpdate(to, update, originInto.get(to));
      else queues.get(to)!.push(update);
    };
    from.on('update', handler);
    return () => from.off('update', handler);
  };
  const offs = [wire(a, b), wire(b, a)];
  // initial sync both ways
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), originInto.get(b));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), originInto.get(a));
  return {
    deliver() {
      for (const [to, queue] of queues) {
        if (queue.length === 0) continue;
        Y.applyUpdate(to, Y.mergeUpdates(queue.splice(0)), originInto.get(to));
      }
    },
    disconnect() {
      offs.forEach((off) => off());
    },
  };
}

/** Counts updates a doc emits from local (non-network) transactions. */
export function countLocalUpdates(doc: Y.Doc) {
  let count = 0;
  const handler = (_update: Uint8Array, origin: unknown) => {
    if (!isNetworkOrigin(origin)) count++;
  };
  doc.on('update', handler);
  return {
    get count() {
      return count;
    },
    stop: () => doc.off('update', handler),
  };
}

export const PAGE_ID = 'page:page' as TLPageId;

export function geoShape(id: string, overrides: Partial<TLGeoShape> = {}): TLGeoShape {
  return schema.types.shape.create({
    id: createShapeId(id),
    type: 'geo',
    x: 0,
    y: 0,
    parentId: PAGE_ID,
    index: 'a1' as IndexKey,
    props: {
      geo: 'rectangle',
      dash: 'draw',
      url: '',
      w: 100,
      h: 100,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: toRichText(''),
    },
    ...overrides,
  }) as TLGeoShape;
}

export function frameShape(id: string, overrides: Partial<TLFrameShape> = {}): TLFrameShape {
  return schema.types.shape.create({
    id: createShapeId(id),
    type: 'frame',
    parentId: PAGE_ID,
    index: 'a0' as IndexKey,
    props: { w: 500, h: 500, name: 'Kwadrant', color: 'black' },
    ...overrides,
  }) as TLFrameShape;
}

export function arrowShape(id: string): TLArrowShape {
  return schema.types.shape.create({
    id: createShapeId(id),
    type: 'arrow',
    parentId: PAGE_ID,
    index: 'a5' as IndexKey,
    props: {
      kind: 'arc',
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
      font: 'draw',
      start: { x: 0, y: 0 },
      end: { x: 100, y: 100 },
      bend: 0,
      richText: toRichText(''),
      labelPosition: 0.5,
      scale: 1,
      elbowMidPoint: 0.5,
    },
  }) as TLArrowShape;
}

export function arrowBinding(id: string, arrow: TLShapeId, target: TLShapeId, terminal: 'start' | 'end'): TLArrowBinding {
  return schema.types.binding.create({
    id: createBindingId(id),
    type: 'arrow',
    fromId: arrow,
    toId: target,
    props: {
      terminal,
      normalizedAnchor: { x: 0.5, y: 0.5 },
      isExact: false,
      isPrecise: false,
      snap: 'none',
    },
  }) as TLArrowBinding;
}

export function reparent(shape: TLGeoShape, parentId: TLParentId, index: string): TLGeoShape {
  return { ...shape, parentId, index: index as IndexKey };
}

/** Document-scope records of a store, sorted by id, for convergence checks. */
export function documentRecords(store: TestStore): TLRecord[] {
  return store
    .allRecords()
    .filter((r) => store.scopedTypes.document.has(r.typeName))
    .sort((x, y) => (x.id < y.id ? -1 : 1));
}

/** Plain JSON values of the doc's records map, sorted by id. */
export function docRecords(doc: Y.Doc): unknown[] {
  const out: [string, unknown][] = [];
  getRecordsMap(doc).forEach((value, id) => out.push([id, readRecordEntry(value)]));
  return out.sort(([x], [y]) => (x < y ? -1 : 1)).map(([, v]) => v);
}

/** Two stores bound to two docs of one seeded board; `settle` flushes both and delivers the updates. */
export function twoClients(mode: 'immediate' | 'delayed') {
  const seed = createSeedUpdate(schema);
  const docA = new Y.Doc();
  const docB = new Y.Doc();
  Y.applyUpdate(docA, seed);
  Y.applyUpdate(docB, seed);
  const link = connect(docA, docB, mode);
  const logger = memoryLogger();
  const storeA = makeStore();
  const storeB = makeStore();
  const a = bindStoreToDoc(storeA, docA, { logger });
  const b = bindStoreToDoc(storeB, docB, { logger });
  const settle = () => {
    for (let i = 0; i < 4; i++) {
      a.flush();
      b.flush();
      link.deliver();
    }
  };
  return { docA, docB, storeA, storeB, a, b, link, logger, settle };
}
