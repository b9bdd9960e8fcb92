/** Least-squares trends of the quiet-point series and the text report. */
import type { Sample } from './sampling.ts';

export interface Trend {
  /** MiB per wave. */
  slope: number;
  intercept: number;
  r2: number;
  /** The waves the fit covers (first and last, inclusive). */
  from: number;
  to: number;
}

export function leastSquares(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; r2: number } {
  const n = xs.length;
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN };
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  // A flat series has nothing to explain: r² is 0, not NaN.
  const r2 = syy === 0 || sxx === 0 ? 0 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2 };
}

export type Figure = 'rss' | 'heapUsed' | 'heapTotal' | 'external' | 'outsideV8' | 'anon' | 'brkHeap' | 'threadArenas';
export const figures: readonly Figure[] = ['rss', 'heapUsed', 'heapTotal', 'external', 'outsideV8', 'anon', 'brkHeap', 'threadArenas'];

/** Trend of one figure over the waves `from`…`to` (1-based, inclusive) of the per-wave series. */
export function trend(waves: readonly Sample[], figure: Figure, from: number, to: number): Trend {
  const slice = waves.slice(from - 1, to);
  const fit = leastSquares(slice.map((_, i) => from + i), slice.map((s) => s[figure]));
  return { ...fit, from, to };
}

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const pad = (text: string, width: number) => text.padStart(width);

export function seriesTable(start: Sample, waves: readonly Sample[], every: number, extra: readonly Sample[]): string {
  const header = ['wave', 'RSS', 'HWM', 'heapUsed', 'heapTotal', 'external', 'outsideV8', 'anon', 'brk', 'arenas'];
  const widths = [8, 7, 7, 9, 10, 9, 10, 7, 7, 7];
  const row = (s: Sample) =>
    [s.at, fmt(s.rss), fmt(s.hwm), fmt(s.heapUsed), fmt(s.heapTotal), fmt(s.external), fmt(s.outsideV8), fmt(s.anon), fmt(s.brkHeap), fmt(s.threadArenas)]
      .map((cell, i) => pad(cell, widths[i]!))
      .join(' ');
  const lines = [header.map((cell, i) => pad(cell, widths[i]!)).join(' ') + '   (MiB)', row(start)];
  for (const [i, s] of waves.entries()) if ((i + 1) % every === 0 || i === 0 || i === waves.length - 1) lines.push(row(s));
  for (const s of extra) lines.push(row(s));
  return lines.join('\n');
}

export function trendLine(name: string, t: Trend): string {
  return `${name.padEnd(11)} ${fmt(t.slope, 3).padStart(7)} MiB/wave  r² ${fmt(t.r2, 2)}  (waves ${t.from}–${t.to})`;
}
