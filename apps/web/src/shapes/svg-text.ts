import type { Editor } from 'tldraw';

/** The cards' font, on the canvas (styles.css) and in exports. */
export const cardFont = 'system-ui, sans-serif';

export interface TextStyle {
  fontSize: number;
  fontWeight: 'normal' | '600' | 'bold';
  /** Width available for the text. */
  width: number;
  maxLines: number;
}

export interface SvgText {
  /** Breaks text into the lines the card shows, the last one ending in "…" when cut short. */
  lines(text: string, style: TextStyle): string[];
  /** The width of one line of text (for the badge around it). */
  width(text: string, style: Pick<TextStyle, 'fontSize' | 'fontWeight'>): number;
}

/**
 * SVG text does not wrap. For exports to match the canvas, the browser lays the text out the
 * way the card's HTML does (tldraw's text measurer) and the lines are written one by one.
 */
export function svgText(editor: Editor): SvgText {
  const measure = (text: string, style: TextStyle, overflow: 'wrap' | 'truncate-ellipsis') =>
    editor.textMeasure.measureTextSpans(text, {
      overflow,
      width: style.width,
      height: 10_000,
      padding: 0,
      fontSize: style.fontSize,
      fontWeight: style.fontWeight,
      fontFamily: cardFont,
      fontStyle: 'normal',
      lineHeight: 1.2,
      textAlign: 'start',
    });
  const lines = (text: string, style: TextStyle): string[] => {
    const lines: string[] = [];
    let lineTop: number | undefined;
    for (const span of measure(text, style, 'wrap')) {
      if (span.box.y !== lineTop) {
        lines.push('');
        lineTop = span.box.y;
      }
      lines[lines.length - 1] += span.text;
    }
    if (lines.length <= style.maxLines) return lines.map((line) => line.trimEnd());
    // The rest of the text goes on the last line, cut with an ellipsis where it no longer fits.
    const rest = lines.slice(style.maxLines - 1).join('');
    const last = measure(rest, style, 'truncate-ellipsis')
      .map((span) => span.text)
      .join('');
    return [...lines.slice(0, style.maxLines - 1).map((line) => line.trimEnd()), last.endsWith('…') ? last : `${last.trimEnd()}…`];
  };
  const width = (text: string, style: Pick<TextStyle, 'fontSize' | 'fontWeight'>): number =>
    editor.textMeasure.measureText(text, { ...style, fontFamily: cardFont, fontStyle: 'normal', lineHeight: 1.2, maxWidth: null, padding: '0px' }).w;
  return { lines, width };
}
