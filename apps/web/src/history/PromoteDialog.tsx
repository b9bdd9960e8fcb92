import { useId, useRef, type FormEvent } from 'react';
import type { Messages } from '../i18n/messages.ts';
import { useModalDialog } from '../panels/modal-dialog.ts';
import { SnapshotLabelFields } from './SnapshotLabelFields.tsx';

/** Owner only: a version becomes an archived snapshot, with a label and the names choice. Escape cancels. */
export function PromoteDialog({ t, busy, onSubmit, onClose }: { t: Messages; busy: boolean; onSubmit(event: FormEvent<HTMLFormElement>): void; onClose(): void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useModalDialog(dialog, busy ? undefined : onClose);
  return (
    <div className="dialog-backdrop" onClick={busy ? undefined : onClose}>
      <div ref={dialog} className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} onClick={(event) => event.stopPropagation()}>
        <h2 id={titleId}>{t.history.promoteTitle}</h2>
        <p>{t.history.promoteIntro}</p>
        <form onSubmit={onSubmit}>
          <SnapshotLabelFields t={t} autoFocus />
          <div className="row">
            <button type="button" className="secondary" onClick={onClose} disabled={busy}>
              {t.history.cancel}
            </button>
            <button type="submit" disabled={busy}>
              {busy ? t.creating : t.history.promote}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
