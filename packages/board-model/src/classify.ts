/**
 * The risk/benefit quadrant of the method: benefit on the vertical axis (high at the top),
 * risk on the horizontal axis (high on the right). An opportunity inside a quadrant (its
 * child) is classified from where its centre sits; the class is derived, never stored.
 */
import { shapeType, type BoardRecordLike } from './links.ts';
import type { OpportunityShape } from './shapes/opportunity.ts';
import type { QuadrantShape } from './shapes/quadrant.ts';

export type QuadrantClass = 'win-win' | 'conditional' | 'no-regret' | 'park';

export interface Classification {
  /** 0 (bottom edge) … 1 (top edge). */
  benefit: number;
  /** 0 (left edge) … 1 (right edge). */
  risk: number;
  quadrantClass: QuadrantClass;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/**
 * Classifies a point given in the quadrant's own coordinates (0,0 = its top-left corner).
 * The midlines belong to the upper (high benefit) and right (high risk) halves, so every
 * point has exactly one class; points outside the quadrant are clamped to its edge.
 */
export function classifyPoint(quadrant: { w: number; h: number }, x: number, y: number): Classification {
  const risk = clamp01(x / quadrant.w);
  const benefit = clamp01(1 - y / quadrant.h);
  const highBenefit = benefit >= 0.5;
  const highRisk = risk >= 0.5;
  const quadrantClass: QuadrantClass = highBenefit ? (highRisk ? 'conditional' : 'win-win') : highRisk ? 'park' : 'no-regret';
  return { benefit, risk, quadrantClass };
}

function isQuadrant(record: BoardRecordLike | undefined): record is QuadrantShape & BoardRecordLike {
  return record !== undefined && shapeType(record) === 'quadrant';
}

/**
 * Classifies an opportunity from the board's records (a map of them, or the client's store
 * through the same `get`): only a child of a quadrant has a class (its x/y are then in the
 * quadrant's coordinates); elsewhere it returns null.
 */
export function classifyOpportunity(opportunity: OpportunityShape, recordsById: { get(id: string): BoardRecordLike | undefined }): Classification | null {
  const parent = recordsById.get(opportunity.parentId);
  if (!isQuadrant(parent)) return null;
  const centreX = opportunity.x + opportunity.props.w / 2;
  const centreY = opportunity.y + opportunity.props.h / 2;
  return classifyPoint(parent.props, centreX, centreY);
}

/**
 * Where a child must move when its quadrant is resized from `before` to `after`, so that it
 * keeps its scores (and class): its centre keeps the same relative position.
 */
export function keepScoresOnResize(
  child: { x: number; y: number; w: number; h: number },
  before: { w: number; h: number },
  after: { w: number; h: number },
): { x: number; y: number } {
  const centreX = ((child.x + child.w / 2) / before.w) * after.w;
  const centreY = ((child.y + child.h / 2) / before.h) * after.h;
  return { x: centreX - child.w / 2, y: centreY - child.h / 2 };
}
