/**
 * A snapshot's board images, made in this browser: every page as SVG (fonts embedded) and
 * PNG, and a thumbnail of the first page. Used by the render page that the server's
 * headless Chromium opens (main.tsx), and from inside the app when the server has no
 * browser and the owner's browser makes the images instead. It needs no board page: the
 * records are loaded into an Editor of their own (board-editor.ts), never synced.
 */
import type { SerializedSchema, TLPageId, TLRecord } from 'tldraw';
import type { BoardLanguage } from '@koppelbord/contract';
import { loadBoard } from './board-editor.ts';
import { exportPage, rasterize } from './export-page.ts';
import { thumbnailPixelRatio } from './image-size.ts';
// tldraw's styles: the export reads shapes' computed styles (rich text, geo labels).
import 'tldraw/tldraw.css';
import type { RenderedBoard, RenderedPage } from '@koppelbord/contract';

export type { RenderedBoard, RenderedPage };

export interface RenderInput {
  records: TLRecord[];
  schema: SerializedSchema;
  /** The language the cards' own labels (kind, status, class) are drawn in: the board's. */
  locale: BoardLanguage;
}

export async function renderSnapshot(input: RenderInput): Promise<RenderedBoard> {
  const board = loadBoard(input);
  try {
    const { editor } = board;
    const pages: RenderedPage[] = [];
    let thumbnail: Uint8Array | undefined;
    for (const page of editor.getPages()) {
      const image = await exportPage(editor, page.id as TLPageId);
      pages.push({ pageId: page.id, name: page.name, svg: image.svg, png: image.png });
      thumbnail ??= await rasterize(image.svg, image.width, image.height, thumbnailPixelRatio(image.width, image.height));
    }
    // The editor always has a page (it makes one for an empty store), so there is a thumbnail.
    if (!thumbnail) throw new Error('The board has no page to render');
    return { pages, thumbnail };
  } finally {
    board.dispose();
  }
}
