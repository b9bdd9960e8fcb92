import { useId, useRef, type ReactNode } from 'react';
import { useModalDialog } from '../panels/modal-dialog.ts';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  /** Red: the action removes or replaces something. */
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onClose(): void;
}

/** Asks before an action that others see or that cannot be taken back. Escape cancels; focus returns to the opener. */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, danger = false, busy = false, onConfirm, onClose }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useModalDialog(dialog, busy ? undefined : onClose);
  return (
    <div className="dialog-backdrop" onClick={busy ? undefined : onClose}>
      <div ref={dialog} className="dialog" role="alertdialog" aria-modal="true" aria-labelledby={titleId} onClick={(event) => event.stopPropagation()}>
        <h2 id={titleId}>{title}</h2>
        {children}
        <div className="row">
          {/* Cancel first: it is where focus lands, so Enter right away changes nothing. */}
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {cancelLabel}
          </button>
          <button type="button" className={danger ? 'danger' : undefined} onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
