/**
 * `PUT /api/boards/:id/snapshots/:snapshotId/render` on a server without Chromium: the
 * owner's browser's images are streamed to the package process unread, checked and built
 * there; the answer says whether they were accepted, with the check's own error when not.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSnapshotResponse, SnapshotSummary } from '@koppelbord/contract';
import { defaultOpportunityProps } from '@koppelbord/board-model';
import { getRecordsMap, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { connectSynced } from '../helpers/client.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';

/** A 1 × 1 PNG. */
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const maxRenderUploadBytes = 256 * 1024;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    render: { chromiumPath: null, timeoutMs: 1_000, maxQueue: 8 },
    snapshots: { autoSnapshot: false, versionIntervalMs: 60 * 60_000, maxPackageBytes: 10 * 1024 * 1024, buildTimeoutMs: 30_000, maxRenderUploadBytes },
  });
});
afterAll(() => server.stop());

const put = (path: string, token: string, body: string, contentType = 'application/json') =>
  fetch(`${server.url}/api/boards/${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
/**
 * A PUT whose body is over the limit, sent with node:http: the server answers 413 as soon as
 * it sees the Content-Length and may close the socket while the body is still on its way,
 * which fetch reports as a failure instead of the answer.
 */
function putOversized(path: string, token: string, body: string, { chunked = false } = {}): Promise<{ status: number; code: string }> {
  return new Promise((resolve, reject) => {
    const length = chunked ? {} : { 'content-length': Buffer.byteLength(body) };
    const request = httpRequest(`${server.url}/api/boards/${path}`, { method: 'PUT', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...length } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, code: (JSON.parse(text) as { error: { code: string } }).error.code }));
    });
    // The rest of the body may meet a closed socket: the answer is what counts.
    request.on('error', (error) => (request.writableFinished ? undefined : reject(error)));
    if (!chunked) return request.end(body);
    // Written in pieces, so node:http sends it chunked (one end(body) would get a Content-Length).
    for (let at = 0; at < body.length; at += 64 * 1024) request.write(body.slice(at, at + 64 * 1024));
    request.end();
  });
}
const errorOf = async (response: Response) => ({ status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code });

/** What the owner's browser uploads: every page of the render input, an SVG that shows the page's titles. */
async function uploadFor(boardId: string, snapshotId: string, token: string) {
  const response = await fetch(`${server.url}/api/boards/${boardId}/snapshots/${snapshotId}/render-input`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const { records, schema, locale } = (await response.json()) as { records: { id: string; typeName: string; props?: { title?: string; name?: string } }[]; schema: { schemaVersion: number }; locale: string };
  expect([typeof schema.schemaVersion, locale]).toEqual(['number', 'nl']);
  const titles = records.flatMap((record) => (record.typeName === 'shape' && (record.props?.title || record.props?.name) ? [record.props.title || record.props.name!] : []));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${titles.map((title) => `<text>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`).join('')}</svg>`;
  return { pages: records.filter((record) => record.typeName === 'page').map((page) => ({ pageId: page.id, name: '', svg, png })), thumbnail: png };
}

describe('uploading the images of a snapshot', () => {
  it('refuses what is not the snapshot\'s images with the check\'s error, accepts a render, and then no second one', async () => {
    const board = await createTemplateBoard(server.url, 'Wijk Upload');
    const editor = await connectSynced(server.wsUrl, board.id, tokenOf(board.links.edit));
    const id = 'shape:upload-card';
    editor.doc.transact(() =>
      writeRecordEntry(getRecordsMap(editor.doc), id, { id, typeName: 'shape', type: 'opportunity', parentId: 'page:page', index: 'a5', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, props: { ...defaultOpportunityProps(), title: 'Buurtbatterij bij de school' }, meta: {} }),
    );
    const taken = await fetch(`${server.url}/api/boards/${board.id}/snapshots`, { method: 'POST', headers: { authorization: `Bearer ${board.ownerToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ label: 'Sessie 1' }) });
    const snapshot = (await taken.json()) as CreateSnapshotResponse;
    expect(snapshot.package.status).toBe('incomplete');
    const path = `${board.id}/snapshots/${snapshot.id}/render`;
    const upload = await uploadFor(board.id, snapshot.id, board.ownerToken);
    expect(JSON.stringify(upload)).toContain('Buurtbatterij bij de school');

    // Rights first: an editor's or viewer's token uploads nothing.
    expect(await errorOf(await put(path, tokenOf(board.links.edit), JSON.stringify(upload)))).toMatchObject({ status: 403 });
    expect(await errorOf(await put(path, tokenOf(board.links.view), JSON.stringify(upload)))).toMatchObject({ status: 403 });
    // Not JSON by its content type: refused before the body is read.
    expect(await errorOf(await put(path, board.ownerToken, JSON.stringify(upload), 'text/plain'))).toEqual({ status: 415, code: 'unsupported_media_type' });
    // Checked in the package process, answered with the check's own codes.
    expect(await errorOf(await put(path, board.ownerToken, '{"pages": ['))).toEqual({ status: 400, code: 'invalid_render' });
    const without = { ...upload, pages: upload.pages.map((page) => ({ ...page, svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' })) };
    expect(await errorOf(await put(path, board.ownerToken, JSON.stringify(without)))).toEqual({ status: 400, code: 'invalid_render' });
    const scripted = { ...upload, pages: upload.pages.map((page) => ({ ...page, svg: page.svg.replace('</svg>', '<script>alert(1)</script></svg>') })) };
    expect(await errorOf(await put(path, board.ownerToken, JSON.stringify(scripted)))).toEqual({ status: 400, code: 'invalid_render' });
    // Over MAX_RENDER_UPLOAD_BYTES: 413 without building anything.
    expect(await putOversized(path, board.ownerToken, JSON.stringify({ ...upload, thumbnail: 'A'.repeat(maxRenderUploadBytes) }))).toEqual({ status: 413, code: 'body_too_large' });
    // …and without a Content-Length (chunked): refused when the limit is reached on the way.
    expect(await putOversized(path, board.ownerToken, JSON.stringify({ ...upload, thumbnail: 'A'.repeat(maxRenderUploadBytes) }), { chunked: true })).toEqual({ status: 413, code: 'body_too_large' });

    const accepted = await put(path, board.ownerToken, JSON.stringify(upload));
    expect(accepted.status).toBe(200);
    const summary = (await accepted.json()) as SnapshotSummary;
    expect(summary.package?.status).toBe('ready');
    const zip = await fetch(`${server.url}/api/boards/${board.id}/snapshots/${snapshot.id}/package`, { headers: { authorization: `Bearer ${board.ownerToken}` } });
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect((await zip.arrayBuffer()).byteLength).toBe(summary.package?.bytes);
    expect(await errorOf(await put(path, board.ownerToken, JSON.stringify(upload)))).toEqual({ status: 409, code: 'package_ready' });
    editor.destroy();
  }, 60_000);
});
