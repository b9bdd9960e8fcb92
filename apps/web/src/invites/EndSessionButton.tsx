import { useState } from 'react';
import { ConfirmDialog } from '../history/ConfirmDialog.tsx';
import type { Messages } from '../i18n/messages.ts';
import { endSession } from '../sync/invites-api.ts';

export interface EndSessionButtonProps {
  boardId: string;
  token: string;
  name: string;
  /** Read at the click: the presence ids of this participant's tabs now (each is its own connection). */
  clientIds(): number[];
  t: Messages;
}

/** Owner only: ends one participant's session (all their open tabs), after asking. Their link keeps working. */
export function EndSessionButton({ boardId, token, name, clientIds, t }: EndSessionButtonProps) {
  const e = t.endSession;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const confirm = () => {
    setBusy(true);
    setError(undefined);
    Promise.all(clientIds().map((id) => endSession(boardId, token, id)))
      .then(
        () => setAsking(false),
        (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <>
      <button type="button" className="secondary small" aria-label={e.button(name)} title={e.button(name)} onClick={() => setAsking(true)}>
        {e.short}
      </button>
      {asking && (
        <ConfirmDialog title={e.title(name)} confirmLabel={e.confirm} cancelLabel={t.deleteConfirm.cancel} danger busy={busy} onConfirm={confirm} onClose={() => setAsking(false)}>
          <p>{e.text}</p>
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
