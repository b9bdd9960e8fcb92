import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readDocRecords } from '@koppelbord/tldraw-yjs';
import { joinIfAsked, openBoard } from '../helpers/board-page.ts';
import { useBrowserBoard } from '../helpers/browser-fixture.ts';
import { connectSynced } from '../helpers/client.ts';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useBrowserBoard();
const tldrPath = fileURLToPath(new URL('../fixtures/tldraw-default-shapes.tldr', import.meta.url));

interface ImageEditor {
  getCurrentPageShapes(): { id: string; type: string; props: Record<string, unknown> }[];
  putExternalContent(content: { type: 'files'; files: File[]; point?: { x: number; y: number } }): Promise<void>;
}

const shapeTypes = (page: Page) => page.evaluate(() => (window.editor as ImageEditor).getCurrentPageShapes().map((shape) => shape.type).sort());

/** Whether an <img> from the board's asset endpoint has loaded and decoded (a broken image has no natural size). */
const shownImages = (page: Page, boardId: string) =>
  page.evaluate(
    (prefix) => [...document.querySelectorAll('img')].filter((img) => img.src.includes(prefix) && img.complete && img.naturalWidth > 0).length,
    `/api/boards/${boardId}/assets/`,
  );

describe('images and .tldr import in Chromium', () => {
  it('opens a .tldr from the start page as a new board that shows its shapes and its image', async () => {
    const context = await fixture.newContext();
    const page = await context.newPage();
    await page.goto(`${fixture.server.url}/`);
    await page.getByLabel('Titel').fill('Buurt uit bestand');
    await page.getByLabel(/Gemeente/).fill('Zwolle');
    await page.getByLabel('Bord openen uit bestand (.tldr)').setInputFiles(tldrPath);
    await page.getByRole('status').getByText('Het bord “Buurt uit bestand” is gemaakt.').waitFor();
    const editLink = await page.getByRole('textbox', { name: /Link voor deelnemers/ }).inputValue();
    const boardId = new URL(editLink).pathname.split('/')[2]!;

    // Kept on this device as a newly made board is: the owner opens it from here.
    await page.getByRole('link', { name: 'Bord openen' }).click();
    await joinIfAsked(page, 'Coördinator', 'energy-transition');
    await expect
      .poll(() => shapeTypes(page), { timeout: 15_000 })
      .toEqual(['arrow', 'draw', 'frame', 'geo', 'geo', 'highlight', 'image', 'line', 'note', 'text']);
    await expect.poll(() => shownImages(page, boardId), { timeout: 15_000 }).toBe(1);
    expect(await page.evaluate(() => localStorage.length)).toBeGreaterThan(0);
    expect(fixture.foreign).toEqual([]);
    await context.close();
  });

  it("shows the server's refusal of a file with unknown shapes", async () => {
    const file = JSON.parse(readFileSync(tldrPath, 'utf8')) as { records: Record<string, unknown>[] };
    file.records.push({ ...file.records.find((record) => record.id === 'shape:geo1'), id: 'shape:mm', type: 'mindmap' });
    const context = await fixture.newContext();
    const page = await context.newPage();
    await page.goto(`${fixture.server.url}/`);
    await page.getByLabel('Bord openen uit bestand (.tldr)').setInputFiles({ name: 'kaart.tldr', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/Het lukte niet:.*mindmap/);
    await page.getByLabel('Bord openen uit bestand (.tldr)').setInputFiles({ name: 'kapot.tldr', mimeType: 'application/json', buffer: Buffer.from('{ nope') });
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('geen tldraw-bestand');
    await context.close();
  });

  it('uploads a pasted image: the doc holds its asset URL, and the image shows', async () => {
    const board = await fixture.server.createBoard('Plaatjes');
    const context = await fixture.newContext();
    const page = await openBoard(context, board.links.edit, 'Deelnemer');
    // The fixture's embedded image: a real PNG.
    const file = JSON.parse(readFileSync(tldrPath, 'utf8')) as { records: { id: string; props?: { src?: string } }[] };
    const png = file.records.find((record) => record.id === 'asset:photo1')!.props!.src!.replace(/^data:image\/png;base64,/, '');
    await page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      // Sent as "image/png" by the browser; the server types it from its bytes anyway.
      await (window.editor as ImageEditor).putExternalContent({ type: 'files', files: [new File([bytes], 'foto.png', { type: 'image/png' })], point: { x: 200, y: 200 } });
    }, png);

    // A stock client sees what every participant gets: the asset's URL, no bytes.
    const client = await connectSynced(fixture.server.wsUrl, board.id, tokenOf(board.links.view));
    try {
      const asset = await waitFor(() => {
        const records = readDocRecords(client.doc) as { typeName: string; props?: { src?: unknown } }[];
        return records.find((record) => record.typeName === 'asset' && typeof record.props?.src === 'string' && record.props.src !== '');
      }, 'the uploaded image asset in the doc (tldraw writes the asset first, its src once uploaded)');
      expect(asset.props?.src).toMatch(new RegExp(`^/api/boards/${board.id}/assets/[0-9a-f]{64}$`));
      expect(JSON.stringify(readDocRecords(client.doc))).not.toContain('data:');
      const served = await fetch(`${fixture.server.url}${asset.props?.src as string}`);
      expect(Buffer.from(await served.arrayBuffer()).toString('base64')).toBe(png);
    } finally {
      client.destroy();
    }
    await expect.poll(() => shownImages(page, board.id), { timeout: 15_000 }).toBe(1);
    expect(fixture.foreign).toEqual([]);
    await context.close();
  });
});
