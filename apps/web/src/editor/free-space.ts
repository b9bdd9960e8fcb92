import { Box, type Editor, type TLShape, type TLShapeId, type VecLike } from 'tldraw';
import { isScaffold } from '@koppelbord/board-model';

/** Space kept between a placed card and its neighbours. */
const gap = 20;
/** Candidate positions are this far apart; rings of them are tried outwards from the wish. */
const searchStep = 20;
/** How far from the wish a free spot is searched for (page units) before giving up. */
const searchRadius = 2400;

/**
 * What a card placed on the board must not cover: every other card and drawn shape. Arrows
 * cross everything, and containers (the template's area and headings, the quadrant, frames)
 * are where cards are meant to go, so neither counts.
 */
function obstacles(editor: Editor, ignore: ReadonlySet<TLShapeId>): Box[] {
  const covering = (shape: TLShape) => !ignore.has(shape.id) && shape.type !== 'arrow' && !isScaffold(shape) && !editor.getShapeUtil(shape).isFrameLike(shape);
  return editor.getCurrentPageShapes().flatMap((shape) => (covering(shape) ? (editor.getShapePageBounds(shape) ?? []) : []));
}

export interface FreeSpotOptions {
  /** The spot must lie inside this page area (a quadrant's class area). */
  within?: Box;
  /** Nor may it overlap this page area (the quadrant a card is taken out of). */
  outside?: Box;
  /** Shapes that do not count as taken (the card being placed). */
  ignore?: readonly TLShapeId[];
}

/**
 * The top-left page corner for a `size` card as close to `wish` (the card's wished-for centre)
 * as it can be without covering another card. When nothing is free within reach, the wish
 * itself (kept inside `within`).
 */
export function findFreeSpot(editor: Editor, size: { w: number; h: number }, wish: VecLike, options: FreeSpotOptions = {}): { x: number; y: number } {
  const taken = obstacles(editor, new Set(options.ignore ?? []));
  const { within, outside } = options;
  const fits = (x: number, y: number) => {
    const box = new Box(x, y, size.w, size.h);
    if (within && !within.contains(box)) return false;
    const padded = new Box(x - gap, y - gap, size.w + 2 * gap, size.h + 2 * gap);
    if (outside && outside.collides(padded)) return false;
    return !taken.some((other) => other.collides(padded));
  };
  const x0 = wish.x - size.w / 2;
  const y0 = wish.y - size.h / 2;
  for (let ring = 0; ring * searchStep <= searchRadius; ring++) {
    const candidates: { x: number; y: number; distance: number }[] = [];
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        candidates.push({ x: x0 + i * searchStep, y: y0 + j * searchStep, distance: Math.hypot(i, j) });
      }
    }
    candidates.sort((a, b) => a.distance - b.distance);
    const free = candidates.find((candidate) => fits(candidate.x, candidate.y));
    if (free) return { x: free.x, y: free.y };
    // Past the edges of `within` every further ring lies outside it too.
    if (within && ring * searchStep > Math.max(within.w, within.h)) break;
  }
  if (!within) return { x: x0, y: y0 };
  return {
    x: Math.min(Math.max(x0, within.minX), within.maxX - size.w),
    y: Math.min(Math.max(y0, within.minY), within.maxY - size.h),
  };
}
