/**
 * The plans timeline of the method's step "which plans exist for the neighbourhood, and where
 * do they touch": the year window a timeline shows (this year … +20), the sweet spot (coupling
 * to what starts in about two years works best), where a plan sits on a timeline by its
 * period and which period a move gives it, and the coupling moments: the years in which two
 * plans run at the same time. All derived, never stored; DOM-free, on plain tldraw records.
 */
import type { BoardLanguage } from '@koppelbord/contract';
import { acceptedYears } from './dates.ts';
import { shapeType, type BoardRecordLike } from './links.ts';
import type { PlanPeriod, PlanShape } from './shapes/plan.ts';
import { untitledPlanLabel } from './labels.ts';

/** Years on a timeline: this year and the twenty after it (the method's 20-year perspective). */
export const timelineYearCount = 21;

/** Height of the band at the top of a timeline that holds the year labels (plans sit below it). */
export const timelineHeaderHeight = 72;

/** The years a timeline shows, both included. */
export function yearWindow(thisYear: number): PlanPeriod {
  return { start: thisYear, end: thisYear + timelineYearCount - 1 };
}

/** About two years ahead: what starts then is the best moment to couple to (one to three years from now). */
export function sweetSpot(thisYear: number): PlanPeriod {
  return { start: thisYear + 1, end: thisYear + 3 };
}

/** Whether a period starts in the sweet spot. */
export function startsInSweetSpot(period: PlanPeriod, thisYear: number): boolean {
  const spot = sweetSpot(thisYear);
  return period.start >= spot.start && period.start <= spot.end;
}

/** The years two periods share, or null when they do not touch. */
export function overlap(a: PlanPeriod, b: PlanPeriod): PlanPeriod | null {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return start <= end ? { start, end } : null;
}

/** '2028–2030', or '2028' for a plan of one year. */
export function periodText(period: PlanPeriod): string {
  return period.start === period.end ? String(period.start) : `${period.start}–${period.end}`;
}

/** A plan's title as a reader sees it: the stand-in in `locale` when it has none. */
export function planTitle(stored: string, locale: BoardLanguage): string {
  return stored.trim() === '' ? untitledPlanLabel[locale] : stored;
}

// ---------------------------------------------------------------------------------------
// Where a plan sits on a timeline. A year is a column of `w / timelineYearCount`; a plan covers
// the columns of its years. A plan running (partly) outside the window is drawn at the edge it
// runs past, so it stays on the timeline and keeps its real period.

/** The width of one year on a timeline. */
export const yearWidth = (timeline: { w: number }): number => timeline.w / timelineYearCount;

/** A plan's x and width in the timeline's own coordinates, for `thisYear`'s window. */
export function planBox(period: PlanPeriod, timeline: { w: number }, thisYear: number): { x: number; w: number } {
  const window = yearWindow(thisYear);
  const column = yearWidth(timeline);
  const first = Math.min(Math.max(period.start, window.start), window.end);
  const last = Math.max(Math.min(period.end, window.end), first);
  return { x: (first - window.start) * column, w: (last - first + 1) * column };
}

const clampYear = (year: number) => Math.min(acceptedYears.max, Math.max(acceptedYears.min, year));

/**
 * The period a plan gets when its box on the timeline moves from `before` to `after`: its
 * start follows the left edge, its end the right edge, each by whole years (a move keeps the
 * plan's length, a resize changes it). With `nudge`, a move of less than half a year still
 * moves a year in its direction, so a keyboard nudge moves a plan a year (a drag rounds).
 * The end never goes before the start.
 */
export function movedPeriod(
  period: PlanPeriod,
  before: { x: number; w: number },
  after: { x: number; w: number },
  timeline: { w: number },
  { nudge = false }: { nudge?: boolean } = {},
): PlanPeriod {
  const column = yearWidth(timeline);
  const years = (delta: number) => {
    const whole = Math.round(delta / column);
    return whole === 0 && nudge && delta !== 0 ? Math.sign(delta) : whole;
  };
  const startShift = years(after.x - before.x);
  const endShift = years(after.x + after.w - (before.x + before.w));
  const start = clampYear(period.start + startShift);
  const end = clampYear(period.end + endShift);
  return end >= start ? { start, end } : startShift !== 0 ? { start, end: start } : { start: end, end };
}

/** The year under a point at `x` on the timeline (for labels and tests). */
export function yearAt(x: number, timeline: { w: number }, thisYear: number): number {
  return thisYear + Math.floor(x / yearWidth(timeline));
}

// ---------------------------------------------------------------------------------------
// Coupling moments.

/** A plan as the coupling moments name it. */
export interface PlanRef {
  id: string;
  title: string;
  period: PlanPeriod;
}

/** Two plans running at the same time: the moment to do both works at once (meekoppelen). */
export interface CouplingMoment {
  /** The two plans, in order of start year (then title, id). */
  plans: readonly [PlanRef, PlanRef];
  /** The years they share. */
  period: PlanPeriod;
  /** Whether the shared years start in the sweet spot (about two years ahead). */
  inSweetSpot: boolean;
}

export interface PlanLike {
  id: string;
  props: { title: string; period: PlanPeriod };
}

const byStartThenTitle = (a: PlanRef, b: PlanRef) => a.period.start - b.period.start || a.period.end - b.period.end || a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every pair of plans whose periods overlap, ordered by the first shared year (then by the
 * plans). Each pair once.
 */
export function couplingMomentsOf(plans: Iterable<PlanLike>, thisYear: number, locale: BoardLanguage = 'nl'): CouplingMoment[] {
  const refs = [...plans].map((plan): PlanRef => ({ id: plan.id, title: planTitle(plan.props.title, locale), period: plan.props.period })).sort(byStartThenTitle);
  const moments: CouplingMoment[] = [];
  refs.forEach((a, i) => {
    for (const b of refs.slice(i + 1)) {
      const shared = overlap(a.period, b.period);
      if (shared) moments.push({ plans: [a, b], period: shared, inSweetSpot: startsInSweetSpot(shared, thisYear) });
    }
  });
  return moments.sort((a, b) => a.period.start - b.period.start || a.period.end - b.period.end || byStartThenTitle(a.plans[0], b.plans[0]) || byStartThenTitle(a.plans[1], b.plans[1]));
}

/** The plan shapes among a board's records (all pages). */
function plansOf(records: Iterable<BoardRecordLike>): PlanShape[] {
  return [...records].filter((record) => shapeType(record) === 'plan') as unknown as PlanShape[];
}

/** The coupling moments of every plan on the board (all pages). */
export function couplingMoments(records: Iterable<BoardRecordLike>, thisYear: number, locale: BoardLanguage = 'nl'): CouplingMoment[] {
  return couplingMomentsOf(plansOf(records), thisYear, locale);
}

/** 'Rioolvervanging × Herinrichting Dorpsstraat: 2029–2030': a coupling moment on one line. */
export function couplingMomentText(moment: CouplingMoment): string {
  return `${moment.plans[0].title} × ${moment.plans[1].title}: ${periodText(moment.period)}`;
}

/**
 * The timing an opportunity takes from the plans it is linked to: the years all of them
 * share when they share any (their coupling moment), otherwise the period of the plan that
 * starts first. Null without plans.
 */
export function timingFromPlans(periods: readonly PlanPeriod[]): PlanPeriod | null {
  if (periods.length === 0) return null;
  let shared: PlanPeriod | null = periods[0]!;
  for (const period of periods.slice(1)) shared = shared && overlap(shared, period);
  if (shared) return shared;
  return [...periods].sort((a, b) => a.start - b.start || a.end - b.end)[0]!;
}
