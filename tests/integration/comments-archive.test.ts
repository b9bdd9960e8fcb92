/**
 * Comments on cards in an archived snapshot: the session report shows each card's thread,
 * the board image shows the count on the card, and the .tldr holds the comment records
 * (it opens as a board again with its comments). Comments are written by a stock y-websocket
 * client with a participant key, as the browser client writes them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { newParticipantKey, participantIdOf, type CreateBoardResponse, type CreateSnapshotResponse, type SnapshotSummary } from '@koppelbord/contract';
import { defaultOpportunityProps, newComment, resolvedComment, type CardCommentId } from '@koppelbord/board-model';
import { getRecordsMap, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { findChromium } from '../helpers/browser.ts';
import { startTestServer, tempDataDir, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

let server: TestServer;
let archiveDir: string;
const work: string[] = [];
let provider: WebsocketProvider | undefined;

beforeAll(async () => {
  archiveDir = tempDataDir();
  server = await startTestServer({ render: { chromiumPath: findChromium(), timeoutMs: 90_000, maxQueue: 8 }, archive: { dir: archiveDir } });
});
afterAll(async () => {
  provider?.destroy();
  await server.stop();
  for (const dir of [archiveDir, ...work]) rmSync(dir, { recursive: true, force: true });
});

const card = { id: 'shape:heat', typeName: 'shape', type: 'opportunity', parentId: 'page:page', index: 'a5', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, props: { ...defaultOpportunityProps(), w: 260, h: 150, title: 'Warmtenet bij rioolvervanging' }, meta: {} };

async function snapshotReady(board: CreateBoardResponse): Promise<SnapshotSummary> {
  const response = await fetch(`${server.url}/api/boards/${board.id}/snapshots`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'Sessie met opmerkingen' }),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as CreateSnapshotResponse;
  return waitFor(
    async () => {
      const summary = (await (await fetch(`${server.url}/api/boards/${board.id}/snapshots/${created.id}`, { headers: { authorization: `Bearer ${board.ownerToken}` } })).json()) as SnapshotSummary;
      if (summary.package?.status === 'incomplete') throw new Error('the package did not build');
      return summary.package?.status === 'ready' ? summary : null;
    },
    'the package to be built',
    120_000,
    100,
  );
}

function unzipped(zip: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'koppelbord-comments-bag-'));
  work.push(dir);
  writeFileSync(path.join(dir, 'package.zip'), zip);
  execFileSync('unzip', ['-q', 'package.zip'], { cwd: dir });
  rmSync(path.join(dir, 'package.zip'));
  return path.join(dir, readdirSync(dir)[0]!);
}

const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name)) : [path.join(dir, name)]));

describe('an archived snapshot of a board with comments', () => {
  let board: CreateBoardResponse;
  let files: string[];
  const read = (ext: string) => readFileSync(files.find((file) => file.endsWith(ext))!, 'utf8');

  beforeAll(async () => {
    board = await server.createBoard('Wijk met opmerkingen');
    const key = newParticipantKey();
    const author = { id: await participantIdOf(key), name: 'Anna de Vries', speaksFor: 'sewerage-water' };
    const doc = new Y.Doc();
    provider = new WebsocketProvider(server.wsUrl, board.id, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token: tokenOf(board.links.edit), participant: key }, disableBc: true });
    await waitFor(() => provider!.synced, 'the writer to sync');
    const records = getRecordsMap(doc);
    const at = Date.UTC(2026, 11, 2, 13, 5);
    const open = newComment({ id: 'card-comment:open' as CardCommentId, cardId: card.id, author, text: 'Kan de warmteleiding mee in de sleuf?', now: at });
    const done = resolvedComment(newComment({ id: 'card-comment:done' as CardCommentId, cardId: card.id, author, text: 'Trekker gevonden bij Riolering.', now: at + 60_000 }), author, at + 120_000);
    doc.transact(() => {
      writeRecordEntry(records, card.id, card);
      writeRecordEntry(records, open.id, open);
      writeRecordEntry(records, done.id, done);
    });
    // Read back through a second connection: stored and accepted by the server.
    const check = new Y.Doc();
    const reader = new WebsocketProvider(server.wsUrl, board.id, check, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token: tokenOf(board.links.view) }, disableBc: true });
    await waitFor(() => getRecordsMap(check).has('card-comment:done'), 'the comments to be stored');
    reader.destroy();
    const summary = await snapshotReady(board);
    const zip = new Uint8Array(await (await fetch(`${server.url}/api/boards/${board.id}/snapshots/${summary.id}/package`, { headers: { authorization: `Bearer ${board.ownerToken}` } })).arrayBuffer());
    files = filesUnder(path.join(unzipped(zip), 'data'));
  }, 180_000);

  it('its report shows the card’s thread with domain, time and state', () => {
    const html = read('.html');
    expect(html).toContain('Opmerkingen bij kaarten');
    expect(html).toContain('Koppelkans: Warmtenet bij rioolvervanging (2, 1 open)');
    expect(html).toContain('Riolering &amp; water, 2 december 2026 om 14:05 CET: Kan de warmteleiding mee in de sleuf?');
    expect(html).toMatch(/Trekker gevonden bij Riolering\. \[afgehandeld 2 december 2026 om 14:07 CET\]/);
  });

  it('its board image shows the count on the card', () => {
    expect(read('.svg')).toContain('<title>2 opmerkingen, 1 open</title>');
  });

  it('its .tldr holds the comments, and opens as a new board with them', async () => {
    const tldr = JSON.parse(read('.tldr')) as { records: { id: string; typeName: string }[] };
    expect(tldr.records.filter((record) => record.typeName === 'card-comment').map((record) => record.id).sort()).toEqual(['card-comment:done', 'card-comment:open']);
    const response = await fetch(`${server.url}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Uit het archief', file: tldr }) });
    expect(response.status).toBe(201);
    const imported = (await response.json()) as CreateBoardResponse;
    const doc = new Y.Doc();
    const reader = new WebsocketProvider(server.wsUrl, imported.id, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token: tokenOf(imported.links.view) }, disableBc: true });
    try {
      await waitFor(() => getRecordsMap(doc).has('card-comment:open') && getRecordsMap(doc).has('card-comment:done'), 'the comments on the imported board');
    } finally {
      reader.destroy();
    }
  });
});
