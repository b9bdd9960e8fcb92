import { react, type Editor } from 'tldraw';

/**
 * Below this zoom a card's small print is a few pixels high and unreadable, yet drawing it is
 * most of what panning a zoomed-out board costs (bench:web). Cards then show their title alone,
 * in large type, and their colours: the domain edge and a tint of it, the chips and the
 * quadrant-class badge.
 */
export const farZoom = 0.3;

/** How large a far title is on screen (CSS px), as long as it fits the card at all. */
const farTitleOnScreen = 11;
/** Its largest size on the card: beyond it a domain name no longer fits in two lines. */
const farTitleLargest = 48;
/** Sizes go in steps, so zooming in and out redraws the titles only now and then. */
const farTitleStep = 4;

/**
 * Keeps the `kb-far` class on the editor's container while zoomed out below `farZoom`, and the
 * far titles' size (`--kb-far-title`, styles.css) such that they stay readable on screen: the
 * zoom that fits the whole starter template on a laptop lies just below `farZoom`.
 */
export function followLevelOfDetail(editor: Editor): () => void {
  return react('card level of detail', () => {
    const zoom = editor.getEfficientZoomLevel();
    const far = zoom < farZoom;
    const container = editor.getContainer();
    container.classList.toggle('kb-far', far);
    const title = Math.min(farTitleLargest, Math.ceil(farTitleOnScreen / zoom / farTitleStep) * farTitleStep);
    if (far) container.style.setProperty('--kb-far-title', `${title}px`);
    else container.style.removeProperty('--kb-far-title');
  });
}
