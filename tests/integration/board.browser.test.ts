import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { createGeo, joinIfAsked, openBoard, shapesOf, type EditorHandle } from '../helpers/board-page.ts';
import { webDistDir } from '../helpers/build-web.ts';
import { connectSynced } from '../helpers/client.ts';
import { offlineCopyUpdateSizes } from '../helpers/offline-copy.ts';
import { startTestServer, tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const { newContext, foreign } = fixture;

const shapeIds = async (page: Page) => (await shapesOf(page)).map((shape) => shape.id).sort();

describe('the board in Chromium', () => {
  it('two participants see each other’s shapes and cursors', async () => {
    const board = await fixture.server.createBoard('Wijk Noord');
    const anne = await openBoard(await newContext(), board.links.edit, 'Anne', 'sewerage-water');
    const bram = await openBoard(await newContext(), board.links.edit, 'Bram', 'education');

    await createGeo(anne, 'shape:from-anne', 100, 100);
    await waitFor(async () => (await shapeIds(bram)).includes('shape:from-anne'), 'Anne’s shape at Bram', 15_000);
    await createGeo(bram, 'shape:from-bram', 400, 100);
    await waitFor(async () => (await shapeIds(anne)).includes('shape:from-bram'), 'Bram’s shape at Anne', 15_000);

    // Anne moves her pointer over the canvas; Bram sees her cursor with her name.
    await anne.mouse.move(500, 400);
    await anne.mouse.move(520, 420, { steps: 5 });
    await waitFor(() => bram.locator('.tl-nametag', { hasText: 'Anne' }).count(), 'Anne’s cursor at Bram', 15_000);
    // And both are in the participant list with the domain they speak for.
    await waitFor(() => bram.locator('.participants li', { hasText: 'Riolering & water' }).count(), 'Anne in Bram’s participant list', 15_000);

    // Bram follows Anne (tldraw's collaboration UI, fed from awareness): her camera leads his.
    type Follower = { getCollaborators(): { userId: string; userName: string }[]; startFollowingUser(id: string): void; getCamera(): { x: number; y: number } };
    await bram.evaluate(() => {
      const editor = window.editor as Follower;
      const anneId = editor.getCollaborators().find((c) => c.userName === 'Anne')!.userId;
      editor.startFollowingUser(anneId);
    });
    await anne.evaluate(() => {
      (window.editor as { setCamera(c: { x: number; y: number; z: number }): void }).setCamera({ x: -2400, y: -1600, z: 1 });
    });
    await waitFor(async () => (await bram.evaluate(() => (window.editor as Follower).getCamera().x)) < -2000, 'Bram’s view to follow Anne’s', 15_000);
  });

  it('a participant changes their name and domain later; the others see it', async () => {
    const board = await fixture.server.createBoard('Profiel');
    const hanna = await openBoard(await newContext(), board.links.edit, 'Hanna', 'housing');
    const ivo = await openBoard(await newContext(), board.links.edit, 'Ivo', 'safety');
    await hanna.mouse.move(300, 300);
    await waitFor(() => ivo.locator('.participants li', { hasText: 'Wonen' }).count(), 'Hanna’s domain at Ivo', 15_000);

    await hanna.getByRole('button', { name: 'Naam of domein wijzigen' }).click();
    await hanna.getByLabel('Je naam').fill('Hanna de Vries');
    await hanna.getByRole('combobox').selectOption('energy-poverty');
    await hanna.getByRole('button', { name: 'Meedoen' }).click();
    await waitFor(() => ivo.locator('.participants li', { hasText: 'Hanna de Vries' }).filter({ hasText: 'Energiearmoede' }).count(), 'the new profile at Ivo', 15_000);
    // Remembered on Hanna's device: a reload does not ask again.
    await hanna.reload();
    await hanna.waitForFunction(() => Boolean(window.editor));
    expect(await hanna.getByLabel('Je naam').count()).toBe(0);
  });

  it('a viewer gets a read-only board, and a change forced through window.editor reaches nobody', async () => {
    const board = await fixture.server.createBoard('Alleen kijken');
    const editor = await openBoard(await newContext(), board.links.edit, 'Carla');
    await createGeo(editor, 'shape:original', 100, 100);
    const viewer = await openBoard(await newContext(), board.links.view, 'Raadslid');
    await waitFor(async () => (await shapeIds(viewer)).includes('shape:original'), 'the viewer to see the board', 15_000);

    const state = await viewer.evaluate(() => ({
      readonly: (window.editor as EditorHandle).getInstanceState().isReadonly,
      tool: (window.editor as EditorHandle).getCurrentToolId(),
    }));
    expect(state).toEqual({ readonly: true, tool: 'hand' });
    await expect.poll(() => viewer.locator('[data-status="read-only"]').count()).toBe(1);

    // Force an edit past the read-only UI: the binding does not write it, the server refuses it.
    await viewer.evaluate(() => {
      const editor = window.editor as EditorHandle & { updateInstanceState(s: { isReadonly: boolean }): void; run(fn: () => void, o: { ignoreShapeLock: boolean }): void };
      editor.updateInstanceState({ isReadonly: false });
      editor.createShape({ id: 'shape:forced', type: 'geo', x: 300, y: 300, props: { w: 50, h: 50, geo: 'ellipse' } });
    });
    // A marker written after the attempt proves the editor's stream has moved past it.
    await createGeo(editor, 'shape:marker', 500, 100);
    await waitFor(async () => (await shapeIds(viewer)).includes('shape:marker'), 'the marker at the viewer', 15_000);
    expect(await shapeIds(editor)).not.toContain('shape:forced');
    const fromServer = await connectSynced(fixture.server.wsUrl, board.id, tokenOf(board.links.edit));
    try {
      expect(fromServer.doc.getMap('records').has('shape:forced')).toBe(false);
      expect(fromServer.doc.getMap('records').has('shape:marker')).toBe(true);
    } finally {
      fromServer.destroy();
    }
  });

  it('keeps the board across a reload and across a server restart', async () => {
    const board = await fixture.server.createBoard('Blijvend');
    const context = await newContext();
    const page = await openBoard(context, board.links.edit, 'Dirk');
    await createGeo(page, 'shape:kept', 120, 80);
    // Reload without the link: the token is kept on this device.
    await page.goto(new URL(`/b/${board.id}`, fixture.server.url).toString());
    await page.waitForFunction(() => Boolean(window.editor));
    await waitFor(async () => (await shapeIds(page)).includes('shape:kept'), 'the shape after a reload', 15_000);

    const { port, dataDir } = fixture.server;
    await page.close();
    await fixture.server.stop({ keepData: true });
    fixture.server = await startTestServer({ webDistDir, dataDir, port });
    const again = await context.newPage();
    await again.goto(`${fixture.server.url}/b/${board.id}`);
    await again.waitForFunction(() => Boolean(window.editor));
    await waitFor(async () => (await shapeIds(again)).includes('shape:kept'), 'the shape after a server restart', 15_000);
  });

  it('an edit made offline reaches the other participant after reconnecting', async () => {
    const board = await fixture.server.createBoard('Onderweg');
    const offlineContext = await newContext();
    const traveller = await openBoard(offlineContext, board.links.edit, 'Eva');
    const colleague = await openBoard(await newContext(), board.links.edit, 'Femke');
    await waitFor(() => traveller.locator('[data-status="connected"]').count(), 'the traveller to be connected', 15_000);

    // The browser goes offline: the app drops its socket and the badge says so.
    await offlineContext.setOffline(true);
    await createGeo(traveller, 'shape:written-offline', 200, 200);
    await waitFor(() => traveller.locator('[data-status="offline"], [data-status="connecting"]').count(), 'the badge to show the lost connection', 15_000);
    expect(await shapeIds(colleague)).not.toContain('shape:written-offline');

    await offlineContext.setOffline(false);
    await waitFor(async () => (await shapeIds(colleague)).includes('shape:written-offline'), 'the offline edit at the colleague', 20_000);
  });

  it('the side panel’s tabs open offline: their code is fetched once the board is shown, not before', async () => {
    const board = await fixture.server.createBoard('Zijpaneel');
    const context = await newContext();
    const page = await openBoard(context, board.links.edit, 'Ilse');
    const fetchedScripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => name.endsWith('.js')));
    // The deferred parts are separate files, fetched after the board showed (lazy/deferred.tsx).
    await waitFor(async () => {
      const scripts = await fetchedScripts();
      return ['OutlinePanel', 'RegisterPanel', 'HistoryPanel', 'CardPanel'].every((part) => scripts.some((name) => name.includes(`/assets/${part}-`)));
    }, 'the deferred parts to be fetched', 15_000);

    await context.setOffline(true);
    await page.locator('#tab-outline').click();
    await waitFor(() => page.locator('.outline .outline-status').count(), 'the outline panel, offline', 10_000);
    await page.locator('#tab-register').click();
    await waitFor(() => page.locator('section.register').count(), 'the register panel, offline', 10_000);
    expect(await page.locator('.deferred-failed').count()).toBe(0);
    await context.setOffline(false);
  });

  it('a side panel tab whose code cannot be fetched says so; the page reloads for it only once it can be fetched, and the tab then opens', async () => {
    const board = await fixture.server.createBoard('Dekking');
    const context = await newContext();
    // A network that drops this one chunk (the warm-up's fetch fails as well).
    const coverageChunk = /\/assets\/CoveragePanel-[^/]+\.js$/;
    await context.route(coverageChunk, (route) => route.abort('internetdisconnected'));
    const page = await openBoard(context, board.links.edit, 'Femke');

    await page.locator('#tab-coverage').click();
    await waitFor(() => page.locator('.deferred-failed').count(), 'the failed part’s message', 10_000);
    expect(await page.locator('section.coverage').count()).toBe(0);
    await page.locator('#tab-register').click();
    await waitFor(() => page.locator('section.register').count(), 'another tab, unaffected', 10_000);

    // Without a connection the page stays: a reload would leave the browser's error page.
    await page.locator('#tab-coverage').click();
    await context.setOffline(true);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    await page.locator('.deferred-failed button').click();
    await waitFor(async () => (await page.locator('.deferred-failed').textContent())?.includes('nog geen verbinding') ?? false, 'the no-connection message', 10_000);
    expect(navigations).toEqual([]);

    await context.setOffline(false);
    await context.unroute(coverageChunk);
    await page.locator('.deferred-failed button').click();
    await waitFor(() => navigations.length > 0, 'the reload', 10_000);
    await joinIfAsked(page, 'Femke');
    await page.locator('#tab-coverage').click();
    await waitFor(() => page.locator('section.coverage').count(), 'the coverage panel after the reload', 10_000);
    expect(await page.locator('.deferred-failed').count()).toBe(0);
  });

  it('a pasted link becomes a bookmark without fetching the page (no unfurling)', async () => {
    const board = await fixture.server.createBoard('Links');
    const page = await openBoard(await newContext(), board.links.edit, 'Gert');
    await page.evaluate(async () => {
      const editor = window.editor as { putExternalContent(content: { type: 'url'; url: string; point?: { x: number; y: number } }): Promise<void> };
      await editor.putExternalContent({ type: 'url', url: 'https://www.example.org/rioleringsplan-2028', point: { x: 300, y: 300 } });
    });
    await waitFor(async () => (await shapesOf(page)).some((shape) => shape.type === 'bookmark'), 'the bookmark shape', 15_000);
  });

  it('an offline edit survives closing the tab and reaches the board when the board is opened again', async () => {
    const board = await fixture.server.createBoard('Trein');
    const context = await newContext();
    const page = await openBoard(context, board.links.edit, 'Joost');
    const storedUpdates = async () => (await offlineCopyUpdateSizes(page, board.id)).length;
    await waitFor(async () => (await storedUpdates()) > 0, 'the offline copy to exist', 15_000);

    await context.setOffline(true);
    const before = await storedUpdates();
    await createGeo(page, 'shape:kept-offline', 250, 150);
    await waitFor(async () => (await storedUpdates()) > before, 'the edit to be kept in IndexedDB', 15_000);
    await page.close();

    await context.setOffline(false);
    const reopened = await context.newPage();
    await reopened.goto(`${fixture.server.url}/b/${board.id}`);
    await reopened.waitForFunction(() => Boolean(window.editor));
    const check = await connectSynced(fixture.server.wsUrl, board.id, tokenOf(board.links.edit));
    try {
      await waitFor(() => check.doc.getMap('records').has('shape:kept-offline'), 'the kept edit on the server', 20_000);
    } finally {
      check.destroy();
    }
  });

  it('made no request to any other host during all of the above', () => {
    expect(foreign).toEqual([]);
  });
});
