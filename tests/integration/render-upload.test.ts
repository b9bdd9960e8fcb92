/**
 * `checkUploadedRender`: the images an owner's browser uploads when the server has no
 * Chromium. A real render (the render page in the real Chromium) is accepted; anything that
 * is not a PNG, an SVG that could run or fetch something, other pages, another snapshot's
 * images, or too many bytes are refused with a clear error.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '@koppelbord/server';
import { BoardRenderer, checkUploadedRender, UploadedRenderError, type RenderedBoard, type RenderInput } from '../../apps/server/src/render/index.ts';
import { findChromium } from '../helpers/browser.ts';
import { webDistDir } from '../helpers/build-web.ts';
import { templateSnapshot } from './render-records.ts';

const limits = { maxBytes: 64 * 1024 * 1024 };
const longTitle = 'Het warmtenet aanleggen wanneer de riolering in de Bloemenbuurt wordt vervangen, met het waterschap';
const titles = ['Warmtenet met de riolering mee', 'Buurtcoaches voor energiearmoede', longTitle];

/** As the browser uploads it: the render page's JSON, PNGs as base64. */
function upload(board: RenderedBoard, change: (pages: { pageId: string; name: string; svg: string; png: string }[]) => void = () => {}) {
  const pages = board.pages.map((page) => ({ pageId: page.pageId, name: page.name, svg: page.svg, png: Buffer.from(page.png).toString('base64') }));
  change(pages);
  return { pages, thumbnail: Buffer.from(board.thumbnail).toString('base64') };
}

function refusal(snapshot: RenderInput, uploaded: unknown, maxBytes = limits.maxBytes): UploadedRenderError {
  try {
    checkUploadedRender(snapshot, uploaded, { maxBytes });
  } catch (error) {
    if (error instanceof UploadedRenderError) return error;
    throw error;
  }
  throw new Error('the upload was accepted');
}

