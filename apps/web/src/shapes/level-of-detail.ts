import { react, type Editor } from 'tldraw';

/**
 * Below this zoom a card's small print is a few pixels high and unreadable, yet drawing it is
 * most of what panning a zoomed-out board costs (bench:web). Cards then show their title alone,
 * in large type (readable at the zoom that fits the whole starter template on a laptop), and
 * their colours: the domain edge and a tint of it, the chips and the quadrant-class badge.
 */
export const farZoom = 0.3;

/** Keeps the `kb-far` class on the editor's container while zoomed out below `farZoom`. */
export function followLevelOfDetail(editor: Editor): () => void {
  return react('card level of detail', () => {
    editor.getContainer().classList.toggle('kb-far', editor.getEfficientZoomLevel() < farZoom);
  });
}
