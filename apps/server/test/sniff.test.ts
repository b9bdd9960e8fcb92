import { describe, expect, it } from 'vitest';
import { looksLikeSvg, sniffImage, sniffImageType } from '../src/assets/index.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

describe('sniffImageType', () => {
  it.each([
    ['image/png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR')],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF')],
    ['image/gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['image/gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
  ])('recognises %s from its magic number', (type, data) => {
    expect(sniffImageType(data)).toBe(type);
  });

  it.each([
    ['empty', bytes()],
    ['truncated PNG signature', bytes([0x89], 'PNG')],
    ['PNG signature with a broken line ending', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x00])],
    ['RIFF that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['HTML', bytes('<!doctype html><html><script>alert(1)</script>')],
    ['text', bytes('just some text')],
    ['PDF', bytes('%PDF-1.7')],
  ])('refuses %s', (_name, data) => {
    expect(sniffImageType(data)).toBeUndefined();
  });
});

describe('sniffImage', () => {
  it('refuses SVG with a message that says why', () => {
    for (const svg of [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '\uFEFF  <?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="1" height="1"/>',
    ]) {
      const data = new TextEncoder().encode(svg);
      expect(looksLikeSvg(data)).toBe(true);
      const result = sniffImage(data);
      expect(result).toMatchObject({ ok: false, code: 'svg_not_allowed' });
      expect(!result.ok && result.message).toMatch(/SVG/);
    }
  });

  it('refuses other content as an unsupported image type', () => {
    expect(sniffImage(bytes('<html><body>hi</body></html>'))).toMatchObject({ ok: false, code: 'unsupported_image_type' });
  });

  it('accepts a PNG whatever the sender called it', () => {
    expect(sniffImage(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toEqual({ ok: true, mimeType: 'image/png' });
  });
});
