import { useRef, useState, type FormEvent } from 'react';
import { renameBoardInput } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { useModalDialog } from '../panels/modal-dialog.ts';

export interface RenameDialogProps {
  title: string;
  t: Messages;
  busy: boolean;
  error: string | undefined;
  onClose(): void;
  onSave(title: string): void;
}

/** The owner's new title for the board, checked by the contract's rule before it is sent. */
export function RenameDialog({ title, t, busy, error, onClose, onSave }: RenameDialogProps) {
  const m = t.boardMenu;
  const dialog = useRef<HTMLDivElement>(null);
  const [value, setValue] = useState(title);
  useModalDialog(dialog, busy ? undefined : onClose);
  const valid = renameBoardInput.safeParse({ title: value }).success;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) onSave(value.trim());
  };
  return (
    <div className="dialog-backdrop" onClick={busy ? undefined : onClose}>
      <div ref={dialog} className="dialog" role="dialog" aria-modal="true" aria-labelledby="rename-title" onClick={(event) => event.stopPropagation()}>
        <h2 id="rename-title">{m.renameTitle}</h2>
        <form onSubmit={submit}>
          <label>
            {m.newTitle}
            <input name="board-title" autoFocus required value={value} onChange={(event) => setValue(event.target.value)} />
          </label>
          {error && (
            <p role="alert" className="error">
              {t.errorPrefix} {error}
            </p>
          )}
          <div className="row">
            <button type="button" className="secondary" onClick={onClose} disabled={busy}>
              {t.deleteConfirm.cancel}
            </button>
            <button type="submit" disabled={busy || !valid}>
              {m.save}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
