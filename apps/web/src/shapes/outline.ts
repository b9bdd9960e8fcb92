/** Selection outlines (tldraw draws them as Path2D). */
export function cardOutline(w: number, h: number): Path2D {
  const path = new Path2D();
  path.roundRect(0, 0, w, h, 8);
  return path;
}

export function boxOutline(w: number, h: number): Path2D {
  const path = new Path2D();
  path.rect(0, 0, w, h);
  return path;
}
