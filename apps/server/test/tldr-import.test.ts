import { describe, expect, it } from 'vitest';
import { createBoardSchema, starterTemplate } from '@koppelbord/board-model';
import { readTldrFile, TldrImportError } from '../src/import/index.ts';

const schema = createBoardSchema();
const options = { title: 'Bord', maxAssetBytes: 1024 * 1024, maxValueDepth: 64, srcFor: (sha256: string) => `/api/boards/${'b'.repeat(22)}/assets/${sha256}` };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

/** A .tldr as Koppelbord itself writes one: the board schema and a board's records. */
function koppelbordFile(extra: object[] = []) {
  return {
    tldrawFileFormatVersion: 1,
    schema: schema.serialize(),
    records: [
      { id: 'document:document', typeName: 'document', gridSize: 10, name: 'oud', meta: {} },
      { id: 'page:page', typeName: 'page', name: 'Pagina 1', index: 'a1', meta: {} },
      ...starterTemplate({ locale: 'nl', pageId: 'page:page' as never }),
      ...extra,
    ],
  };
}

describe('readTldrFile', () => {
  it("opens Koppelbord's own files: the Koppelkansen shapes are known types", async () => {
    const { records, images } = await readTldrFile(schema, koppelbordFile(), options);
    const types = new Set(records.filter((record) => record.typeName === 'shape').map((record) => (record as { type: string }).type));
    expect([...types]).toEqual(expect.arrayContaining(['domain', 'organisation', 'quadrant']));
    expect(records.find((record) => record.typeName === 'document')).toMatchObject({ name: 'Bord' });
    expect(images).toEqual([]);
  });

  it('adds a page when the file has none, and a document record when it lacks one', async () => {
    const { records } = await readTldrFile(schema, { tldrawFileFormatVersion: 1, schema: schema.serialize(), records: [] }, options);
    expect(records.map((record) => record.typeName).sort()).toEqual(['document', 'page']);
  });

  it('refuses a file nested deeper than the value depth limit', async () => {
    let meta: object = {};
    for (let i = 0; i < 100; i++) meta = { deeper: meta };
    const file = koppelbordFile();
    file.records[1] = { ...file.records[1]!, meta } as never;
    await expect(readTldrFile(schema, file, options)).rejects.toThrow(/nested deeper than 64/);
  });

  it('refuses an inline image over the asset limit with 413', async () => {
    const file = koppelbordFile([
      { id: 'asset:big', typeName: 'asset', type: 'image', props: { name: 'x.png', src: `data:image/png;base64,${Buffer.concat([PNG, Buffer.alloc(2048)]).toString('base64')}`, w: 1, h: 1, mimeType: 'image/png', isAnimated: false }, meta: {} },
      { id: 'shape:img', typeName: 'shape', type: 'image', x: 0, y: 0, rotation: 0, index: 'a0', parentId: 'page:page', isLocked: false, opacity: 1, meta: {}, props: { w: 1, h: 1, playing: true, url: '', assetId: 'asset:big', crop: null, flipX: false, flipY: false, altText: '' } },
    ]);
    const refusal = await readTldrFile(schema, file, { ...options, maxAssetBytes: 1024 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TldrImportError);
    expect(refusal).toMatchObject({ status: 413, code: 'asset_too_large' });
  });
});
