import type { Editor, TLShapeId } from 'tldraw';
import { isScaffold, koppelShapeTypes, type KoppelShapeType } from '@koppelbord/board-model';
import { isCardType } from './add-cards.ts';

/**
 * What deleting a selection would remove for everyone on the board: tldraw deletes the
 * selected shapes with their descendants (a quadrant's opportunities go with it), and skips
 * locked ones.
 */
export interface DeletionSummary {
  /** Koppelkansen cards (and user-made quadrants) by kind, in the model's order; kinds with none are left out. */
  cards: { kind: KoppelShapeType; count: number }[];
  /** Template headings, the opportunities area, the template's quadrant and the legend. */
  scaffold: number;
  /** Every shape that goes, cards and scaffolding included. */
  total: number;
}

/**
 * More cards than this in one deletion is asked about first: one editor's Ctrl+A, Delete
 * removes them for everyone, and only that editor's undo brings them back.
 */
export const cardsDeletedWithoutAsking = 3;

export function deletionSummary(editor: Editor, ids: readonly TLShapeId[]): DeletionSummary {
  const counts = new Map<KoppelShapeType, number>();
  let scaffold = 0;
  let total = 0;
  for (const id of editor.getShapeAndDescendantIds([...ids])) {
    const shape = editor.getShape(id);
    if (!shape || editor.isShapeOrAncestorLocked(shape)) continue;
    total += 1;
    if (isScaffold(shape)) scaffold += 1;
    else if (isCardType(shape.type)) counts.set(shape.type, (counts.get(shape.type) ?? 0) + 1);
  }
  const cards = koppelShapeTypes.flatMap((kind) => {
    const count = counts.get(kind) ?? 0;
    return count > 0 ? [{ kind, count }] : [];
  });
  return { cards, scaffold, total };
}

/** Whether a deletion removes so much (or any scaffolding) that the editor asks first. */
export function deletionNeedsConfirmation(summary: DeletionSummary): boolean {
  const cards = summary.cards.reduce((sum, entry) => sum + entry.count, 0);
  return summary.scaffold > 0 || cards > cardsDeletedWithoutAsking;
}
