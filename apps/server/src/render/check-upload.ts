/**
 * The fallback when the server has no browser: the owner's browser renders the snapshot
 * (apps/web/src/render) and uploads the images. They are only accepted when they are what
 * they say (PNGs, safe SVG documents), within the size limit, and for that snapshot: its
 * pages, and its cards' titles in the pages' SVGs.
 */
import { UploadedRenderError } from './errors.ts';
import { pngSize } from './png.ts';
import { showsText, svgProblem, svgText } from './svg.ts';
import type { BoardRecord, RenderedBoard } from './types.ts';
import { readRender } from './wire.ts';

/** Largest side of a page PNG: the render page caps its images at 4096 px (apps/web/src/render/image-size.ts). */
const maxPngSide = 8192;
const maxThumbnailSide = 1024;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The page each shape is on (following parents through frames, groups, the quadrant). */
function pageOfShape(records: readonly BoardRecord[]): (shapeId: string) => string | undefined {
  const parents = new Map<string, string>();
  for (const record of records) if (record.typeName === 'shape') parents.set(record.id, str((record as { parentId?: unknown }).parentId));
  return (shapeId) => {
    let id: string | undefined = shapeId;
    for (let hops = 0; id !== undefined && hops <= parents.size; hops += 1) {
      if (id.startsWith('page:')) return id;
      id = parents.get(id);
    }
    return undefined;
  };
}

/** Text that only this board's cards have: opportunity titles and organisation names (domain titles come from the catalogue). */
function cardTitle(record: BoardRecord): string {
  const shape = record as { type?: unknown; props?: { title?: unknown; name?: unknown } };
  if (shape.type === 'opportunity') return str(shape.props?.title).trim();
  if (shape.type === 'organisation') return str(shape.props?.name).trim();
  return '';
}

/**
 * The uploaded render as the server keeps it, or an `UploadedRenderError` saying what is
 * wrong. Page names are taken from the snapshot, not from the upload.
 */
export function checkUploadedRender(expected: { records: BoardRecord[] }, uploaded: unknown, limits: { maxBytes: number }): RenderedBoard {
  const render = readRender(uploaded, limits.maxBytes);

  const pageNames = new Map<string, string>();
  for (const record of expected.records) if (record.typeName === 'page') pageNames.set(record.id, str((record as { name?: unknown }).name));
  const uploadedIds = render.pages.map((page) => page.pageId);
  if (new Set(uploadedIds).size !== uploadedIds.length) throw new UploadedRenderError('invalid_render', 'A page is in the render twice');
  const missing = [...pageNames.keys()].filter((id) => !uploadedIds.includes(id));
  const extra = uploadedIds.filter((id) => !pageNames.has(id));
  if (missing.length > 0 || extra.length > 0) {
    throw new UploadedRenderError('invalid_render', `The render's pages are not the snapshot's pages${missing.length ? ` (missing ${missing.join(', ')})` : ''}${extra.length ? ` (not in the snapshot: ${extra.join(', ')})` : ''}`);
  }

  const pageOf = pageOfShape(expected.records);
  const titlesByPage = new Map<string, string[]>();
  for (const record of expected.records) {
    const title = record.typeName === 'shape' ? cardTitle(record) : '';
    const page = title ? pageOf(record.id) : undefined;
    if (page) titlesByPage.set(page, [...(titlesByPage.get(page) ?? []), title]);
  }

  for (const page of render.pages) {
    const problem = svgProblem(page.svg);
    if (problem) throw new UploadedRenderError('invalid_render', `The SVG of page ${page.pageId} ${problem}`);
    const size = pngSize(page.png);
    if (!size) throw new UploadedRenderError('invalid_render', `The PNG of page ${page.pageId} is not a PNG image`);
    if (size.width > maxPngSide || size.height > maxPngSide) throw new UploadedRenderError('invalid_render', `The PNG of page ${page.pageId} is larger than ${maxPngSide} px`);
    const text = svgText(page.svg);
    const absent = (titlesByPage.get(page.pageId) ?? []).filter((title) => !showsText(text, title));
    if (absent.length > 0) throw new UploadedRenderError('invalid_render', `The SVG of page ${page.pageId} does not show the snapshot's cards (${absent.length} missing, such as "${absent[0]!.slice(0, 60)}")`);
    page.name = pageNames.get(page.pageId) ?? page.name;
  }
  const thumbnail = pngSize(render.thumbnail);
  if (!thumbnail) throw new UploadedRenderError('invalid_render', 'The thumbnail is not a PNG image');
  if (thumbnail.width > maxThumbnailSide || thumbnail.height > maxThumbnailSide) throw new UploadedRenderError('invalid_render', `The thumbnail is larger than ${maxThumbnailSide} px`);
  return render;
}
