import { Box, react, type Editor } from 'tldraw';

/**
 * When the canvas changes size (the window resized or zoomed to 400 %, the page reflowed to one
 * column at 320 CSS px, the side panel folded or resized), tldraw keeps the camera's corner
 * where it was. Mostly that is right (what is at the left stays put while the panel's edge
 * moves), but a board fitted to a wide canvas then lies beside a narrow one, which shows an
 * empty stretch. So only when the new size leaves the board out of the view (neither all of
 * it in view nor the middle of the view on it) does the camera follow: a board that was wholly
 * in view is fitted again (as the first view fits it), otherwise the middle of the view stays
 * the middle. Returns the function that stops following.
 */
export function keepBoardInView(editor: Editor): () => void {
  let size = sizeOf(editor);
  let view = editor.getViewportPageBounds().clone();
  return react('keep the board in view', () => {
    // Read on every camera move as well: `view` is what was seen just before a size change.
    const current = editor.getViewportPageBounds();
    const next = sizeOf(editor);
    if (next.w === size.w && next.h === size.h) {
      view = current.clone();
      return;
    }
    size = next;
    const content = editor.getCurrentPageBounds();
    if (next.w > 0 && next.h > 0 && content && !showsBoard(current, content)) {
      if (wholly(view, content)) fitWholeBoard(editor);
      else editor.centerOnPoint(view.center, { immediate: true });
    }
    view = editor.getViewportPageBounds().clone();
  });
}

/** All of the board in view, or at least the middle of the view on it. */
function showsBoard(view: Box, content: Box): boolean {
  return wholly(view, content) || Box.ContainsPoint(content, view.center);
}

/** `content` inside `view`, edges included (Box.Contains leaves out a card at the view's very edge). */
function wholly(view: Box, content: Box): boolean {
  return content.minX >= view.minX && content.minY >= view.minY && content.maxX <= view.maxX && content.maxY <= view.maxY;
}

function sizeOf(editor: Editor): { w: number; h: number } {
  const { w, h } = editor.getViewportScreenBounds();
  return { w, h };
}

/**
 * Everything on the page (a new template board: the whole template), never closer than
 * 100 %: the first view, and the view kept when the canvas changes size. Far out, the cards'
 * level of detail keeps the titles readable.
 */
export function fitWholeBoard(editor: Editor): void {
  const content = editor.getCurrentPageBounds();
  if (content) editor.zoomToBounds(content, { targetZoom: 1, immediate: true });
}
