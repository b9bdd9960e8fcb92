/**
 * The JSON that crosses between the server's render worker and the render page
 * (`window.koppelbordRender`): records in, images out with the PNGs as base64. The server's
 * reader of it is apps/server/src/render/wire.ts; the two must change together.
 */
import type { RenderedBoard, RenderInput } from './render-snapshot.ts';

export type RenderRequest = RenderInput;

export interface RenderResponse {
  pages: { pageId: string; name: string; svg: string; png: string }[];
  thumbnail: string;
}

/** Base64 of `bytes`, in slices so a multi-megabyte PNG does not overflow the argument list. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let start = 0; start < bytes.length; start += slice) binary += String.fromCharCode(...bytes.subarray(start, start + slice));
  return btoa(binary);
}

export function toRenderResponse(board: RenderedBoard): RenderResponse {
  return {
    pages: board.pages.map((page) => ({ pageId: page.pageId, name: page.name, svg: page.svg, png: toBase64(page.png) })),
    thumbnail: toBase64(board.thumbnail),
  };
}
