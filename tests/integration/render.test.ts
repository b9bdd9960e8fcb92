/**
 * The render worker (apps/server/src/render): one headless Chromium making a snapshot's
 * images from the built web client's render page, with the real browser and the real build.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BoardRenderer, findChromium as findServerChromium, RenderError } from '../../apps/server/src/render/index.ts';
import { createLogger } from '@koppelbord/server';
import { findChromium } from '../helpers/browser.ts';
import { webDistDir } from '../helpers/build-web.ts';
import { waitFor } from '../helpers/wait.ts';
import { opportunityRecord, templateSnapshot } from './render-records.ts';

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const pngDimensions = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

/** Chromium processes started by this test process (its descendants), by pid. */
function chromiumDescendants(): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, ...comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm.join(' ') }));
  const below = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) if (below.has(row.ppid) && !below.has(row.pid)) grew = Boolean(below.add(row.pid));
  }
  return rows.filter((row) => row.pid !== process.pid && below.has(row.pid) && /chrom/i.test(row.comm)).map((row) => row.pid);
}

/** The SVG's text as a reader sees it: a card writes a long title line by line, one `<text>` each. */
const textOf = (svg: string) => svg.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

const titles = ['Warmtenet met de riolering mee', 'Buurtcoaches voor energiearmoede'];
const absentTitle = 'Zonnedaken op de sporthal';

