/**
 * The render page's answer (`window.koppelbordRender`) and an owner's browser's upload: JSON
 * `{pages: [{pageId, name, svg, png}], thumbnail}` with the PNGs as base64 (an upload may
 * carry them as bytes already). The page's writer of it is apps/web/src/render/wire.ts.
 */
import { UploadedRenderError } from './errors.ts';
import type { RenderedBoard } from './types.ts';

/** Bytes of base64 text or of a byte array, checked against `budget` before it is decoded. */
function bytesOf(value: unknown, what: string, budget: { left: number }): Uint8Array {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) {
    bytes = value;
  } else if (typeof value === 'string') {
    const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
    if (Math.floor((value.length * 3) / 4) - padding > budget.left) throw new UploadedRenderError('render_too_large', `${what}: the images are larger than allowed`);
    const decoded = Buffer.from(value, 'base64');
    // Buffer.from skips what is not base64; the text must be exactly what its bytes encode to
    // (a round trip: several times faster than a regular expression over megabytes).
    if (value.length % 4 !== 0 || decoded.toString('base64') !== value) throw new UploadedRenderError('invalid_render', `${what} must be base64`);
    bytes = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  } else {
    throw new UploadedRenderError('invalid_render', `${what} must be a PNG (base64)`);
  }
  budget.left -= bytes.length;
  if (budget.left < 0) throw new UploadedRenderError('render_too_large', `${what}: the images are larger than allowed`);
  return bytes;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The structure of a render, with its PNGs decoded; `maxBytes` bounds all SVGs and PNGs together. */
export function readRender(value: unknown, maxBytes: number): RenderedBoard {
  if (!isObject(value) || !Array.isArray(value['pages'])) throw new UploadedRenderError('invalid_render', 'A render is an object with `pages` and `thumbnail`');
  const budget = { left: maxBytes };
  const pages = value['pages'].map((page: unknown, index) => {
    const what = `pages[${index}]`;
    if (!isObject(page)) throw new UploadedRenderError('invalid_render', `${what} must be an object`);
    const { pageId, name, svg, png } = page;
    if (typeof pageId !== 'string' || typeof svg !== 'string') throw new UploadedRenderError('invalid_render', `${what} needs a pageId and an svg (strings)`);
    budget.left -= Buffer.byteLength(svg);
    if (budget.left < 0) throw new UploadedRenderError('render_too_large', `${what}: the images are larger than allowed`);
    return { pageId, name: typeof name === 'string' ? name : '', svg, png: bytesOf(png, `${what}.png`, budget) };
  });
  return { pages, thumbnail: bytesOf(value['thumbnail'], 'thumbnail', budget) };
}
