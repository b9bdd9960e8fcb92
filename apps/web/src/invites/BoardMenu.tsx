import { useState } from 'react';
import { forgetBoard } from '../device/storage.ts';
import { ConfirmDialog } from '../history/ConfirmDialog.tsx';
import type { Messages } from '../i18n/messages.ts';
import { deferred, DeferredPart } from '../lazy/deferred.tsx';
import { deleteBoard, renameBoard } from '../sync/invites-api.ts';

// With the title's rule from the contract (and its schema library): fetched when it opens.
const RenameDialog = deferred('RenameDialog', () => import('./RenameDialog.tsx').then((module) => module.RenameDialog));

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
        <DeferredPart t={t} quiet>
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
        </DeferredPart>
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
