/**
 * Images on a board go to our own server (`POST /api/boards/:id/assets`); the doc stores only
 * the URL it answers with (the binding refuses inline data: URLs). Same-origin, so the image
 * loads without a token and never from a third party.
 */
import type { TLAssetStore } from 'tldraw';
import type { UploadAssetResponse } from '@koppelbord/contract';
import { uploadAsset } from './boards-api.ts';

/** What the server accepts (it sniffs the bytes); tldraw refuses other files before uploading. */
export const boardImageMimeTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** A tldraw asset store for one board, uploading with the token this device holds for it. */
export function boardAssetStore(boardId: string, token: string): TLAssetStore {
  return {
    async upload(_asset, file, abortSignal) {
      const stored: UploadAssetResponse = await uploadAsset(boardId, token, file, abortSignal);
      return { src: stored.src };
    },
    // The stored URL is final: content-addressed, served with long caching.
    resolve: (asset) => asset.props.src,
  };
}
