import { createShapeId, type Editor, type TLArrowBinding, type TLShapeId } from 'tldraw';
import { arrowLink } from '@koppelbord/board-model';

/**
 * Links on the board are arrows bound at both ends, by the model's rule (arrowLink in
 * @koppelbord/board-model, which the register and coverage apply to the whole board): the
 * opportunity panel edits them by adding and removing such arrows, so a link made in the
 * panel and one drawn by hand are the same thing for everyone.
 *
 * Here the rule is applied to one shape's arrows through the editor's binding indexes rather
 * than through arrowLinks over every record: a card that reads its links then depends on its
 * own bindings only, and is not drawn again whenever anything on the board changes.
 */

/** Each arrow that links `shape` to another shape, with that other shape. */
function otherEnds(editor: Editor, shape: TLShapeId): { arrow: TLShapeId; other: TLShapeId }[] {
  const ends: { arrow: TLShapeId; other: TLShapeId }[] = [];
  for (const binding of editor.getBindingsToShape<TLArrowBinding>(shape, 'arrow')) {
    const arrowEnds = editor.getBindingsFromShape<TLArrowBinding>(binding.fromId, 'arrow').map((end) => ({ toId: end.toId, terminal: end.props.terminal }));
    const linked = arrowLink(arrowEnds);
    if (linked) ends.push({ arrow: binding.fromId, other: (linked[0] === shape ? linked[1] : linked[0]) as TLShapeId });
  }
  return ends;
}

/** The shapes linked to `shape` by arrows (either direction). */
export function linkedShapeIds(editor: Editor, shape: TLShapeId): Set<TLShapeId> {
  return new Set(otherEnds(editor, shape).map((end) => end.other));
}

/** Arrows bound at one end to `a` and at the other to `b` (either direction). */
export function arrowsBetween(editor: Editor, a: TLShapeId, b: TLShapeId): TLShapeId[] {
  return [...new Set(otherEnds(editor, a).flatMap((end) => (end.other === b ? [end.arrow] : [])))];
}

/** Draws an arrow from `from` to `to`, bound at both ends (does nothing if they are linked already). */
export function linkCards(editor: Editor, from: TLShapeId, to: TLShapeId): void {
  if (from === to || arrowsBetween(editor, from, to).length > 0) return;
  const start = editor.getShapePageBounds(from)?.center;
  const end = editor.getShapePageBounds(to)?.center;
  if (!start || !end) return;
  const arrowId = createShapeId();
  const bound = { normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false };
  editor.run(() => {
    editor.createShape({ id: arrowId, type: 'arrow', parentId: editor.getCurrentPageId(), x: start.x, y: start.y, props: { start: { x: 0, y: 0 }, end: { x: end.x - start.x, y: end.y - start.y } } });
    editor.createBindings([
      { type: 'arrow', fromId: arrowId, toId: from, props: { terminal: 'start', ...bound } },
      { type: 'arrow', fromId: arrowId, toId: to, props: { terminal: 'end', ...bound } },
    ]);
  });
}

/** Removes every arrow that links the two cards. */
export function unlinkCards(editor: Editor, a: TLShapeId, b: TLShapeId): void {
  const arrows = arrowsBetween(editor, a, b);
  if (arrows.length > 0) editor.deleteShapes(arrows);
}
