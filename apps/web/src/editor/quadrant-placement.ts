import { Box, type Editor, type TLEventInfo, type TLShape, type TLShapeId } from 'tldraw';
import { classifyPoint, type QuadrantClass, type QuadrantShape } from '@koppelbord/board-model';
import { findFreeSpot } from './free-space.ts';

/**
 * Putting an opportunity into the risk/benefit quadrant without dragging it: the card panel's
 * class choice and moves with the arrow keys. Either way the card ends up as it would after a
 * drop with the mouse: the quadrant's child, classified from where it sits.
 */

function isQuadrant(shape: TLShape | undefined): shape is QuadrantShape {
  return shape?.type === 'quadrant';
}

/** The quadrants on the current page, frontmost first. */
function quadrantsOnPage(editor: Editor): QuadrantShape[] {
  return editor.getCurrentPageShapesSorted().filter(isQuadrant).reverse();
}

/** The quadrant a card is in, or else the one nearest to it (the frontmost of equals). */
function quadrantFor(editor: Editor, card: TLShape): QuadrantShape | undefined {
  const parent = editor.getShape(card.parentId as TLShapeId);
  if (isQuadrant(parent)) return parent;
  const centre = editor.getShapePageBounds(card)?.center;
  if (!centre) return undefined;
  let nearest: { quadrant: QuadrantShape; distance: number } | undefined;
  for (const quadrant of quadrantsOnPage(editor)) {
    const bounds = editor.getShapePageBounds(quadrant);
    if (!bounds) continue;
    const distance = bounds.center.dist(centre);
    if (!nearest || distance < nearest.distance) nearest = { quadrant, distance };
  }
  return nearest?.quadrant;
}

/**
 * The part of a quadrant (in its own coordinates) that holds `quadrantClass`: the one of its
 * four halves-by-halves whose centre the model classifies so.
 */
function classArea(quadrant: QuadrantShape, quadrantClass: QuadrantClass): Box {
  const { w, h } = quadrant.props;
  const cells = [0, 1].flatMap((column) => [0, 1].map((row) => new Box((column * w) / 2, (row * h) / 2, w / 2, h / 2)));
  return cells.find((cell) => classifyPoint(quadrant.props, cell.center.x, cell.center.y).quadrantClass === quadrantClass) ?? cells[0]!;
}

/** A quadrant-space box as page coordinates (quadrants are not rotated). */
function toPage(editor: Editor, quadrant: QuadrantShape, box: Box): Box {
  const origin = editor.getShapePageTransform(quadrant).applyToPoint({ x: box.x, y: box.y });
  return new Box(origin.x, origin.y, box.w, box.h);
}

/**
 * Places an opportunity in the middle of `quadrantClass`'s area of its quadrant (the one it
 * is in, or the nearest), in free space there, as that quadrant's child; `null` takes it out
 * of the quadrant, to free space left of it. One undoable change. Returns whether it moved.
 */
export function placeInQuadrantClass(editor: Editor, cardId: TLShapeId, quadrantClass: QuadrantClass | null): boolean {
  const card = editor.getShape(cardId);
  if (card?.type !== 'opportunity') return false;
  const size = { w: card.props.w, h: card.props.h };
  if (quadrantClass === null) {
    const parent = editor.getShape(card.parentId as TLShapeId);
    if (!isQuadrant(parent)) return false;
    const quadrantBounds = editor.getShapePageBounds(parent);
    const cardBounds = editor.getShapePageBounds(card);
    if (!quadrantBounds || !cardBounds) return false;
    const wish = { x: quadrantBounds.minX - 40 - size.w / 2, y: cardBounds.center.y };
    const spot = findFreeSpot(editor, size, wish, { outside: quadrantBounds, ignore: [cardId] });
    editor.markHistoryStoppingPoint('take out of quadrant');
    editor.run(() => {
      editor.reparentShapes([cardId], editor.getCurrentPageId());
      editor.updateShape({ id: cardId, type: 'opportunity', x: spot.x, y: spot.y });
    });
    return true;
  }
  const quadrant = quadrantFor(editor, card);
  if (!quadrant) return false;
  const area = toPage(editor, quadrant, classArea(quadrant, quadrantClass));
  const spot = findFreeSpot(editor, size, area.center, { within: area, ignore: [cardId] });
  const local = editor.getPointInShapeSpace(quadrant, spot);
  editor.markHistoryStoppingPoint('place in quadrant');
  editor.run(() => {
    if (card.parentId !== quadrant.id) editor.reparentShapes([cardId], quadrant.id);
    editor.updateShape({ id: cardId, type: 'opportunity', x: local.x, y: local.y });
  });
  return true;
}

/**
 * After a move that was not a drag (the arrow keys): an opportunity whose centre is over a
 * quadrant becomes its child, and one whose centre left its quadrant goes back to the page,
 * as a drop with the mouse would do. Part of the move's own undo step.
 */
export function settleInQuadrants(editor: Editor, ids: readonly TLShapeId[]): void {
  const quadrants = quadrantsOnPage(editor);
  for (const id of ids) {
    const card = editor.getShape(id);
    if (card?.type !== 'opportunity') continue;
    const centre = editor.getShapePageBounds(card)?.center;
    if (!centre) continue;
    const target = quadrants.find((quadrant) => editor.getShapePageBounds(quadrant)?.containsPoint(centre));
    if (target) {
      if (card.parentId !== target.id) editor.reparentShapes([id], target.id);
    } else if (isQuadrant(editor.getShape(card.parentId as TLShapeId))) {
      editor.reparentShapes([id], editor.getCurrentPageId());
    }
  }
}

const arrowKeys = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']);

/**
 * Settles the selected opportunities in or out of quadrants when an arrow key that moved them
 * (tldraw's nudge: the select tool, no Ctrl/Cmd or Alt) is released. Returns the function
 * that stops listening.
 */
export function settleAfterKeyboardMoves(editor: Editor): () => void {
  const onEvent = (info: TLEventInfo) => {
    if (info.type !== 'keyboard' || info.name !== 'key_up' || !arrowKeys.has(info.code)) return;
    if (info.accelKey || info.altKey || editor.getCurrentToolId() !== 'select' || editor.getInstanceState().isReadonly) return;
    settleInQuadrants(editor, editor.getSelectedShapeIds());
  };
  editor.on('event', onEvent);
  return () => {
    editor.off('event', onEvent);
  };
}
