// Board images: type sniffing and their content-addressed store.
export { imageMimeTypes, looksLikeSvg, sniffImage, sniffImageType, type ImageMimeType, type SniffResult } from './sniff.ts';
export { sha256Hex } from './hash.ts';
export { assetHashOf, assetSrc } from './asset-url.ts';
