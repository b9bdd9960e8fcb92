import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  AssetRecordType,
  CameraRecordType,
  InstancePresenceRecordType,
  TLINSTANCE_ID,
  TLPOINTER_ID,
  type TLAsset,
  type TLAssetId,
  type TLInstance,
  type TLPageId,
} from '@tldraw/tlschema';
import { bindStoreToDoc } from '../src/bind.ts';
import { getRecordsMap } from '../src/layout.ts';
import { readRecordEntry } from '../src/record-entry.ts';
import { createSeedUpdate } from '../src/seed.ts';
import { docRecords, geoShape, makeStore, memoryLogger, schema } from './helpers.ts';

function bound() {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, createSeedUpdate(schema));
  const logger = memoryLogger();
  const store = makeStore();
  const binding = bindStoreToDoc(store, doc, { logger });
  return { doc, store, binding, logger };
}

function imageAsset(id: string, src: string): TLAsset {
  return AssetRecordType.create({
    id: `asset:${id}` as TLAssetId,
    type: 'image',
    props: { name: 'foto.png', src, w: 10, h: 10, mimeType: 'image/png', isAnimated: false },
  });
}

describe('record scopes', () => {
  it('session and presence records (camera, instance, pointer, page state, presence) never reach the doc', () => {
    const { doc, store, binding } = bound();
    // the integrity checker created instance, pointer, camera and page state locally
    expect(store.has(TLINSTANCE_ID)).toBe(true);
    expect(store.has(TLPOINTER_ID)).toBe(true);

    const camera = CameraRecordType.createId('page:page' as TLPageId);
    store.put([{ ...store.get(camera)!, x: 100, z: 2 }]);
    store.put([{ ...(store.get(TLINSTANCE_ID) as TLInstance), isFocusMode: true }]);
    store.put([{ ...store.get(TLPOINTER_ID)!, x: 10, y: 10 }]);
    store.put([
      InstancePresenceRecordType.create({
        id: InstancePresenceRecordType.createId('peer'),
        userId: 'user:peer' as never,
        userName: 'Peer',
        currentPageId: 'page:page' as TLPageId,
      }),
      geoShape('visible'),
    ]);
    binding.flush();

    const typeNames = new Set(docRecords(doc).map((r) => (r as { typeName: string }).typeName));
    expect([...typeNames].sort()).toEqual(['document', 'page', 'shape']);
    const keys = [...getRecordsMap(doc).keys()];
    expect(keys.some((k) => /^(camera|instance|pointer|instance_page_state|instance_presence):/.test(k))).toBe(false);
  });

  it('excludeTypeNames keeps a document-scope type (e.g. user) local in both directions', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createSeedUpdate(schema));
    const store = makeStore();
    const binding = bindStoreToDoc(store, doc, { logger: memoryLogger(), excludeTypeNames: ['user'] });
    store.put([schema.types.user.create({ id: 'user:me' as never, name: 'Ada', color: '#ff0000' })]);
    binding.flush();
    expect(getRecordsMap(doc).has('user:me')).toBe(false);
  });
});

describe('assets', () => {
  it('with a data: URL are written with the URL stripped (and logged); the bytes never reach the doc', () => {
    const { doc, store, binding, logger } = bound();
    const inline = imageAsset('inline', 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAA');
    const hosted = imageAsset('hosted', 'https://koppelbord.example/assets/foto.png');
    store.put([inline, hosted]);
    binding.flush();

    const stored = readRecordEntry(getRecordsMap(doc).get(inline.id)) as TLAsset;
    expect(stored.props.src).toBeNull();
    expect(new TextDecoder().decode(Y.encodeStateAsUpdate(doc))).not.toContain('data:image');
    expect(readRecordEntry(getRecordsMap(doc).get(hosted.id))).toEqual(hosted);
    expect(logger.warnings.some((w) => w.details?.id === inline.id)).toBe(true);
  });

  it('bookmark image/favicon data: URLs are stripped too', () => {
    const { doc, store, binding } = bound();
    const bookmark = AssetRecordType.create({
      id: 'asset:bm' as TLAssetId,
      type: 'bookmark',
      props: {
        src: 'https://gemeente.example/plan',
        title: 'Plan',
        description: '',
        image: 'data:image/png;base64,AAAA',
        favicon: 'DATA:image/x-icon;base64,AAAA',
      },
    });
    store.put([bookmark]);
    binding.flush();
    expect((readRecordEntry(getRecordsMap(doc).get(bookmark.id)) as TLAsset).props).toMatchObject({
      src: 'https://gemeente.example/plan',
      image: '',
      favicon: '',
    });
  });
});
