import type { Editor, TLShapeId } from 'tldraw';
import type { BoardLanguage } from '@koppelbord/contract';
import type { CommentAuthor } from '@koppelbord/board-model';
import type { Messages } from '../i18n/messages.ts';
import type { OutlineEntry } from './outline-entries.ts';

/** The kinds of card the outline lists, each in its own section. */
export type OutlineKind = 'domain' | 'organisation' | 'opportunity' | 'plan';

/** What every section needs from the outline: the editor, the words, and the actions it shares with the others. */
export interface OutlineControls {
  editor: Editor;
  locale: BoardLanguage;
  t: Messages;
  /** Who acts: whose votes the vote buttons cast, who writes a comment. */
  participant: CommentAuthor;
  /** A viewer's (or blocked) board: lists only, nothing to add, edit or delete. */
  readOnly: boolean;
  /** The card whose fields are open (one at a time), and whether they take the focus (just added). */
  editing: { id: TLShapeId; focus: boolean } | null;
  setEditing(next: { id: TLShapeId; focus: boolean } | null): void;
  add(kind: OutlineKind): void;
  askDelete(entry: OutlineEntry): void;
}
