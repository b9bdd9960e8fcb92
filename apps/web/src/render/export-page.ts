/** One page of a loaded board as an SVG document and a PNG. */
import { getSvgAsImage, type Editor, type TLPageId } from 'tldraw';
import { pngPixelRatio } from './image-size.ts';

export interface PageImage {
  svg: string;
  /** Size of the SVG in board units (CSS pixels at 100 %). */
  width: number;
  height: number;
  png: Uint8Array;
}

/** Space around the shapes. A fixed number, not tldraw's 'auto': the SVG then needs no trimming afterwards, so the PNG is exactly the SVG drawn. */
const padding = 32;

/** What an empty page looks like: a small white rectangle, still a valid image of the page. */
const emptySize = { width: 320, height: 180 };

export async function rasterize(svg: string, width: number, height: number, pixelRatio: number): Promise<Uint8Array> {
  const blob = await getSvgAsImage(svg, { type: 'png', width, height, pixelRatio });
  if (!blob) throw new Error('The browser could not draw the board image');
  return new Uint8Array(await blob.arrayBuffer());
}

function emptySvg(): string {
  const { width, height } = emptySize;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#ffffff"/></svg>`;
}

/** Every shape on `pageId`, with the page's background, fonts embedded. */
export async function exportPage(editor: Editor, pageId: TLPageId): Promise<PageImage> {
  editor.setCurrentPage(pageId);
  const shapeIds = [...editor.getCurrentPageShapeIds()];
  await editor.fonts.loadRequiredFontsForCurrentPage();
  await document.fonts.ready;
  const result = shapeIds.length > 0 ? await editor.getSvgString(shapeIds, { background: true, padding, scale: 1, darkMode: false }) : undefined;
  const { svg, width, height } = result ?? { svg: emptySvg(), ...emptySize };
  const png = await rasterize(svg, width, height, pngPixelRatio(width, height));
  return { svg, width, height, png };
}
