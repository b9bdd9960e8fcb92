/** A page-space rectangle as tldraw's `Box` serialises it, seen from a test. */
export interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function overlaps(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Whether `inner` lies within `outer` (to a page unit, for rounding). */
export function isInside(outer: Bounds, inner: Bounds): boolean {
  return inner.x >= outer.x - 1 && inner.y >= outer.y - 1 && inner.x + inner.w <= outer.x + outer.w + 1 && inner.y + inner.h <= outer.y + outer.h + 1;
}
