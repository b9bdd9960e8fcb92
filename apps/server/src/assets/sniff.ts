/**
 * Image types accepted on boards, recognised from the bytes themselves: a client's
 * Content-Type (or a data URL's media type) says nothing we can trust, and the type we serve
 * an asset with must match what a browser will decode it as.
 */
export const imageMimeTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageMimeType = (typeof imageMimeTypes)[number];

export type SniffResult =
  | { ok: true; mimeType: ImageMimeType }
  | { ok: false; code: 'svg_not_allowed' | 'unsupported_image_type'; message: string };

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');

/** The image type of `bytes` by its magic number, or undefined when it is none we accept. */
export function sniffImageType(bytes: Uint8Array): ImageMimeType | undefined {
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return 'image/gif';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  return undefined;
}

/**
 * Whether the bytes look like an SVG document (an XML text with an `<svg` element near its
 * start). Only used to give a clearer refusal: SVG is never accepted, since it can carry
 * scripts and links, and no sanitiser we may depend on is at hand.
 */
export function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('<') && /<svg[\s>/]/i.test(head);
}

/** Sniffs `bytes`; a refusal carries a code and a message fit for the API's error body. */
export function sniffImage(bytes: Uint8Array): SniffResult {
  const mimeType = sniffImageType(bytes);
  if (mimeType) return { ok: true, mimeType };
  if (looksLikeSvg(bytes)) {
    return { ok: false, code: 'svg_not_allowed', message: 'SVG images are not accepted (they can contain scripts); upload the image as PNG, JPEG, GIF or WebP' };
  }
  return { ok: false, code: 'unsupported_image_type', message: 'The file is not a PNG, JPEG, GIF or WebP image' };
}
