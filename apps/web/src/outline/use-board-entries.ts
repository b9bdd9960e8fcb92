import { useComputed, useValue, type Editor, type TLRecord } from 'tldraw';
import { cardCommentType } from '@koppelbord/board-model';
import { sameEntries, type OutlineEntry } from './outline-entries.ts';

/**
 * A section's entries, derived live from the board's shapes and bindings (what cards there
 * are and how arrows link them), its document (the revealed voting rounds are kept in its
 * meta) and the comments on cards. Compared by content, so moving a card around on the canvas
 * does not redraw the lists (or move a screen reader's place in them).
 */
export function useBoardEntries(editor: Editor, derive: (records: readonly TLRecord[]) => OutlineEntry[]): OutlineEntry[] {
  return useValue(
    useComputed(
      'outline entries',
      () =>
        derive([
          ...editor.store.query.records('shape').get(),
          ...editor.store.query.records('binding').get(),
          ...editor.store.query.records('document').get(),
          ...editor.store.query.records(cardCommentType).get(),
        ]),
      { isEqual: sameEntries },
      [editor, derive],
    ),
  );
}
