/** Small-sample statistics and the markdown table for the README. */
import { median, percentile } from '../bench/stats.ts';
import type { DistSizes } from './bundle.ts';

export interface Stats {
  count: number;
  median: number;
  mean: number;
  p95: number;
  min: number;
  max: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Exact nearest-rank statistics, rounded to 0.1. */
export function summarise(values: readonly number[]): Stats {
  return {
    count: values.length,
    median: round(median(values)),
    mean: round(values.reduce((sum, value) => sum + value, 0) / values.length),
    p95: round(percentile(values, 0.95)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
  };
}

/** The bare tldraw reference beside a board's loads (run.ts bareSummary). */
interface BareLoadFigures {
  fromGotoMs: Stats | null;
  sinceNavigationStartMs: { editorMounted: Stats | null; painted: Stats | null };
  jsHeapAfterGcBytes: Stats | null;
  oursOverBare: { fromGotoMs: number | null; jsHeapAfterGcBytes: number | null };
}

/** The parts of the result document the table shows. */
export interface TableInput {
  meta: { settings: { shapes: number; loadRuns: number; moves: number; plan: { notes: number; geos: number; arrows: number } } };
  bundle: { koppelbord: DistSizes; bare: DistSizes | null; bareSelfHosted: DistSizes | null; ratio: { codeGzipVsBare: number | null; pageCodeGzipVsBare: number | null; totalGzipVsBareSelfHosted: number | null } };
  load: LoadFigures;
  move: { seenMs: Stats | null; nextFrameMs: Stats | null };
}

const ms = (stats: Stats | null) => (stats ? `${stats.median.toFixed(0)} ms (${stats.min.toFixed(0)}–${stats.max.toFixed(0)})` : 'failed');
const msP95 = (stats: Stats | null) => (stats ? `${stats.median.toFixed(1)} ms (p95 ${stats.p95.toFixed(1)}, ${stats.min.toFixed(1)}–${stats.max.toFixed(1)})` : 'failed');
const kib = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024).toFixed(0)} KiB`);
const mib = (stats: Stats | null) => (stats ? `${(stats.median / 2 ** 20).toFixed(1)} MiB (${(stats.min / 2 ** 20).toFixed(1)}–${(stats.max / 2 ** 20).toFixed(1)})` : 'failed');
const times = (value: number | null) => (value === null ? '' : ` (× ${value.toFixed(2)})`);

/** The page's JS heap after the load and two full GCs, and the reference's beside it. */
function heapRows(load: LoadFigures): [string, string][] {
  const bare = load.bareTldraw;
  return [
    ['JS heap after load and full GC, median', mib(load.jsHeapAfterGcBytes)],
    ...(bare ? ([['  bare tldraw, same loads; × = ours / bare', `${mib(bare.jsHeapAfterGcBytes)}${times(bare.oursOverBare.jsHeapAfterGcBytes)}`]] as [string, string][]) : []),
  ];
}

/** The reference's rows, placed right under the board's own load rows; none when it was skipped. */
function bareRows(bare: BareLoadFigures | null, what: string): [string, string][] {
  if (!bare) return [];
  return [
    [`  bare tldraw, ${what} from a local snapshot (no sync, no server of ours); × = ours / bare`, `${ms(bare.fromGotoMs)}${times(bare.oursOverBare.fromGotoMs)}`],
    ['    since navigation start: editor with all shapes mounted / painted', `${ms(bare.sinceNavigationStartMs.editorMounted)} / ${ms(bare.sinceNavigationStartMs.painted)}`],
  ];
}

export function markdownTable(result: TableInput): string {
  const { settings } = result.meta;
  const { plan } = settings;
  const { koppelbord, bare, bareSelfHosted, ratio } = result.bundle;
  const rows: [string, string][] = [
    [
      `Board with ${settings.shapes} shapes (${plan.notes} notes, ${plan.geos} geo, ${plan.arrows} bound arrows): \`page.goto\` → fully rendered, median of ${settings.loadRuns} cold loads (min–max)`,
      ms(result.load.fromGotoMs),
    ],
    [
      '  since navigation start: doc received / editor with all shapes mounted / painted',
      `${ms(result.load.sinceNavigationStartMs.docReceived)} / ${ms(result.load.sinceNavigationStartMs.editorMounted)} / ${ms(result.load.sinceNavigationStartMs.painted)}`,
    ],
    ...bareRows(result.load.bareTldraw, 'same records'),
    ['Zoom to fit, all shapes painted', ms(result.load.zoomToFitMs)],
    ...heapRows(result.load),
    [`Shape moved in page A → seen in page B, median of ${settings.moves} moves`, msP95(result.move.seenMs)],
    ['  … and painted (one frame later)', msP95(result.move.nextFrameMs)],
    ['JS + CSS, gzip: Koppelbord', kib(koppelbord.code.gzipBytes)],
    ['JS + CSS, gzip: bare `<Tldraw />`', `${kib(bare?.code.gzipBytes)}${times(ratio.codeGzipVsBare)}`],
    ['JS + CSS a board page loads before it renders (what `index.html` names), gzip: Koppelbord / bare `<Tldraw />`', `${kib(koppelbord.pageCode.gzipBytes)} / ${kib(bare?.pageCode.gzipBytes)}${times(ratio.pageCodeGzipVsBare)}`],
    [
      'Fonts / icons / translations / embed icons, gzip: Koppelbord',
      `${kib(koppelbord.byKind.fonts.gzipBytes)} / ${kib(koppelbord.byKind.icons.gzipBytes)} / ${kib(koppelbord.byKind.translations.gzipBytes)} (${koppelbord.byKind.translations.files} files, one loaded) / ${kib(koppelbord.byKind.embedIcons.gzipBytes)}`,
    ],
    ['Whole dist, gzip: Koppelbord vs. bare tldraw with self-hosted assets', `${kib(koppelbord.total.gzipBytes)} vs. ${kib(bareSelfHosted?.total.gzipBytes)}${times(ratio.totalGzipVsBareSelfHosted)}`],
  ];
  return ['| Measure | Result |', '|---|---|', ...rows.map(([label, value]) => `| ${label} | ${value} |`)].join('\n');
}

