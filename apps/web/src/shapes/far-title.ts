import { cardFont } from './svg-text.ts';

/** Space the far title leaves on a card of width `w`: the wide edge and the padding (styles.css, `.kb-far .kb-card`). */
const farTitleInset = 12 + 4 + 2;
/** Below this a title is not shrunk to fit two lines whole: it keeps a larger size and ends in "…". */
const smallestWhole = 24;
/** Below this the fit gives up on a word (a 50-letter word may still break): the near title's size. */
const smallestFitted = 16;
/** Measured at this size; widths scale with it. */
const measuredAt = 100;
/** Rounding in the browser's own layout, kept clear of. */
const slack = 0.98;

const wordWidths = new Map<string, number>();
let context: CanvasRenderingContext2D | null | undefined;

/**
 * The width of `word` in the far title's type (bold, condensed where the font has a condensed
 * face: styles.css) at `measuredAt` px, measured once per word. A browser whose canvas cannot
 * condense measures the normal width, which only makes the title a little smaller.
 */
function wordWidth(word: string): number {
  let width = wordWidths.get(word);
  if (width !== undefined) return width;
  if (context === undefined) {
    context = document.createElement('canvas').getContext('2d');
    if (context) {
      context.font = `bold ${measuredAt}px ${cardFont}`;
      context.fontStretch = 'condensed';
    }
  }
  width = context ? context.measureText(word).width : word.length * measuredAt;
  wordWidths.set(word, width);
  return width;
}

/**
 * The largest far-zoom title size (CSS px, page units) for a card `w` wide at which no word is
 * split ("Onderwi|js") and, where it stays readable, the whole title fits the two lines the
 * card shows ("Welzijn & wijkteams" rather than "Welzijn &…"). styles.css takes the smaller
 * of it and the zoom's own far size (`--kb-far-title`).
 */
export function farTitleFit(title: string, w: number): number {
  const words = title.split(/\s+/).filter(Boolean);
  if (words.length === 0) return Number.POSITIVE_INFINITY;
  const available = w - farTitleInset;
  const widths = words.map((word) => wordWidth(word));
  const space = wordWidth('x x') - wordWidth('xx');
  const lineWidth = (from: number, to: number) => widths.slice(from, to).reduce((sum, width) => sum + width, 0) + space * Math.max(0, to - from - 1);
  // The narrowest line (at `measuredAt`) that takes the title in two lines: the best split.
  let twoLines = lineWidth(0, words.length);
  for (let split = 1; split < words.length; split++) twoLines = Math.min(twoLines, Math.max(lineWidth(0, split), lineWidth(split, words.length)));
  const size = (lineAtMeasured: number) => Math.floor(((available * measuredAt) / lineAtMeasured) * slack);
  const whole = size(twoLines);
  if (whole >= smallestWhole) return whole;
  // Cut short after two lines: the longest word with the "…" after it still fits, so the
  // ellipsis does not eat into the word ("neighbourhoo…").
  return Math.max(smallestFitted, size(Math.max(...widths) + wordWidth('…')));
}
