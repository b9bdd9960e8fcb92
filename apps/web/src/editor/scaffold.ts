import type { Editor, TLShape, TLShapeId } from 'tldraw';
import { isScaffold, pinnedScaffoldTypes } from '@koppelbord/board-model';

/**
 * Template scaffolding (headings, the opportunities area, the legend, the quadrant) can be
 * locked so nobody moves it by accident. Most of it uses tldraw's own lock. The quadrant cannot:
 * tldraw treats the children of a locked shape as locked, and opportunities must still be
 * dropped into it and moved around inside it. A quadrant is *pinned* instead (`meta.pinned`):
 * it cannot be selected, so it cannot be moved, resized or deleted, while its children can.
 */

/** A pinned quadrant or timeline: present, frame-like, and not selectable. */
export function isPinned(shape: TLShape | undefined): boolean {
  return shape !== undefined && pinnedScaffoldTypes.includes(shape.type) && shape.meta['pinned'] === true;
}

function isLockedScaffold(shape: TLShape): boolean {
  return pinnedScaffoldTypes.includes(shape.type) ? isPinned(shape) : shape.isLocked;
}

/** The scaffolding on the current page. */
export function scaffoldOnPage(editor: Editor): TLShape[] {
  return editor.getCurrentPageShapes().filter((shape) => isScaffold(shape));
}

/** Whether the page has scaffolding, and whether all of it is locked. */
export function scaffoldState(editor: Editor): 'none' | 'locked' | 'unlocked' {
  const scaffold = scaffoldOnPage(editor);
  if (scaffold.length === 0) return 'none';
  return scaffold.every(isLockedScaffold) ? 'locked' : 'unlocked';
}

/** Locks or unlocks all scaffolding on the current page, as one undoable change. */
export function setScaffoldLocked(editor: Editor, locked: boolean): void {
  const scaffold = scaffoldOnPage(editor);
  editor.run(
    () => {
      if (locked) editor.deselect(...scaffold.map((shape) => shape.id));
      editor.updateShapes(
        scaffold.map((shape) =>
          pinnedScaffoldTypes.includes(shape.type) ? { id: shape.id, type: shape.type, meta: { ...shape.meta, pinned: locked } } : { id: shape.id, type: shape.type, isLocked: locked },
        ),
      );
    },
    { ignoreShapeLock: true },
  );
}

/**
 * Keeps pinned quadrants out of this participant's selection (clicks, brushing, select all).
 * Returns the function that removes the rule.
 */
export function keepPinnedUnselectable(editor: Editor): () => void {
  return editor.sideEffects.registerBeforeChangeHandler('instance_page_state', (_prev, next, source) => {
    if (source !== 'user') return next;
    const selectable = next.selectedShapeIds.filter((id: TLShapeId) => !isPinned(editor.getShape(id)));
    return selectable.length === next.selectedShapeIds.length ? next : { ...next, selectedShapeIds: selectable };
  });
}
