/**
 * Archived snapshots end to end: the real server renders the board in its headless Chromium,
 * builds the package in its worker, stores it once and writes it to ARCHIVE_DIR. Checked with
 * the standard tools an archivist has: unzip, sha256sum, xmllint, pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { CreateBoardResponse, CreateSnapshotResponse, SnapshotSummary, VerifyResponse } from '@koppelbord/contract';
import { defaultOpportunityProps } from '@koppelbord/board-model';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { findChromium } from '../helpers/browser.ts';
import { startTestServer, tempDataDir, tokenOf, type TestServer } from '../helpers/server.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

let server: TestServer;
let archiveDir: string;
const clients: TestClient[] = [];
const work: string[] = [];

beforeAll(async () => {
  archiveDir = tempDataDir();
  server = await startTestServer({
    render: { chromiumPath: findChromium(), timeoutMs: 90_000, maxQueue: 8 },
    archive: { dir: archiveDir, operatorToken: 'operator-token-for-the-archive-test', settings: { ...(await import('@koppelbord/server')).defaultConfig().archive.settings, municipalityCode: 'gm0599' } },
  });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
  for (const dir of [archiveDir, ...work]) rmSync(dir, { recursive: true, force: true });
});

const opportunity = (id: string, title: string, x: number) => ({
  id,
  typeName: 'shape',
  type: 'opportunity',
  parentId: 'page:page',
  index: 'a5',
  x,
  y: -900,
  rotation: 0,
  isLocked: false,
  opacity: 1,
  props: { ...defaultOpportunityProps(), w: 240, h: 140, title },
  meta: {},
});
const addCard = (doc: Y.Doc, id: string, title: string, x = 0) => doc.transact(() => writeRecordEntry(getRecordsMap(doc), id, opportunity(id, title, x)));

async function get(pathname: string, token: string): Promise<Response> {
  return fetch(`${server.url}/api/boards/${pathname}`, { headers: { authorization: `Bearer ${token}` } });
}

async function snapshotReady(board: CreateBoardResponse, label: string): Promise<SnapshotSummary> {
  const response = await fetch(`${server.url}/api/boards/${board.id}/snapshots`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label }),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as CreateSnapshotResponse;
  expect(['rendering', 'ready']).toContain(created.package.status);
  return waitFor(
    async () => {
      const summary = (await (await get(`${board.id}/snapshots/${created.id}`, board.ownerToken)).json()) as SnapshotSummary;
      if (summary.package?.status === 'incomplete') throw new Error('the package did not build');
      return summary.package?.status === 'ready' ? summary : null;
    },
    'the package to be built',
    120_000,
    100,
  );
}

const unzipped = (zip: Uint8Array) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'koppelbord-bag-'));
  work.push(dir);
  writeFileSync(path.join(dir, 'package.zip'), zip);
  execFileSync('unzip', ['-q', 'package.zip'], { cwd: dir });
  rmSync(path.join(dir, 'package.zip'));
  const [bag] = readdirSync(dir);
  return path.join(dir, bag!);
};

const filesUnder = (dir: string, prefix = ''): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]));

describe('an archived snapshot', () => {
  let board: CreateBoardResponse;
  let editor: TestClient;
  let summary: SnapshotSummary;
  let zip: Uint8Array;
  let bag: string;

  beforeAll(async () => {
    board = await createTemplateBoard(server.url, 'Wijk Zuidwest');
    editor = await connectSynced(server.wsUrl, board.id, tokenOf(board.links.edit));
    clients.push(editor);
    addCard(editor.doc, 'shape:zon', 'Zonnepanelen op de sporthal', 0);
    addCard(editor.doc, 'shape:groen', 'Groene schoolpleinen bij rioolvervanging', 400);
    const check = await connectSynced(server.wsUrl, board.id, tokenOf(board.links.view));
    clients.push(check);
    await waitFor(() => getRecordsMap(check.doc).has('shape:groen'), 'the cards to be stored');
    summary = await snapshotReady(board, 'Sessie 1 — na afstemming met Welzijn');
    // A card added right after the snapshot is in none of its files.
    addCard(editor.doc, 'shape:later', 'Later toegevoegde kaart', 800);
    await waitFor(() => getRecordsMap(check.doc).has('shape:later'), 'the later card to be stored');
    zip = new Uint8Array(await (await get(`${board.id}/snapshots/${summary.id}/package`, board.ownerToken)).arrayBuffer());
    bag = unzipped(zip);
  }, 180_000);

  it('is a valid BagIt bag: sha256sum checks both manifests, the manifest lists exactly the payload', () => {
    expect(readFileSync(path.join(bag, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    execFileSync('sha256sum', ['--strict', '-c', 'manifest-sha256.txt'], { cwd: bag, stdio: 'pipe' });
    execFileSync('sha256sum', ['--strict', '-c', 'tagmanifest-sha256.txt'], { cwd: bag, stdio: 'pipe' });
    const listed = readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8').trim().split('\n').map((line) => line.split(/\s+/)[1]!).sort();
    const payload = filesUnder(path.join(bag, 'data'), 'data/').sort();
    expect(listed).toEqual(payload);
    const info = readFileSync(path.join(bag, 'bag-info.txt'), 'utf8');
    const bytes = payload.reduce((sum, file) => sum + statSync(path.join(bag, file)).size, 0);
    expect(info).toContain(`Payload-Oxum: ${bytes}.${payload.length}`);
    expect(info).toContain(`External-Identifier: ${summary.id}`);
  });

  it('holds well-formed MDTO with the image, register and report files, each with its checksum', () => {
    const files = filesUnder(path.join(bag, 'data'));
    for (const ext of ['.svg', '.png', '.tldr', '.csv', '.json', '.html', '.pdf']) expect(files.some((file) => file.endsWith(ext))).toBe(true);
    for (const xml of files.filter((file) => file.endsWith('.xml'))) execFileSync('xmllint', ['--noout', path.join(bag, 'data', xml)]);
    for (const sidecar of files.filter((file) => file.endsWith('.bestand.MDTO.xml'))) {
      const xml = readFileSync(path.join(bag, 'data', sidecar), 'utf8');
      const file = sidecar.replace(/\.bestand\.MDTO\.xml$/, '');
      const data = readFileSync(path.join(bag, 'data', file));
      const sha = execFileSync('sha256sum', [path.join(bag, 'data', file)], { encoding: 'utf8' }).split(' ')[0];
      expect(xml).toContain(`<checksumWaarde>${sha}</checksumWaarde>`);
      expect(xml).toContain(`<omvang>${data.byteLength}</omvang>`);
    }
    const dossier = files.find((file) => file.split('/').length === 2 && file.endsWith('.MDTO.xml'))!;
    const dossierXml = readFileSync(path.join(bag, 'data', dossier), 'utf8');
    expect(dossierXml).toContain('https://www.nationaalarchief.nl/mdto');
    expect(dossierXml).toContain('gm0599');
  });

  it('shows exactly the snapshot: its cards in the image and report, not the card added after it', () => {
    const files = filesUnder(path.join(bag, 'data'));
    const svg = readFileSync(path.join(bag, 'data', files.find((file) => file.endsWith('.svg'))!), 'utf8');
    const text = svg.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, '');
    expect(text).toContain('Zonnepanelenopdesporthal');
    expect(text).not.toContain('Latertoegevoegdekaart');
    const pdf = path.join(bag, 'data', files.find((file) => file.endsWith('.pdf'))!);
    const report = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(report).toContain('Wijk Zuidwest');
    expect(report).toContain('Zonnepanelen op de sporthal');
    expect(report).not.toContain('Later toegevoegde kaart');
    // With Ghostscript on this machine the report is PDF/A-2b.
    expect(readFileSync(pdf, 'latin1')).toMatch(/pdfaid:part[^0-9]*2/);
  });

  it('downloads byte-identical every time and never changes after later edits', async () => {
    const again = new Uint8Array(await (await get(`${board.id}/snapshots/${summary.id}/package`, tokenOf(board.links.view))).arrayBuffer());
    expect(Buffer.compare(Buffer.from(again), Buffer.from(zip))).toBe(0);
    const listed = (await (await get(`${board.id}/snapshots/${summary.id}`, board.ownerToken)).json()) as SnapshotSummary;
    expect(listed.package).toMatchObject({ status: 'ready', bytes: zip.byteLength });
    expect(listed.thumbnail).toBe(true);
    expect((await get(`${board.id}/snapshots/${summary.id}/thumbnail`, board.ownerToken)).headers.get('content-type')).toBe('image/png');
  });

  it('verifies on the server, for the owner and the operator', async () => {
    for (const token of [board.ownerToken, 'operator-token-for-the-archive-test']) {
      const response = await fetch(`${server.url}/api/boards/${board.id}/snapshots/${summary.id}/verify`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const verified = (await response.json()) as VerifyResponse;
      expect(verified.valid).toBe(true);
      expect(verified.files.every((file) => file.result === 'ok')).toBe(true);
    }
    const editorTry = await fetch(`${server.url}/api/boards/${board.id}/snapshots/${summary.id}/verify`, { method: 'POST', headers: { authorization: `Bearer ${tokenOf(board.links.edit)}` } });
    expect(editorTry.status).toBe(403);
  });

  it('is written to ARCHIVE_DIR with its pakbon, and the operator finds it in the archive listing', async () => {
    const written = await waitFor(() => {
      const names = readdirSync(archiveDir).filter((name) => !name.endsWith('.part'));
      return names.length >= 2 ? names : null;
    }, 'the files in ARCHIVE_DIR');
    const zipName = written.find((name) => name.endsWith('.zip'))!;
    expect(Buffer.compare(readFileSync(path.join(archiveDir, zipName)), Buffer.from(zip))).toBe(0);
    const pakbon = readFileSync(path.join(archiveDir, zipName.replace(/\.zip$/, '.pakbon.xml')), 'utf8');
    expect(pakbon).toContain(summary.package!.sha256!);
    const listed = (await (await get(`${board.id}/snapshots/${summary.id}`, board.ownerToken)).json()) as SnapshotSummary;
    expect(listed.archiveExport).toMatchObject({ written: true, lastError: null });

    const archive = await fetch(`${server.url}/api/archive?q=zuidwest`, { headers: { authorization: 'Bearer operator-token-for-the-archive-test' } });
    const body = (await archive.json()) as { boards: { id: string; snapshots: SnapshotSummary[] }[] };
    expect(body.boards.find((entry) => entry.id === board.id)?.snapshots.map((entry) => entry.id)).toContain(summary.id);
    expect((await fetch(`${server.url}/api/archive`, { headers: { authorization: `Bearer ${board.ownerToken}` } })).status).toBe(401);
  });

  it('gives one file of the package on request', async () => {
    const response = await get(`${board.id}/snapshots/${summary.id}/files/bagit.txt`, board.ownerToken);
    expect(await response.text()).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    expect((await get(`${board.id}/snapshots/${summary.id}/files/nope.txt`, board.ownerToken)).status).toBe(404);
  });

  it('its .tldr holds the snapshot\'s records', () => {
    const files = filesUnder(path.join(bag, 'data'));
    const tldr = JSON.parse(readFileSync(path.join(bag, 'data', files.find((file) => file.endsWith('.tldr'))!), 'utf8')) as { tldrawFileFormatVersion: number; records: { id: string }[] };
    expect(tldr.tldrawFileFormatVersion).toBe(1);
    const ids = tldr.records.map((record) => record.id);
    expect(ids).toContain('shape:zon');
    expect(ids).not.toContain('shape:later');
    void readRecordEntry;
  });
});

describe('a board with images', () => {
  it('embeds its images in the package: the .tldr opens without our server and imports as a new board', async () => {
    const file = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/tldraw-default-shapes.tldr'), 'utf8')) as unknown;
    const imported = await fetch(`${server.url}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Wijkkaart', municipality: 'Gemeente Test', file }),
    });
    expect(imported.status).toBe(201);
    const board = (await imported.json()) as CreateBoardResponse;
    const summary = await snapshotReady(board, 'Met kaart');
    const bag = unzipped(new Uint8Array(await (await get(`${board.id}/snapshots/${summary.id}/package`, board.ownerToken)).arrayBuffer()));
    const files = filesUnder(path.join(bag, 'data'));
    const tldrText = readFileSync(path.join(bag, 'data', files.find((name) => name.endsWith('.tldr'))!), 'utf8');
    const tldr = JSON.parse(tldrText) as { records: { typeName: string; props?: { src?: string } }[] };
    const assets = tldr.records.filter((record) => record.typeName === 'asset');
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset.props?.src).toMatch(/^data:image\/png;base64,/);
    expect(tldrText).not.toContain('/api/boards/');
    // The board image shows the picture too (rendered from the data URL, not fetched).
    const svg = readFileSync(path.join(bag, 'data', files.find((name) => name.endsWith('.svg'))!), 'utf8');
    expect(svg).toContain('data:image/png;base64,');

    // The package's .tldr opens in the app as a new board again.
    const again = await fetch(`${server.url}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Uit het archief', file: JSON.parse(tldrText) as unknown }),
    });
    expect(again.status).toBe(201);
    const copy = (await again.json()) as CreateBoardResponse;
    const client = await connectSynced(server.wsUrl, copy.id, tokenOf(copy.links.view));
    clients.push(client);
    const shapes = [...getRecordsMap(client.doc).keys()].filter((id) => id.startsWith('shape:'));
    expect(shapes.length).toBe(tldr.records.filter((record) => record.typeName === 'shape').length);
  }, 120_000);
});