describe('BoardRenderer', () => {
  let renderer: BoardRenderer;

  beforeAll(() => {
    renderer = new BoardRenderer({ chromiumPath: findChromium(), webDistDir, timeoutMs: 45_000, maxQueue: 4, log: createLogger('silent') });
  });
  afterAll(async () => {
    await renderer.close();
  });

  test('renders the snapshot: its cards and no others, a PNG of a sensible size, a thumbnail', async () => {
    expect(renderer.stats().launches).toBe(0); // lazy: no browser before the first job
    const board = await renderer.render(templateSnapshot({ titles }));
    expect(board.pages.map((page) => [page.pageId, page.name])).toEqual([['page:page', 'Pagina 1']]);
    const [page] = board.pages;
    expect(page!.svg.startsWith('<svg')).toBe(true);
    const text = textOf(page!.svg);
    for (const title of titles) expect(text).toContain(title);
    expect(text).not.toContain(absentTitle);
    // The cards' own labels in the board's language.
    expect(text).toContain('Koppelkans');
    expect(page!.svg).not.toContain('<script');
    expect([...page!.png.subarray(0, 8)]).toEqual(pngSignature);
    const { width, height } = pngDimensions(page!.png);
    // The template is ~2800 × 1500 board units: a 2× image would be past the 4096 px cap.
    expect(width).toBeGreaterThan(1500);
    expect(width).toBeLessThanOrEqual(4096);
    expect(height).toBeGreaterThan(500);
    expect(height).toBeLessThanOrEqual(4096);
    expect([...board.thumbnail.subarray(0, 8)]).toEqual(pngSignature);
    expect(pngDimensions(board.thumbnail).width).toBeGreaterThanOrEqual(300);
    expect(pngDimensions(board.thumbnail).width).toBeLessThanOrEqual(330);
    // Fonts, styles and scripts all came from the page's own files; nothing asked for more.
    expect(renderer.stats()).toMatchObject({ launches: 1, blockedRequests: 0 });
  });

  test('a second render reuses the browser, in the language asked for', async () => {
    const board = await renderer.render(templateSnapshot({ titles: [absentTitle], locale: 'en' }));
    const text = textOf(board.pages[0]!.svg);
    expect(text).toContain(absentTitle);
    expect(text).toContain('Opportunity');
    for (const title of titles) expect(text).not.toContain(title);
    expect(renderer.stats()).toMatchObject({ launches: 1, jobs: 2, failures: 0 });
  });

  test('a record that does not validate is left out of the image, the rest is drawn', async () => {
    const snapshot = templateSnapshot({ titles });
    // What a hostile client could store: a card whose title is longer than the schema allows.
    snapshot.records.push(opportunityRecord('too-long', `Te lang ${'x'.repeat(200)}`, 5));
    const board = await renderer.render(snapshot);
    const text = textOf(board.pages[0]!.svg);
    for (const title of titles) expect(text).toContain(title);
    expect(text).not.toContain('Te lang');
  });

  test('several pages, and an empty one, each get an image', async () => {
    const snapshot = templateSnapshot({ titles });
    snapshot.records.push({ id: 'page:empty', typeName: 'page', name: 'Leeg', index: 'a2', meta: {} } as (typeof snapshot.records)[number]);
    const board = await renderer.render(snapshot);
    expect(board.pages.map((page) => page.pageId)).toEqual(['page:page', 'page:empty']);
    const empty = board.pages[1]!;
    expect(empty.svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect([...empty.png.subarray(0, 8)]).toEqual(pngSignature);
    expect(pngDimensions(empty.png).width).toBeGreaterThan(0);
  });

  test('a job past its timeout fails and the browser is replaced; the next job works', async () => {
    const before = renderer.stats();
    const slow = renderer.render(templateSnapshot({ titles }), { timeoutMs: 50 });
    await expect(slow).rejects.toMatchObject({ name: 'RenderError', code: 'render_timeout' });
    await expect(slow).rejects.toBeInstanceOf(RenderError);
    const board = await renderer.render(templateSnapshot({ titles }));
    expect(textOf(board.pages[0]!.svg)).toContain(titles[0]);
    expect(renderer.stats()).toMatchObject({ launches: before.launches + 1, failures: before.failures + 1 });
  });

  test('a full queue refuses more jobs at once', async () => {
    const small = new BoardRenderer({ chromiumPath: findChromium(), webDistDir, timeoutMs: 45_000, maxQueue: 1, log: createLogger('silent') });
    try {
      const snapshot = templateSnapshot({ titles });
      const running = small.render(snapshot);
      const waiting = small.render(snapshot);
      await expect(small.render(snapshot)).rejects.toMatchObject({ code: 'render_queue_full' });
      await Promise.all([running, waiting]);
    } finally {
      await small.close();
    }
  });

  test('a job that times out while the browser starts fails alone; the browser is replaced every N jobs', async () => {
    const recycling = new BoardRenderer({ chromiumPath: findChromium(), webDistDir, timeoutMs: 45_000, maxQueue: 2, log: createLogger('silent'), restartAfterJobs: 1 });
    try {
      const snapshot = templateSnapshot({ titles });
      await expect(recycling.render(snapshot, { timeoutMs: 1 })).rejects.toMatchObject({ code: 'render_timeout' });
      const first = await recycling.render(snapshot);
      expect(textOf(first.pages[0]!.svg)).toContain(titles[1]);
      await recycling.render(snapshot);
      // One browser per job (restartAfterJobs: 1), plus the one the timed-out job started.
      expect(recycling.stats()).toMatchObject({ jobs: 2, failures: 1 });
      expect(recycling.stats().launches).toBeGreaterThanOrEqual(2);
    } finally {
      await recycling.close();
    }
  });

  test('close() leaves no Chromium process behind', async () => {
    expect(chromiumDescendants().length).toBeGreaterThan(0);
    await renderer.close();
    await waitFor(() => chromiumDescendants().length === 0, 'the renderer’s Chromium processes to exit');
    await expect(renderer.render(templateSnapshot({ titles }))).rejects.toMatchObject({ code: 'renderer_closed' });
  });
});

describe('findChromium', () => {
  test('takes CHROMIUM_PATH when it is an executable, nothing when it is not, else /usr/bin/chromium', () => {
    const system = findChromium();
    expect(findServerChromium(system)).toBe(system);
    expect(findServerChromium('/nonexistent/chromium')).toBeNull();
    const notExecutable = path.join(mkdtempSync(path.join(tmpdir(), 'koppelbord-render-')), 'chromium');
    writeFileSync(notExecutable, '#!/bin/sh\n', { mode: 0o644 });
    expect(findServerChromium(notExecutable)).toBeNull();
    expect(findServerChromium(undefined)).toBe(execFileSync('sh', ['-c', 'test -x /usr/bin/chromium && echo /usr/bin/chromium || echo'], { encoding: 'utf8' }).trim() || null);
  });
});
