/** Where a board's stored image is served (the `src` its asset record holds): `/api/boards/:id/assets/:sha256`. */
export const assetSrc = (boardId: string, sha256: string) => `/api/boards/${boardId}/assets/${sha256}`;

/** The hash of the stored image `src` points at when it is one of `boardId`'s; else undefined. */
export function assetHashOf(boardId: string, src: unknown): string | undefined {
  if (typeof src !== 'string') return undefined;
  const match = /^\/api\/boards\/([A-Za-z0-9_-]+)\/assets\/([0-9a-f]{64})$/.exec(src);
  return match && match[1] === boardId ? match[2] : undefined;
}
