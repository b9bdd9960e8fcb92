import { readFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ApiErrorBody, BoardMetadata, CreateBoardResponse, UploadAssetResponse } from '@koppelbord/contract';
import { readDocRecords } from '@koppelbord/tldraw-yjs';
import { useTestServer } from '../helpers/fixture.ts';
import { tokenOf } from '../helpers/server.ts';

const KiB = 1024;
// Above the general 64 KiB body limit, so the tests show the endpoints' own limits apply.
const maxAssetBytes = 200 * KiB;
const maxImportBytes = 400 * KiB;
const limits = { maxAssetBytes, maxImportBytes };
const fixture = useTestServer({ limits });

const tldrFixture = () => JSON.parse(readFileSync(new URL('../fixtures/tldraw-default-shapes.tldr', import.meta.url), 'utf8')) as TldrFile;

interface TldrFile {
  tldrawFileFormatVersion: number;
  schema: { schemaVersion: number; sequences: Record<string, number> };
  records: { id: string; typeName: string; type?: string; props?: Record<string, unknown> }[];
}
interface DocRecord {
  id: string;
  typeName: string;
  type?: string;
  name?: string;
  props: Record<string, unknown>;
}

/** A valid PNG of `w`×`h` pixels; with `padding` an extra ancillary chunk makes it that much larger. */
function png(w: number, h: number, padding = 0): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const pixels = Buffer.alloc(h * (1 + 3 * w), 0x7f);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      ...(padding > 0 ? [chunk('tEXt', Buffer.alloc(padding, 0x41))] : []),
      chunk('IDAT', deflateSync(pixels)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

const upload = (boardId: string, token: string | undefined, body: Uint8Array<ArrayBuffer> | string, contentType = 'application/octet-stream') =>
  fetch(`${fixture.server.url}/api/boards/${boardId}/assets`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

const importFile = (body: unknown) =>
  fetch(`${fixture.server.url}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function errorOf(response: Response): Promise<ApiErrorBody['error']> {
  return ((await response.json()) as ApiErrorBody).error;
}

describe('board images (POST/GET /api/boards/:id/assets)', () => {
  it('stores an uploaded PNG by its SHA-256 and serves the same bytes, cacheable, with nosniff and a sandbox policy', async () => {
    const board = await fixture.server.createBoard();
    const image = png(3, 2);
    const response = await upload(board.id, tokenOf(board.links.edit), image, 'image/png');
    expect(response.status).toBe(201);
    const body = (await response.json()) as UploadAssetResponse;
    const sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', image)).toString('hex');
    expect(body).toEqual({ sha256, src: `/api/boards/${board.id}/assets/${sha256}`, mimeType: 'image/png', bytes: image.byteLength });

    const served = await fetch(`${fixture.server.url}${body.src}`);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(image);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(served.headers.get('etag')).toBe(`"${sha256}"`);
    const revalidated = await fetch(`${fixture.server.url}${body.src}`, { headers: { 'if-none-match': `"${sha256}"` } });
    expect(revalidated.status).toBe(304);

    // Idempotent: the same bytes again are the same asset (the owner's token may upload too).
    const again = await upload(board.id, board.ownerToken, image);
    expect(again.status).toBe(201);
    expect(((await again.json()) as UploadAssetResponse).sha256).toBe(sha256);
    // The rest of the API still is never cached.
    const metadata = await fetch(`${fixture.server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.ownerToken}` } });
    expect(metadata.headers.get('cache-control')).toBe('no-store');
  });

  it('types an image by its bytes, not by the Content-Type it was sent with', async () => {
    const board = await fixture.server.createBoard();
    const response = await upload(board.id, tokenOf(board.links.edit), png(2, 2), 'image/jpeg');
    expect(response.status).toBe(201);
    const body = (await response.json()) as UploadAssetResponse;
    expect(body.mimeType).toBe('image/png');
    expect((await fetch(`${fixture.server.url}${body.src}`)).headers.get('content-type')).toBe('image/png');
  });

  it('refuses SVG and HTML with 415 and says why', async () => {
    const board = await fixture.server.createBoard();
    const token = tokenOf(board.links.edit);
    const svg = await upload(board.id, token, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/png');
    expect(svg.status).toBe(415);
    const svgError = await errorOf(svg);
    expect(svgError.code).toBe('svg_not_allowed');
    expect(svgError.message).toMatch(/SVG/);
    const html = await upload(board.id, token, '<!doctype html><script>alert(1)</script>', 'image/gif');
    expect(html.status).toBe(415);
    expect((await errorOf(html)).code).toBe('unsupported_image_type');
    const empty = await upload(board.id, token, new Uint8Array(0));
    expect(empty.status).toBe(400);
  });

  it('lets only editors and owners upload; serves only what was stored', async () => {
    const board = await fixture.server.createBoard();
    const other = await fixture.server.createBoard();
    const viewer = await upload(board.id, tokenOf(board.links.view), png(1, 1));
    expect(viewer.status).toBe(403);
    expect((await upload(board.id, undefined, png(1, 1))).status).toBe(401);
    expect((await upload(board.id, tokenOf(other.links.edit), png(1, 1))).status).toBe(403);

    const stored = (await (await upload(board.id, tokenOf(board.links.edit), png(1, 1))).json()) as UploadAssetResponse;
    // Assets belong to their board: the same hash under another board is not there.
    expect((await fetch(`${fixture.server.url}/api/boards/${other.id}/assets/${stored.sha256}`)).status).toBe(404);
    const missing = await fetch(`${fixture.server.url}/api/boards/${board.id}/assets/${'0'.repeat(64)}`);
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('asset_not_found');
    expect((await fetch(`${fixture.server.url}/api/boards/${board.id}/assets/not-a-hash`)).status).toBe(404);
  });
});

describe('.tldr import (POST /api/boards/import)', () => {
  it('opens a file saved by tldraw (its own shapes, an embedded PNG, older stroke format) as a new board', async () => {
    const file = tldrFixture();
    const response = await importFile({ title: 'Wijk Oost', municipality: 'Utrecht', neighbourhood: 'Oost', file });
    expect(response.status).toBe(201);
    const board = (await response.json()) as CreateBoardResponse;
    const metadata = (await (await fetch(`${fixture.server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.ownerToken}` } })).json()) as BoardMetadata;
    expect(metadata).toMatchObject({ title: 'Wijk Oost', municipality: 'Utrecht', neighbourhood: 'Oost', role: 'owner' });

    const client = await fixture.join(board.id, tokenOf(board.links.edit));
    const records = readDocRecords(client.doc) as unknown as DocRecord[];
    const byId = new Map(records.map((record) => [record.id, record]));
    const shapes = records.filter((record) => record.typeName === 'shape');
    expect(shapes.map((shape) => shape.type).sort()).toEqual(['arrow', 'draw', 'frame', 'geo', 'geo', 'highlight', 'image', 'line', 'note', 'text']);
    expect(records.filter((record) => record.typeName === 'page').map((page) => page.id)).toEqual(['page:tldrawcom1']);
    expect(byId.get('document:document')?.name).toBe('Wijk Oost');
    expect(records.filter((record) => record.typeName === 'binding').map((binding) => binding.id).sort()).toEqual(['binding:arrowend', 'binding:arrowstart']);
    // One person's view (camera, pointer) stays out of a shared board.
    expect(records.some((record) => ['camera', 'pointer', 'instance', 'instance_page_state', 'user'].includes(record.typeName))).toBe(false);
    // Migrated by tldraw's own migrations: the file's point lists became encoded paths.
    const draw = byId.get('shape:draw1')!;
    const [segment] = draw.props.segments as { path?: unknown; points?: unknown }[];
    expect(typeof segment?.path).toBe('string');
    expect(segment?.points).toBeUndefined();
    expect(draw.props.scaleX).toBe(1);

    // The embedded image is a stored asset; the doc holds its URL, never the bytes.
    expect(JSON.stringify(records)).not.toMatch(/data:/);
    expect(byId.has('asset:unused1')).toBe(false);
    const asset = byId.get('asset:photo1')!;
    expect(asset.props.src).toMatch(new RegExp(`^/api/boards/${board.id}/assets/[0-9a-f]{64}$`));
    const embedded = file.records.find((record) => record.id === 'asset:photo1')!.props!.src as string;
    const served = await fetch(`${fixture.server.url}${asset.props.src as string}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).toString('base64')).toBe(embedded.slice('data:image/png;base64,'.length));
  });

  it('refuses shapes of unknown types and names them', async () => {
    const file = tldrFixture();
    file.records.push(
      { ...file.records.find((record) => record.id === 'shape:geo1')!, id: 'shape:x1', type: 'sticky-poll' },
      { ...file.records.find((record) => record.id === 'shape:geo1')!, id: 'shape:x2', type: 'mindmap' },
    );
    const response = await importFile({ title: 'Onbekend', file });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('unknown_shape_types');
    expect(error.message).toContain('mindmap, sticky-poll');
  });

  it.each([
    ['not a tldraw file', { hello: 'world' }],
    ['records that are not records', { tldrawFileFormatVersion: 1, schema: { schemaVersion: 2, sequences: {} }, records: [{ id: 3 }] }],
    ['a newer file format', { ...tldrFixture(), tldrawFileFormatVersion: 2 }],
    ['a newer tldraw schema', { ...tldrFixture(), schema: { schemaVersion: 2, sequences: { ...tldrFixture().schema.sequences, 'com.tldraw.shape.geo': 999 } } }],
    [
      'a record that does not validate',
      { ...tldrFixture(), records: tldrFixture().records.map((record) => (record.id === 'shape:geo1' ? { ...record, props: { ...record.props, w: -5 } } : record)) },
    ],
    ['a tldraw 1 file', { document: { version: 15.5, pages: {} } }],
  ])('refuses %s with 400 invalid_tldr', async (_name, file) => {
    const response = await importFile({ title: 'Kapot', file });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('invalid_tldr');
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('refuses a missing file and an SVG inside the file', async () => {
    expect((await importFile({ title: 'Leeg' })).status).toBe(400);
    const withSvg = tldrFixture();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64');
    withSvg.records = withSvg.records.map((record) => (record.id === 'asset:photo1' ? { ...record, props: { ...record.props, src: `data:image/svg+xml;base64,${svg}` } } : record));
    const svgResponse = await importFile({ title: 'SVG', file: withSvg });
    expect(svgResponse.status).toBe(415);
    expect((await errorOf(svgResponse)).message).toContain('asset:photo1');

  });
});

// The server answers 413 without reading the body and drops that connection: each such
// request is the last on a server of its own.
describe('upload limit', () => {
  const limited = useTestServer({ limits });
  it('accepts images up to MAX_ASSET_BYTES (past the general body limit) and refuses larger ones with 413', async () => {
    const board = await limited.server.createBoard();
    const token = tokenOf(board.links.edit);
    const large = png(4, 4, 150 * KiB);
    const post = (body: Uint8Array<ArrayBuffer>) =>
      fetch(`${limited.server.url}/api/boards/${board.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
    expect((await post(large)).status).toBe(201);
    const tooLarge = await post(png(4, 4, maxAssetBytes));
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge)).code).toBe('asset_too_large');
  });
});

describe('import limit', () => {
  const limited = useTestServer({ limits });
  it('refuses a file over MAX_IMPORT_BYTES with 413', async () => {
    const large = tldrFixture();
    large.records = large.records.map((record) => (record.id === 'shape:text1' ? { ...record, meta: { padding: 'x'.repeat(maxImportBytes) } } : record));
    const tooLarge = await fetch(`${limited.server.url}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Groot', file: large }),
    });
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge)).code).toBe('import_too_large');
  });
});
