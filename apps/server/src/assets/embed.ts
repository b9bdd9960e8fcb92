import type { AssetStore } from './asset-store.ts';

/** The asset URL of `boardId` that `src` is, as the upload and the import write it; else undefined. */
export function assetHashOf(boardId: string, src: unknown): string | undefined {
  if (typeof src !== 'string') return undefined;
  const match = /^\/api\/boards\/([A-Za-z0-9_-]+)\/assets\/([0-9a-f]{64})$/.exec(src);
  return match && match[1] === boardId ? match[2] : undefined;
}

/**
 * The records with every image stored for `boardId` put back inline as a data URL, so that a
 * `.tldr` built from them opens in any tldraw without our server (archive packages). Records
 * whose image is not in the store are left as they are.
 */
export async function embedAssetImages<R extends { typeName: string }>(records: readonly R[], boardId: string, assets: AssetStore): Promise<R[]> {
  return Promise.all(
    records.map(async (record) => {
      const props = (record as { props?: { src?: unknown } }).props;
      const sha256 = record.typeName === 'asset' ? assetHashOf(boardId, props?.src) : undefined;
      const asset = sha256 ? await assets.getAsset(boardId, sha256) : undefined;
      if (!asset) return record;
      return { ...record, props: { ...props, src: `data:${asset.mimeType};base64,${Buffer.from(asset.data).toString('base64')}` } };
    }),
  );
}
