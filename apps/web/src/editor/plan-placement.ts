import { computed, type Computed, type Editor, type TLShape } from 'tldraw';
import { couplingMomentsOf, movedPeriod, planBox, timelineHeaderHeight, yearWidth, type CouplingMoment, type PlanPeriod, type PlanShape, type TimelineShape } from '@koppelbord/board-model';
import { shapeLocale } from '../shapes/shape-locale.ts';

/**
 * Plans on the timeline: a plan that sits on a timeline (is its child) sits over the columns
 * of its years, so its place and its period are one thing. Moving it changes its period (by
 * whole years; a keyboard nudge moves it a year), resizing changes its start or end year, and
 * editing the period in the panel moves it. Off the timeline, a plan is a card like the others.
 *
 * Only this participant's own edits are settled here (tldraw's onBeforeUpdate and translate
 * hooks, PlanShapeUtil); remote changes arrive settled by whoever made them.
 */

/** The year the timeline's window starts at, on this device's clock (derived, never stored). */
export const thisYear = (): number => new Date().getFullYear();

/** The timeline a shape sits on, if its parent is one. */
export function timelineOf(editor: Editor, shape: TLShape): TimelineShape | undefined {
  const parent = editor.getShape(shape.parentId as TLShape['id']);
  return parent?.type === 'timeline' ? parent : undefined;
}

/** `plan` at the place and width its period gives on `timeline`. */
export function placedByPeriod(plan: PlanShape, period: PlanPeriod, timeline: { w: number }): PlanShape {
  const box = planBox(period, timeline, thisYear());
  return { ...plan, x: box.x, props: { ...plan.props, w: box.w, period } };
}

const samePeriod = (a: PlanPeriod, b: PlanPeriod) => a.start === b.start && a.end === b.end;

/**
 * A plan update outside a drag, settled: a new period (or a new parent) places the plan by its
 * period; a move or resize changes the period by the years moved (at least one, so a nudge
 * counts); anything else keeps the place its period gives.
 */
export function settledPlan(prev: PlanShape, next: PlanShape, timeline: { w: number }): PlanShape {
  if (!samePeriod(prev.props.period, next.props.period) || prev.parentId !== next.parentId) return placedByPeriod(next, next.props.period, timeline);
  const box = planBox(next.props.period, timeline, thisYear());
  if (next.x === box.x && next.props.w === box.w) return next;
  const period = movedPeriod(next.props.period, { x: prev.x, w: prev.props.w }, { x: next.x, w: next.props.w }, timeline, { nudge: true });
  return placedByPeriod(next, period, timeline);
}

/**
 * A plan dragged from `initial` to `current`: on the same timeline it keeps its length and
 * moves by whole years; dropped onto a timeline from elsewhere it starts in the year under its
 * left edge (where it was dropped is when it is), keeping its length.
 */
export function draggedPlan(initial: PlanShape, current: PlanShape, timeline: { w: number }): PlanShape {
  if (initial.parentId === current.parentId) {
    return placedByPeriod(current, movedPeriod(initial.props.period, { x: initial.x, w: initial.props.w }, { x: current.x, w: current.props.w }, timeline), timeline);
  }
  const length = initial.props.period.end - initial.props.period.start;
  const start = thisYear() + Math.max(0, Math.round(current.x / yearWidth(timeline)));
  return placedByPeriod(current, { start, end: start + length }, timeline);
}

/** A plan resized on its timeline: its start follows the left edge, its end the right, to the nearest year. */
export function resizedPlan(initial: PlanShape, current: PlanShape, timeline: { w: number }): PlanShape {
  return placedByPeriod(current, movedPeriod(initial.props.period, { x: initial.x, w: initial.props.w }, { x: current.x, w: current.props.w }, timeline), timeline);
}

const momentCaches = new WeakMap<Editor, Computed<CouplingMoment[]>>();

