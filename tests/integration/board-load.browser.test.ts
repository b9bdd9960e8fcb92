/**
 * How a board page loads: the socket opens beside the board's metadata request, not after
 * it, and the offline copy (IndexedDB) follows once the metadata says the token may edit and
 * the board has arrived, starting from the whole board in one write.
 */
import type { CreateBoardResponse } from '@koppelbord/contract';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { joinIfAsked } from '../helpers/board-page.ts';
import { connectSynced } from '../helpers/client.ts';
import { hasOfflineCopy, offlineCopyUpdateSizes } from '../helpers/offline-copy.ts';
import { tokenOf } from '../helpers/server.ts';
import * as Y from 'yjs';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();

async function createBoard(title: string): Promise<CreateBoardResponse> {
  const response = await fetch(`${fixture.server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateBoardResponse;
}

/** Opens `link` with the board's metadata answer held back until the page has opened its socket. */
async function openWithMetadataHeld(page: Page, boardId: string, link: string): Promise<{ socketBeforeMetadata: boolean }> {
  let socketOpened!: () => void;
  const socket = new Promise<void>((resolve) => (socketOpened = resolve));
  page.on('websocket', (ws) => {
    if (new URL(ws.url()).pathname.startsWith('/sync')) socketOpened();
  });
  let socketBeforeMetadata = false;
  await page.route(`**/api/boards/${boardId}`, async (route) => {
    // Without the overlap the socket waits for this answer: the race ends with the timeout.
    socketBeforeMetadata = await Promise.race([socket.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000))]);
    await route.continue();
  });
  await page.goto(link);
  return {
    get socketBeforeMetadata() {
      return socketBeforeMetadata;
    },
  };
}

/** Resolves once the page has been idle twice: after what the app queued for an idle moment at load. */
const afterIdle = (page: Page) =>
  page.evaluate(async () => {
    for (let round = 0; round < 2; round++) await new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5_000 }));
  });


describe('loading a board', () => {
  it('opens the socket while the metadata is on its way; an editor then keeps an offline copy', async () => {
    const board = await createBoard('Wijk Laadtijd');
    const page = await (await fixture.newContext()).newPage();
    const held = await openWithMetadataHeld(page, board.id, board.links.edit);
    await joinIfAsked(page, 'Anne');
    expect(held.socketBeforeMetadata).toBe(true);
    await waitFor(async () => await hasOfflineCopy(page, board.id), 'the editor’s offline copy');
  }, 60_000);

  it('an editor’s offline copy waits for the board to arrive, and its first write is the whole board', async () => {
    const board = await createBoard('Wijk Wachten');
    const page = await (await fixture.newContext()).newPage();
    // The server's messages are held back: the board has not arrived while the metadata has.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.routeWebSocket(/\/sync/, (ws) => {
      const server = ws.connectToServer();
      server.onMessage(async (message) => {
        await released;
        ws.send(message);
      });
    });
    await page.goto(board.links.edit);
    await page.getByLabel(/Je naam|Your name/).waitFor();
    await afterIdle(page);
    // Opened now, the copy would start from an empty doc and then store the board's load again.
    expect(await hasOfflineCopy(page, board.id)).toBe(false);
    release();
    await joinIfAsked(page, 'Carla');
    await waitFor(async () => await hasOfflineCopy(page, board.id), 'the editor’s offline copy');
    const check = await connectSynced(fixture.server.wsUrl, board.id, tokenOf(board.links.edit));
    const boardBytes = Y.encodeStateAsUpdate(check.doc).byteLength;
    check.destroy();
    const sizes = await waitFor(async () => {
      const stored = await offlineCopyUpdateSizes(page, board.id);
      return stored.length > 0 ? stored : null;
    }, 'the offline copy’s first write');
    expect(sizes[0]).toBeGreaterThanOrEqual(boardBytes);
  }, 60_000);

  it('a viewer’s page opens the socket as early and keeps no offline copy', async () => {
    const board = await createBoard('Wijk Alleen Lezen');
    const page = await (await fixture.newContext()).newPage();
    const held = await openWithMetadataHeld(page, board.id, board.links.view);
    await joinIfAsked(page, 'Bart');
    expect(held.socketBeforeMetadata).toBe(true);
    // The page is whole (the editor mounted, the doc synced) and has had every chance to make one.
    await page.waitForFunction(() => Boolean(window.editor));
    await afterIdle(page);
    expect(await hasOfflineCopy(page, board.id)).toBe(false);
  }, 60_000);
});
