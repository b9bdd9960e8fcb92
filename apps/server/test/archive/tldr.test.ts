import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { createBoardSchema, starterTemplate, type TLRecord } from '@koppelbord/board-model';
import { buildArchivePackage, snapshotRecords, tldrFile } from '../../src/archive/index.ts';
import { archiveInput, boardState, extraRecords, IMAGE_SRC, TINY_PNG } from './fixture.ts';

/** The parts of tldraw's own .tldr parser the test uses. */
interface TldrawFileApi {
  parseTldrawJsonFile(options: { json: string; schema: unknown }): { ok: true; value: { allRecords(): TLRecord[] } } | { ok: false; error: { type: string } };
}

/**
 * tldraw's own parser (`parseTldrawJsonFile`), the one tldraw.com opens files with. The
 * server does not depend on the `tldraw` package; the web app does, so it is loaded from there.
 */
async function loadTldraw(): Promise<TldrawFileApi> {
  const fromWeb = createRequire(new URL('../../../web/package.json', import.meta.url));
  // require.resolve finds the CommonJS build; its ES module build beside it shares the
  // @tldraw/* modules the board schema is made of (one instance of each).
  const esm = join(dirname(fromWeb.resolve('tldraw')), '..', 'dist-esm', 'index.mjs');
  return (await import(pathToFileURL(esm).href)) as TldrawFileApi;
}

const invalidCard = {
  id: 'shape:hostile',
  typeName: 'shape',
  type: 'opportunity',
  parentId: 'page:page',
  index: 'a9',
  x: 0,
  y: 0,
  rotation: 0,
  isLocked: false,
  opacity: 1,
  // A title of the wrong type: the schema's validator rejects it.
  props: { title: 42 },
  meta: {},
};

describe('snapshotRecords', () => {
  it('keeps the valid document records of the snapshot, sorted by id', () => {
    const { records, invalid } = snapshotRecords(boardState());
    expect(invalid).toBe(0);
    const ids = records.map((record) => record.id);
    expect(ids).toEqual([...ids].sort());
    const expected = [...starterTemplate({ pageId: 'page:page' }), ...extraRecords()].map((record) => record.id);
    for (const id of [...expected, 'document:document', 'page:page']) expect(ids).toContain(id);
  });

  it('leaves out and counts a record that does not validate, a junk entry and what hangs from them', () => {
    const child = { ...invalidCard, id: 'shape:child', parentId: 'shape:hostile', props: { ...(extraRecords()[2] as unknown as { props: object }).props } };
    const { records, invalid } = snapshotRecords(boardState(extraRecords(), [invalidCard, child, { id: 'instance:x', typeName: 'instance' }]));
    expect(invalid).toBe(3);
    expect(records.map((record) => record.id)).not.toContain('shape:hostile');
    expect(records.map((record) => record.id)).not.toContain('shape:child');
    expect(records.map((record) => record.id)).toContain('shape:opp-heat');
  });
});

describe('the .tldr file', () => {
  let tldraw: TldrawFileApi;
  beforeAll(async () => {
    tldraw = await loadTldraw();
  }, 60_000);

  it("parses with tldraw's own parser into the snapshot's shapes", () => {
    const { records, schema } = snapshotRecords(boardState());
    const json = tldrFile(records, schema, new Map([[IMAGE_SRC, { mimeType: 'image/png', data: TINY_PNG }]]));
    const parsed = tldraw.parseTldrawJsonFile({ json, schema: createBoardSchema() });
    if (!parsed.ok) throw new Error(`tldraw refused the file: ${parsed.error.type}`);
    const shapes = (all: TLRecord[]) => all.filter((record) => record.typeName === 'shape').map((record) => record.id).sort();
    expect(shapes(parsed.value.allRecords())).toEqual(shapes(records));
    const file = JSON.parse(json) as { tldrawFileFormatVersion: number; records: TLRecord[] };
    expect(file.tldrawFileFormatVersion).toBe(1);
  });

  it('holds document records only, prunes unused assets and inlines the images as data URLs', () => {
    const { records, schema } = snapshotRecords(boardState());
    const file = JSON.parse(tldrFile(records, schema, new Map([[IMAGE_SRC, { mimeType: 'image/png', data: TINY_PNG }]]))) as { records: TLRecord[] };
    expect(new Set(file.records.map((record) => record.typeName))).toEqual(new Set(['document', 'page', 'shape', 'binding', 'asset']));
    const assets = file.records.filter((record) => record.typeName === 'asset');
    expect(assets.map((asset) => asset.id)).toEqual(['asset:photo']);
    expect((assets[0]!.props as { src: string }).src).toBe(`data:image/png;base64,${Buffer.from(TINY_PNG).toString('base64')}`);
  });

  it('in the package leaves out the invalid record and the metadata counts it', async () => {
    const input = archiveInput({ state: boardState(extraRecords(), [invalidCard]) });
    const built = await buildArchivePackage(input, { pdfA: false });
    expect(built.invalidRecords).toBe(1);
    const files = unzipSync(built.zip);
    const text = (suffix: string) => new TextDecoder().decode(Object.entries(files).find(([path]) => path.endsWith(suffix))![1]);
    const tldr = text('.tldr');
    expect(tldr).not.toContain('shape:hostile');
    const parsed = tldraw.parseTldrawJsonFile({ json: tldr, schema: createBoardSchema() });
    expect(parsed.ok).toBe(true);
    expect(text('koppelkansenregister_20261128T153012Z.json')).not.toContain('shape:hostile');
    expect(text('koppelkansen_wijk-de-esch_b_test.MDTO.xml')).toContain('1 onderdelen van het bord voldeden niet aan het bordschema');
    expect(text('koppelkansenregister_20261128T153012Z.json')).toContain('"invalidRecords": 1');
    expect(text('sessieverslag_20261128T153012Z.html')).toContain('1 onderdelen van het bord voldeden niet');
  }, 60_000);
});