describe('checkUploadedRender', () => {
  let renderer: BoardRenderer;
  let snapshot: RenderInput;
  let board: RenderedBoard;

  beforeAll(async () => {
    renderer = new BoardRenderer({ chromiumPath: findChromium(), webDistDir, timeoutMs: 45_000, maxQueue: 2, log: createLogger('silent') });
    snapshot = templateSnapshot({ titles });
    board = await renderer.render(snapshot);
  });
  afterAll(() => renderer.close());

  test('accepts a real render of the snapshot (a title cut short with … included), page names from the snapshot', () => {
    const accepted = checkUploadedRender(snapshot, upload(board, (pages) => (pages[0]!.name = 'Anders genoemd')), limits);
    expect(accepted.pages.map((page) => [page.pageId, page.name])).toEqual([['page:page', 'Pagina 1']]);
    expect(Buffer.from(accepted.pages[0]!.png).equals(Buffer.from(board.pages[0]!.png))).toBe(true);
    expect(accepted.pages[0]!.svg).toBe(board.pages[0]!.svg);
    // The long title does not fit the card's two lines: the card shows it cut short.
    expect(board.pages[0]!.svg).toContain('…');
    // Bytes instead of base64 are fine too.
    expect(() => checkUploadedRender(snapshot, { pages: board.pages, thumbnail: board.thumbnail }, limits)).not.toThrow();
  });

  test('refuses what is not a PNG', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...new Array(60).fill(0)]).toString('base64');
    expect(refusal(snapshot, upload(board, (pages) => (pages[0]!.png = jpeg)))).toMatchObject({ code: 'invalid_render', status: 400, message: expect.stringMatching(/PNG of page page:page is not a PNG/) });
    // A PNG signature on a cut-off file is not a PNG either.
    const cut = Buffer.from(board.pages[0]!.png.subarray(0, 200)).toString('base64');
    expect(refusal(snapshot, upload(board, (pages) => (pages[0]!.png = cut))).message).toMatch(/not a PNG/);
    expect(refusal(snapshot, upload(board, (pages) => (pages[0]!.png = 'not base64!'))).message).toMatch(/base64/);
    expect(refusal(snapshot, { ...upload(board), thumbnail: 'iVBORw0KGgo=' }).message).toMatch(/thumbnail is not a PNG/);
  });

  test('refuses an SVG with a script, an event handler or an external reference', () => {
    const withSvg = (change: (svg: string) => string) => upload(board, (pages) => (pages[0]!.svg = change(pages[0]!.svg)));
    const inject = (markup: string) => withSvg((svg) => svg.replace('</svg>', `${markup}</svg>`));
    expect(refusal(snapshot, inject('<script>fetch("https://evil.example")</script>')).message).toMatch(/<script> element/);
    expect(refusal(snapshot, inject('<SCRIPT href="x.js"/>')).message).toMatch(/<script> element/);
    expect(refusal(snapshot, withSvg((svg) => svg.replace('<svg ', '<svg onload="alert(1)" '))).message).toMatch(/event handler/);
    expect(refusal(snapshot, inject('<image href="https://tracker.example/p.png" width="1" height="1"/>')).message).toMatch(/external resource/);
    expect(refusal(snapshot, inject('<use xlink:href="other.svg#a"/>')).message).toMatch(/external resource/);
    expect(refusal(snapshot, inject('<rect style="fill: url(https://tracker.example/x)"/>')).message).toMatch(/external resource in its styles/);
    expect(refusal(snapshot, inject('<rect clip-path="url(&quot;https://tracker.example/x&quot;)"/>')).message).toMatch(/external resource in its styles/);
    expect(refusal(snapshot, inject('<style>@import "https://fonts.example/a.css";</style>')).message).toMatch(/imports a style sheet/);
    expect(refusal(snapshot, inject('<style>.a { background: url(//tracker.example/x) }</style>')).message).toMatch(/external resource in its styles/);
    expect(refusal(snapshot, inject('<a href="javascript:alert(1)"><text>x</text></a>')).message).toMatch(/script URL|external/);
    expect(refusal(snapshot, inject('<foreignObject><iframe src="data:text/html,x"></iframe></foreignObject>')).message).toMatch(/<iframe> element/);
    expect(refusal(snapshot, upload(board, (pages) => (pages[0]!.svg = '<html><body>no</body></html>'))).message).toMatch(/not an <svg> document/);
    expect(refusal(snapshot, withSvg((svg) => `<!DOCTYPE svg [<!ENTITY x "y">]>${svg}`)).message).toMatch(/not an <svg> document|DOCTYPE/);
  });

  test('text on a card that merely reads like a reference is fine', () => {
    const wordy = upload(board, (pages) => (pages[0]!.svg = pages[0]!.svg.replace('</svg>', '<text>Zie url(https://gemeente.nl) en javascript: uitleg &lt;script&gt;</text></svg>')));
    expect(() => checkUploadedRender(snapshot, wordy, limits)).not.toThrow();
  });

  test('refuses pages that are not the snapshot’s', () => {
    expect(refusal(snapshot, upload(board, (pages) => (pages[0]!.pageId = 'page:other'))).message).toMatch(/missing page:page.*not in the snapshot: page:other/);
    expect(refusal(snapshot, upload(board, (pages) => pages.push({ ...pages[0]!, pageId: 'page:extra' }))).message).toMatch(/not in the snapshot: page:extra/);
    expect(refusal(snapshot, upload(board, (pages) => pages.push({ ...pages[0]! }))).message).toMatch(/twice/);
    const twoPages = { ...snapshot, records: [...snapshot.records, { id: 'page:second', typeName: 'page', name: 'Twee', index: 'a2', meta: {} } as RenderInput['records'][number]] };
    expect(refusal(twoPages, upload(board)).message).toMatch(/missing page:second/);
  });

  test('refuses images of another snapshot: a card’s title missing from its page', () => {
    const other = templateSnapshot({ titles: [...titles, 'Zonnedaken op de sporthal'] });
    expect(refusal(other, upload(board))).toMatchObject({ code: 'invalid_render', message: expect.stringMatching(/does not show the snapshot's cards \(1 missing, such as "Zonnedaken op de sporthal"\)/) });
    // A long title that differs from the card's within what the card shows is another title.
    const changed = templateSnapshot({ titles: [titles[0]!, titles[1]!, 'Het warmtenet aanleggen bij de nieuwe school in de Bloemenbuurt, met het waterschap'] });
    expect(refusal(changed, upload(board)).message).toMatch(/does not show the snapshot's cards/);
  });

  test('refuses more bytes than allowed (413), before decoding them', () => {
    const bytes = Buffer.byteLength(board.pages[0]!.svg) + board.pages[0]!.png.length + board.thumbnail.length;
    expect(refusal(snapshot, upload(board), bytes - 1)).toMatchObject({ code: 'render_too_large', status: 413 });
    expect(() => checkUploadedRender(snapshot, upload(board), { maxBytes: bytes })).not.toThrow();
    // A huge base64 PNG is refused by its length, not after decoding it.
    const huge = upload(board, (pages) => (pages[0]!.png = 'A'.repeat(64 * 1024 * 1024)));
    expect(refusal(snapshot, huge, 1024 * 1024)).toMatchObject({ code: 'render_too_large' });
  });

  test('refuses what is not a render at all', () => {
    for (const junk of [null, 'svg', [], { pages: 'x' }, { pages: [42], thumbnail: '' }, { pages: [{ pageId: 'page:page' }], thumbnail: '' }]) {
      expect(refusal(snapshot, junk).code).toBe('invalid_render');
    }
  });
});
