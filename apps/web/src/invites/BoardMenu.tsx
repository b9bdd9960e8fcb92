import { useRef, useState, type FormEvent } from 'react';
import { renameBoardInput } from '@koppelbord/contract';
import { forgetBoard } from '../device/storage.ts';
import { ConfirmDialog } from '../history/ConfirmDialog.tsx';
import type { Messages } from '../i18n/messages.ts';
import { useModalDialog } from '../panels/modal-dialog.ts';
import { deleteBoard, renameBoard } from '../sync/invites-api.ts';

export interface BoardMenuProps {
  boardId: string;
  token: string;
  title: string;
  t: Messages;
  /** The server took the new title; the page shows it (and passes it on to everyone connected). */
  onRenamed(title: string): void;
}

/** Owner only (the server refuses others): rename the board, or delete it after asking. */
export function BoardMenu({ boardId, token, title, t, onRenamed }: BoardMenuProps) {
  const m = t.boardMenu;
  const [open, setOpen] = useState<'rename' | 'delete' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const fail = (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason));
  const close = () => {
    setOpen(null);
    setError(undefined);
  };

  const remove = () => {
    setBusy(true);
    deleteBoard(boardId, token).then(
      () => {
        forgetBoard(boardId);
        location.assign('/');
      },
      (reason: unknown) => {
        setBusy(false);
        fail(reason);
      },
    );
  };

  return (
    <>
      <button type="button" className="secondary" onClick={() => setOpen('rename')}>
        {m.rename}
      </button>
      <button type="button" className="secondary danger" onClick={() => setOpen('delete')}>
        {m.delete}
      </button>
      {open === 'rename' && (
        <RenameDialog
          title={title}
          t={t}
          busy={busy}
          error={error}
          onClose={close}
          onSave={(next) => {
            setBusy(true);
            setError(undefined);
            renameBoard(boardId, token, { title: next })
              .then((board) => {
                onRenamed(board.title);
                close();
              }, fail)
              .finally(() => setBusy(false));
          }}
        />
      )}
      {open === 'delete' && (
        <ConfirmDialog title={m.deleteTitle(title)} confirmLabel={m.deleteConfirm} cancelLabel={t.deleteConfirm.cancel} danger busy={busy} onConfirm={remove} onClose={close}>
          <p>{m.deleteText}</p>
          {error && (
            <p role="alert" className="error">
              {t.errorPrefix} {error}
            </p>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

function RenameDialog({ title, t, busy, error, onClose, onSave }: { title: string; t: Messages; busy: boolean; error: string | undefined; onClose(): void; onSave(title: string): void }) {
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
