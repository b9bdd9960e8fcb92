/**
 * The server as `pnpm start` runs it: bundled by apps/server/build.ts into plain JavaScript.
 * The bundle must do what the sources do, including the two parts it starts on their own —
 * the snapshot analyzer's worker thread and the package process (with its Chromium render)
 * — whose files it finds beside itself.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSnapshotResponse, SnapshotSummary } from '@koppelbord/contract';
import { buildServer, serverDist } from '../../apps/server/build.ts';
import { findChromium } from '../helpers/browser.ts';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { tempDataDir, tokenOf } from '../helpers/server.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

const dataDir = tempDataDir();
const clients: TestClient[] = [];
let server: ChildServer;

beforeAll(async () => {
  await buildServer();
  server = await startChildServer(dataDir, { CHROMIUM_PATH: findChromium(), AUTO_SNAPSHOT: 'off' }, { main: path.join(serverDist, 'main.js') });
}, 60_000);
afterAll(async () => {
  for (const client of clients) client.destroy();
  if (server && server.process.exitCode === null) await server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the bundled server', () => {
  it('serves the client, syncs a board, and analyses, renders and packages a snapshot', async () => {
    const page = await fetch(`${server.url}/`);
    expect([page.status, (await page.text()).includes('<div id="root">')]).toEqual([200, true]);

    const board = await createTemplateBoard(server.url, 'Wijk Gebouwd');
    const token = tokenOf(board.links.edit);
    const [alice, bob] = [await connectSynced(server.wsUrl, board.id, token), await connectSynced(server.wsUrl, board.id, token)];
    clients.push(alice, bob);
    alice.doc.getMap('built-check').set('from', 'alice');
    await waitFor(() => bob.doc.getMap('built-check').get('from') === 'alice', 'an edit to reach the other client');

    const owner = { authorization: `Bearer ${board.ownerToken}` };
    const taken = await fetch(`${server.url}/api/boards/${board.id}/snapshots`, { method: 'POST', headers: { ...owner, 'content-type': 'application/json' }, body: JSON.stringify({ label: 'Sessie 1' }) });
    expect(taken.status).toBe(201);
    const snapshot = (await taken.json()) as CreateSnapshotResponse;
    // Records read in the analyzer's worker thread (analyze-worker.js).
    const input = await fetch(`${server.url}/api/boards/${board.id}/snapshots/${snapshot.id}/render-input`, { headers: owner });
    const { records } = (await input.json()) as { records: { typeName: string }[] };
    expect(records.some((record) => record.typeName === 'shape')).toBe(true);
    // Rendered and built in the package process (child.js).
    const summary = await waitFor(
      async () => {
        const entry = (await (await fetch(`${server.url}/api/boards/${board.id}/snapshots/${snapshot.id}`, { headers: owner })).json()) as SnapshotSummary;
        if (entry.package?.status === 'incomplete') throw new Error('the package build failed');
        return entry.package?.status === 'ready' ? entry : null;
      },
      'the package to be built',
      90_000,
      250,
    );
    expect(summary.package?.bytes).toBeGreaterThan(0);
    const verified = await fetch(`${server.url}/api/boards/${board.id}/snapshots/${snapshot.id}/verify`, { method: 'POST', headers: owner });
    expect(((await verified.json()) as { valid: boolean }).valid).toBe(true);
  }, 120_000);
});
