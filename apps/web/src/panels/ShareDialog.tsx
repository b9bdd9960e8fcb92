import { useRef, useState } from 'react';
import type { BoardLinks } from '@koppelbord/contract';
import { storedShareLinks, storeShareLinks } from '../device/storage.ts';
import type { Messages } from '../i18n/messages.ts';
import { fetchShareLinks } from '../sync/boards-api.ts';
import { CopyLink } from './CopyLink.tsx';
import { useModalDialog } from './modal-dialog.ts';

/**
 * Owner only: the editor link and the viewer link. It shows the links last made for this
 * board on this device; new ones are made only on request (every link stays valid, so
 * making them on each opening would only multiply the links in circulation).
 */
export function ShareDialog({ boardId, token, t, onClose }: { boardId: string; token: string; t: Messages; onClose(): void }) {
  const [links, setLinks] = useState<BoardLinks | undefined>(() => storedShareLinks(boardId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const dialog = useRef<HTMLDivElement>(null);
  useModalDialog(dialog, onClose);

  const makeLinks = () => {
    setBusy(true);
    setError(undefined);
    fetchShareLinks(boardId, token)
      .then(
        (fresh) => {
          storeShareLinks(boardId, fresh);
          setLinks(fresh);
        },
        (reason: unknown) => setError(String(reason instanceof Error ? reason.message : reason)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div ref={dialog} className="dialog" role="dialog" aria-modal="true" aria-labelledby="share-title" onClick={(event) => event.stopPropagation()}>
        <h2 id="share-title">{t.shareTitle}</h2>
        {error && <p role="alert" className="error">{`${t.errorPrefix} ${error}`}</p>}
        {links ? (
          <>
            <CopyLink label={t.editLink} link={links.edit} t={t} />
            <CopyLink label={t.viewLink} link={links.view} t={t} />
          </>
        ) : (
          <p className="hint">{t.sharing.noLinksYet}</p>
        )}
        <p className="hint">{t.sharing.oldLinksKeepWorking}</p>
        <div className="row">
          <button type="button" className="secondary" onClick={makeLinks} disabled={busy}>
            {busy ? t.creating : t.sharing.newLinks}
          </button>
          <button type="button" onClick={onClose}>
            {t.close}
          </button>
        </div>
      </div>
    </div>
  );
}
