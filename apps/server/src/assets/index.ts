// Board images: type sniffing and their content-addressed store.
export { imageMimeTypes, looksLikeSvg, sniffImage, sniffImageType, type ImageMimeType, type SniffResult } from './sniff.ts';
export { sha256Hex } from './hash.ts';
export { assetHashOf, embedAssetImages } from './embed.ts';
export { CREATE_ASSETS_TABLE, openAssetDatabase, SqliteAssetStore, type AssetStore, type StoredAsset } from './asset-store.ts';