/** The load figures of one board, as run.ts summarises them, with the bare reference (null: skipped). */
interface LoadFigures {
  fromGotoMs: Stats | null;
  sinceNavigationStartMs: { docReceived: Stats | null; editorMounted: Stats | null; painted: Stats | null };
  zoomToFitMs: Stats | null;
  jsHeapAfterGcBytes: Stats | null;
  bareTldraw: BareLoadFigures | null;
}

export interface KoppelTableInput {
  plan: { domains: number; opportunities: number; inQuadrant: number };
  shapes: number;
  bindings: number;
  load: LoadFigures;
}

/** The Koppelkansen board's load figures. */
export function koppelTable(koppel: KoppelTableInput, loadRuns: number): string {
  const { plan } = koppel;
  const rows: [string, string][] = [
    [
      `Koppelkansen board, ${koppel.shapes} shapes (${plan.domains} domain cards, ${plan.opportunities} opportunity cards, ${plan.opportunities} arrows with ${koppel.bindings} bindings, a quadrant holding ${plan.inQuadrant} cards): ` +
        `\`page.goto\` → every card with its domain chip and class badge rendered, median of ${loadRuns} cold loads (min–max)`,
      ms(koppel.load.fromGotoMs),
    ],
    [
      '  since navigation start: doc received / editor with all shapes mounted / painted',
      `${ms(koppel.load.sinceNavigationStartMs.docReceived)} / ${ms(koppel.load.sinceNavigationStartMs.editorMounted)} / ${ms(koppel.load.sinceNavigationStartMs.painted)}`,
    ],
    ...bareRows(koppel.load.bareTldraw, 'the same places, sizes, arrows and bindings as geo rectangles without text,'),
    ['Zoom to fit, all shapes painted', ms(koppel.load.zoomToFitMs)],
    ...heapRows(koppel.load),
  ];
  return ['| Measure | Result |', '|---|---|', ...rows.map(([label, value]) => `| ${label} | ${value} |`)].join('\n');
}

/** What panTable reads of a pan (pan.ts PanRun). */
interface PanFigures {
  camera: string;
  zoom: number;
  shapesOnScreen: number;
  shapes: number;
  pan: { frames: number; ms: Stats; over16_7: number; over33: number };
  idle: { ms: Stats };
}

export interface PanTableInput {
  meta: { settings: { shapes: number } };
  pan: PanFigures[];
  koppel: { pan: PanFigures[] } | null;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** Frame time while panning, both boards; frames/s = 1000 / mean frame time. */
export function panTable(result: PanTableInput, timing: { panMs: number; rounds: number }): string {
  const rows: string[] = [];
  const add = (board: string, runs: PanFigures[]) => {
    for (const run of runs) {
      const camera = run.camera === 'fit' ? `zoom to fit (${Math.round(run.zoom * 100)} %)` : '100 %';
      rows.push(
        `| ${board} | ${camera} | ${run.shapesOnScreen} of ${run.shapes} | ${(1000 / run.pan.ms.mean).toFixed(0)} | ${run.pan.ms.median.toFixed(1)} / ${run.pan.ms.p95.toFixed(1)} / ${run.pan.ms.max.toFixed(1)} | ${percent(run.pan.over16_7)} | ${percent(run.pan.over33)} | ${run.idle.ms.median.toFixed(1)} / ${run.idle.ms.max.toFixed(1)} |`,
      );
    }
  };
  if (result.koppel) add('Koppelkansen board', result.koppel.pan);
  add(`${result.meta.settings.shapes}-shape board`, result.pan);
  if (!rows.length) return `Panning: failed`;
  return [
    `| Panning at 1000 px/s, ${timing.rounds} × ${(timing.panMs / 1000).toFixed(1)} s | Camera | Shapes on screen | Frames/s | Frame time median / p95 / max (ms) | Frames > 16.7 ms | Frames > 33 ms | Still camera: median / max (ms) |`,
    '|---|---|--:|--:|--:|--:|--:|--:|',
    ...rows,
  ].join('\n');
}
