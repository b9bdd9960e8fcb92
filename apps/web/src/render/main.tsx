/**
 * The render page (render.html): what the server's headless Chromium opens to make a
 * snapshot's images without a person present (apps/server/src/render). It only offers
 * `window.koppelbordRender`; the worker serves this page and its files itself and lets no
 * request leave them.
 */
import { renderSnapshot } from './render-snapshot.ts';
import { toRenderResponse, type RenderRequest } from './wire.ts';

declare global {
  interface Window {
    /** JSON `{records, schema, locale}` in, JSON `{pages: [{pageId, name, svg, png}], thumbnail}` out (PNGs as base64). */
    koppelbordRender?: (json: string) => Promise<string>;
  }
}

window.koppelbordRender = async (json: string): Promise<string> => {
  const request = JSON.parse(json) as RenderRequest;
  return JSON.stringify(toRenderResponse(await renderSnapshot(request)));
};
document.documentElement.dataset['renderReady'] = 'true';
