import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { boardIdPattern, canEdit, type UploadAssetResponse } from '@koppelbord/contract';
import { assetSrc, sha256Hex, sniffImage } from '../assets/index.ts';
import type { AssetStore } from '../storage/index.ts';
import type { TokenService } from '../auth/index.ts';
import type { BoardStore } from '../storage/index.ts';
import { requireBoardGrant } from './auth.ts';
import { errorResponse, HttpError } from './errors.ts';

export interface AssetRoutesDeps {
  store: BoardStore;
  assets: AssetStore;
  tokens: TokenService;
  maxAssetBytes: number;
}

const sha256Pattern = /^[0-9a-f]{64}$/;

/** What an image shape's asset stores as `src`: same-origin, so it works behind any host name. */

/** The path of an upload (`POST /api/boards/:id/assets`): app.ts leaves its body to this module's own limit. */
export const isAssetUpload = (method: string, path: string) => method === 'POST' && /^\/api\/boards\/[^/]+\/assets\/?$/.test(path);

/**
 * An asset is served with its own caching and a policy of its own; app.ts sets
 * `Cache-Control: no-store` and the page's policy on every /api response, after the
 * handler. This middleware, outermost, puts the asset's headers back over them.
 */
const finalHeaders = new WeakMap<Context, Record<string, string>>();
export function assetResponseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = finalHeaders.get(c);
    if (headers) for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}

/**
 * `POST /:id/assets` (editor or owner; the body is the image's bytes, whatever its
 * Content-Type) and `GET /:id/assets/:sha256` (no token: an <img> cannot send one, and the
 * board id is unguessable). Mounted under `/api/boards`.
 */
export function assetRoutes({ store, assets, tokens, maxAssetBytes }: AssetRoutesDeps) {
  const app = new Hono();

  app.post(
    '/:id/assets',
    bodyLimit({
      maxSize: maxAssetBytes,
      onError: (c) => errorResponse(c, 413, 'asset_too_large', `The image is over ${maxAssetBytes} bytes`),
    }),
    async (c) => {
      const id = c.req.param('id');
      const grant = await requireBoardGrant(c, tokens, id);
      if (!canEdit(grant.role)) throw new HttpError(403, 'read_only', 'A viewer cannot add images to the board');
      if (!boardIdPattern.test(id) || !(await store.getBoard(id))) throw new HttpError(404, 'board_not_found', 'No such board');
      const data = new Uint8Array(await c.req.arrayBuffer());
      if (data.byteLength === 0) throw new HttpError(400, 'empty_body', 'The request body must be the image file');
      const sniffed = sniffImage(data);
      if (!sniffed.ok) throw new HttpError(415, sniffed.code, sniffed.message);
      const sha256 = sha256Hex(data);
      await assets.putAsset({ boardId: id, sha256, mimeType: sniffed.mimeType, data });
      const response: UploadAssetResponse = { sha256, src: assetSrc(id, sha256), mimeType: sniffed.mimeType, bytes: data.byteLength };
      return c.json(response, 201);
    },
  );

  app.get('/:id/assets/:sha256', async (c) => {
    const id = c.req.param('id');
    const sha256 = c.req.param('sha256');
    const asset = boardIdPattern.test(id) && sha256Pattern.test(sha256) ? await assets.getAsset(id, sha256) : undefined;
    if (!asset) throw new HttpError(404, 'asset_not_found', 'No such image on this board');
    const etag = `"${sha256}"`;
    finalHeaders.set(c, {
      // Content-addressed: the bytes behind this URL never change.
      'Cache-Control': 'public, max-age=31536000, immutable',
      // Opened directly, an image is a document of its own: it may run and load nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'X-Content-Type-Options': 'nosniff',
    });
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304, { ETag: etag });
    }
    return c.body(asset.data as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': asset.mimeType, 'Content-Length': String(asset.data.byteLength), ETag: etag });
  });

  return app;
}
