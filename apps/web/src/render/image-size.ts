/**
 * How many image pixels one board unit gets. Exports are sharp (2×) for ordinary boards; a
 * large board is scaled down so that no PNG is wider or taller than `maxSide` or holds more
 * than `maxPixels`, which keeps a render's memory (canvas, PNG encoder, the upload) bounded
 * however far a board is spread out.
 */
export const pngLimits = { pixelRatio: 2, maxSide: 4096, maxPixels: 16_000_000 } as const;

/** Width of the thumbnail the history panel shows. */
export const thumbnailWidth = 320;

export function pngPixelRatio(width: number, height: number, limits: typeof pngLimits = pngLimits): number {
  if (width <= 0 || height <= 0) return limits.pixelRatio;
  return Math.min(limits.pixelRatio, limits.maxSide / width, limits.maxSide / height, Math.sqrt(limits.maxPixels / (width * height)));
}

/** The ratio that makes an image `width` wide `thumbnailWidth` pixels wide (never taller than it is wide × 2, for a tall board). */
export function thumbnailPixelRatio(width: number, height: number): number {
  if (width <= 0 || height <= 0) return 1;
  return Math.min(thumbnailWidth / width, (thumbnailWidth * 2) / height);
}
