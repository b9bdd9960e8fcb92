import { cardKindLabels } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { ConfirmDialog } from '../history/ConfirmDialog.tsx';
import type { Messages } from '../i18n/messages.ts';
import type { OutlineKind } from './outline-controls.ts';

export interface DeleteCardDialogProps {
  kind: OutlineKind;
  name: string;
  t: Messages;
  locale: BoardLanguage;
  onConfirm(): void;
  onClose(): void;
}

/**
 * The outline always asks before deleting: the card goes for everyone, and in a list one does
 * not see it go. Worded as the canvas's question (deleteConfirm); Cancel has the focus.
 */
export function DeleteCardDialog({ kind, name, t, locale, onConfirm, onClose }: DeleteCardDialogProps) {
  const words = t.deleteConfirm;
  return (
    <ConfirmDialog title={words.title} confirmLabel={words.confirm} cancelLabel={words.cancel} danger onConfirm={onConfirm} onClose={onClose}>
      <p>{words.intro}</p>
      <ul className="deletion-summary">
        <li>{`${cardKindLabels[kind][locale]}: ${name}`}</li>
      </ul>
      <p>{t.outline.deleteHint}</p>
    </ConfirmDialog>
  );
}
