import { createCustomRecordId, type Editor } from 'tldraw';
import {
  cardCommentType,
  commentCount,
  commentsOf,
  editedComment,
  newComment,
  reopenedComment,
  resolvedComment,
  type CardComment,
  type CardCommentId,
  type CommentAuthor,
  type CommentCount,
} from '@koppelbord/board-model';

/**
 * The comment commands of the card panel: each writes one `card-comment` record to the
 * store, which syncs like any other record. They stay out of the undo stack: Ctrl+Z on the
 * board undoes the last change to the board, not a comment written minutes ago in the panel.
 *
 * A record the store's validator would refuse is not written: a refused write replaces the
 * participant's board with tldraw's crash screen. The form checks the text first
 * (`commentTextProblem`), so `false` here means something else changed meanwhile.
 */

function put(editor: Editor, comment: CardComment): boolean {
  try {
    editor.store.schema.types[cardCommentType]!.validate(comment);
  } catch {
    return false;
  }
  editor.run(() => editor.store.put([comment]), { history: 'ignore' });
  return true;
}

function current(editor: Editor, id: CardCommentId): CardComment | undefined {
  return editor.store.get(id);
}

export function addComment(editor: Editor, cardId: string, author: CommentAuthor, text: string): boolean {
  const id = createCustomRecordId(cardCommentType) as CardCommentId;
  return put(editor, newComment({ id, cardId, author, text, now: Date.now() }));
}

export function editComment(editor: Editor, id: CardCommentId, text: string): boolean {
  const comment = current(editor, id);
  return comment !== undefined && put(editor, editedComment(comment, text, Date.now()));
}

export function setCommentResolved(editor: Editor, id: CardCommentId, resolved: boolean, by: CommentAuthor): boolean {
  const comment = current(editor, id);
  if (!comment) return false;
  return put(editor, resolved ? resolvedComment(comment, by, Date.now()) : reopenedComment(comment));
}

export function deleteComment(editor: Editor, id: CardCommentId): void {
  editor.run(() => editor.store.remove([id]), { history: 'ignore' });
}

/** A card's thread, oldest first; read inside a tracked context (useValue, a computed), it follows every change to it. */
export function cardThread(editor: Editor, cardId: string): CardComment[] {
  const ids = editor.store.query.index(cardCommentType, 'cardId').get().get(cardId);
  if (!ids) return [];
  return commentsOf(
    [...ids].flatMap((id) => {
      const record = editor.store.get(id);
      return record ? [record] : [];
    }),
    cardId,
  );
}

/** A card's count, for its face: the same thread, counted. */
export function cardCommentCount(editor: Editor, cardId: string): CommentCount {
  return commentCount(cardThread(editor, cardId));
}
