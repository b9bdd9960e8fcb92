import type { ComputedCache, Editor, TLShape } from 'tldraw';
import type { CommentCount } from '@koppelbord/board-model';
import { cardCommentCount } from '../editor/card-comments.ts';
import { messages } from '../i18n/messages.ts';
import { shapeLocale } from './shape-locale.ts';

/** What a card shows of its thread: the count, and its text name for screen readers ("3 opmerkingen, 1 open"). */
export interface CommentBadge extends CommentCount {
  label: string;
}

const caches = new WeakMap<Editor, ComputedCache<CommentCount, TLShape>>();

/**
 * A card's comment count, through a cache per card: a card is drawn again when its own count
 * changes, not whenever any comment on the board does, nor when the card itself only moves.
 * Undefined while the card has no comments (the card shows nothing then).
 */
export function commentBadge(editor: Editor, shape: TLShape): CommentBadge | undefined {
  let cache = caches.get(editor);
  if (!cache) {
    cache = editor.store.createComputedCache<CommentCount, TLShape>('card comment count', (card) => cardCommentCount(editor, card.id), {
      areRecordsEqual: (a, b) => a.id === b.id,
      areResultsEqual: (a, b) => a.total === b.total && a.open === b.open,
    });
    caches.set(editor, cache);
  }
  const count = cache.get(shape.id);
  if (!count || count.total === 0) return undefined;
  return { ...count, label: messages[shapeLocale(editor)].comments.count(count.total, count.open) };
}
