/** The few facts about a PNG the server checks without decoding it. */
const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngSize {
  width: number;
  height: number;
}

/**
 * Width and height from the IHDR chunk of a well-framed PNG (signature, IHDR first, IEND
 * last), or `null` when `bytes` is not one.
 */
export function pngSize(bytes: Uint8Array): PngSize | null {
  if (bytes.length < 8 + 25 + 12) return null;
  if (!signature.every((byte, index) => bytes[index] === byte)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (view.getUint32(8) !== 13 || ascii(12) !== 'IHDR') return null;
  const end = bytes.length - 12;
  if (view.getUint32(end) !== 0 || ascii(end + 4) !== 'IEND') return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) return null;
  return { width, height };
}
