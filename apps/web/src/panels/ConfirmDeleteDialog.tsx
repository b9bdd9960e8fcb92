import {
  TldrawUiButton,
  TldrawUiButtonLabel,
  TldrawUiDialogBody,
  TldrawUiDialogCloseButton,
  TldrawUiDialogFooter,
  TldrawUiDialogHeader,
  TldrawUiDialogTitle,
} from 'tldraw';
import { cardKindLabels } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import type { DeletionSummary } from '../editor/deletion.ts';
import { messages } from '../i18n/messages.ts';

export interface ConfirmDeleteDialogProps {
  summary: DeletionSummary;
  locale: BoardLanguage;
  /** Delete (the default) or cut: the same question, worded for what is asked. */
  operation?: 'delete' | 'cut';
  onConfirm(): void;
  onClose(): void;
}

/**
 * Asks before a deletion (or a cut) that removes many cards or any scaffolding for everyone.
 * A tldraw dialog: Escape and the close button cancel, and focus goes back to the canvas.
 * Confirming calls `onConfirm` before `onClose`, so whoever waits on the close knows the answer.
 */
export function ConfirmDeleteDialog({ summary, locale, operation = 'delete', onConfirm, onClose }: ConfirmDeleteDialogProps) {
  const t = messages[locale].deleteConfirm;
  const cut = operation === 'cut';
  return (
    <>
      <TldrawUiDialogHeader>
        <TldrawUiDialogTitle>{cut ? t.cutTitle : t.title}</TldrawUiDialogTitle>
        <TldrawUiDialogCloseButton />
      </TldrawUiDialogHeader>
      <TldrawUiDialogBody>
        <p>{t.intro}</p>
        <ul className="deletion-summary">
          {summary.cards.map(({ kind, count }) => (
            <li key={kind} data-deleted-kind={kind}>
              {t.cardCount(count, cardKindLabels[kind][locale])}
            </li>
          ))}
          {summary.scaffold > 0 && <li data-deleted-kind="scaffold">{t.scaffold(summary.scaffold)}</li>}
        </ul>
        <p>{cut ? t.cutHint : t.undoHint}</p>
      </TldrawUiDialogBody>
      <TldrawUiDialogFooter className="tlui-dialog__footer__actions">
        <TldrawUiButton type="normal" onClick={onClose}>
          <TldrawUiButtonLabel>{t.cancel}</TldrawUiButtonLabel>
        </TldrawUiButton>
        <TldrawUiButton
          type="danger"
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          <TldrawUiButtonLabel>{cut ? t.cutConfirm : t.confirm}</TldrawUiButtonLabel>
        </TldrawUiButton>
      </TldrawUiDialogFooter>
    </>
  );
}