const sameMoments = (a: CouplingMoment[], b: CouplingMoment[]) =>
  a.length === b.length &&
  a.every((moment, index) => {
    const other = b[index]!;
    return samePeriod(moment.period, other.period) && moment.inSweetSpot === other.inSweetSpot && moment.plans.every((plan, i) => plan.id === other.plans[i]!.id && plan.title === other.plans[i]!.title);
  });

/**
 * The coupling moments of the plans on the current page, read by every plan card: computed
 * once per change, and passed on only when the moments themselves change (not on every drag).
 */
export function pageCouplingMoments(editor: Editor): CouplingMoment[] {
  let cache = momentCaches.get(editor);
  if (!cache) {
    cache = computed(
      'coupling moments on the page',
      () => couplingMomentsOf(editor.getCurrentPageShapes().filter((shape): shape is PlanShape => shape.type === 'plan'), thisYear(), shapeLocale(editor)),
      { isEqual: sameMoments },
    );
    momentCaches.set(editor, cache);
  }
  return cache.get();
}

/**
 * Puts every plan on a timeline back over its years, once, when a participant opens the board:
 * the window moves on with the calendar (next year it starts a column later), and the plans'
 * places were written in the year they were last moved. Writes only what differs, outside the
 * undo history (nobody did anything); everyone who opens computes the same places.
 */
export function placePlansForThisYear(editor: Editor): void {
  const updates = editor.getCurrentPageShapes().flatMap((shape) => {
    if (shape.type !== 'plan') return [];
    const timeline = timelineOf(editor, shape);
    if (!timeline) return [];
    const box = planBox(shape.props.period, timeline.props, thisYear());
    return box.x === shape.x && box.w === shape.props.w ? [] : [{ id: shape.id, type: 'plan' as const, x: box.x, props: { w: box.w } }];
  });
  if (updates.length > 0) editor.run(() => editor.updateShapes(updates), { history: 'ignore' });
}

/** The timelines on the current page, nearest to `plan` first. */
function timelinesNearest(editor: Editor, plan: PlanShape): TimelineShape[] {
  const centre = editor.getShapePageBounds(plan)?.center;
  const timelines = editor.getCurrentPageShapes().filter((shape): shape is TimelineShape => shape.type === 'timeline');
  if (!centre) return timelines;
  const distance = (timeline: TimelineShape) => editor.getShapePageBounds(timeline)?.center.dist(centre) ?? Infinity;
  return timelines.sort((a, b) => distance(a) - distance(b));
}

/** Whether the page has a timeline a plan could go on. */
export function hasTimeline(editor: Editor): boolean {
  return editor.getCurrentPageShapes().some((shape) => shape.type === 'timeline');
}

/**
 * Puts a plan on the nearest timeline without dragging (keyboard and screen-reader users):
 * over its years, in the first row below the year band where it overlaps no other plan.
 * Returns whether it was put on one.
 */
export function putPlanOnTimeline(editor: Editor, planId: PlanShape['id']): boolean {
  const plan = editor.getShape<PlanShape>(planId);
  const timeline = plan && timelinesNearest(editor, plan)[0];
  if (!plan || !timeline) return false;
  const box = planBox(plan.props.period, timeline.props, thisYear());
  const others = editor.getSortedChildIdsForParent(timeline.id).flatMap((id) => {
    const child = editor.getShape(id);
    return child?.type === 'plan' && child.id !== plan.id ? [child] : [];
  });
  const rowHeight = plan.props.h + 16;
  const overlaps = (y: number) => others.some((other) => other.x < box.x + box.w && box.x < other.x + other.props.w && other.y < y + plan.props.h && y < other.y + other.props.h);
  let y = timelineHeaderHeight + 16;
  while (overlaps(y) && y + rowHeight + plan.props.h <= timeline.props.h) y += rowHeight;
  editor.markHistoryStoppingPoint('put plan on timeline');
  editor.run(() => {
    editor.reparentShapes([plan.id], timeline.id);
    editor.updateShape<PlanShape>({ id: plan.id, type: 'plan', x: box.x, y, props: { w: box.w } });
  });
  editor.select(plan.id);
  editor.zoomToSelectionIfOffscreen(32);
  return true;
}
