import { useCallback, useRef, useState } from 'react';
import type { BoardLinks } from '@koppelbord/contract';
import { storedShareLinks, storeShareLinks } from '../device/storage.ts';
import type { Messages } from '../i18n/messages.ts';
import { InviteManager } from '../invites/index.ts';
import { DeferredPart } from '../lazy/deferred.tsx';
import { fetchShareLinks } from '../sync/boards-api.ts';
import { CopyLink } from './CopyLink.tsx';
import { useModalDialog } from './modal-dialog.ts';

/**
 * Owner only: the editor link and the viewer link, and below them the invite links (labelled,
 * with an expiry, revocable) and the owner link's replacement. The two quick links are the
 * ones last made for this board on this device; new ones are made only on request.
 */
export function ShareDialog({ boardId, token, t, onClose, onOwnerToken }: { boardId: string; token: string; t: Messages; onClose(): void; onOwnerToken(token: string): void }) {
  const [links, setLinks] = useState<BoardLinks | undefined>(() => storedShareLinks(boardId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // While a confirm dialog is open over this one, Escape is that dialog's.
  const [nested, setNested] = useState(false);
  const onNested = useCallback((open: boolean) => setNested(open), []);
  const dialog = useRef<HTMLDivElement>(null);
  useModalDialog(dialog, nested ? undefined : onClose);

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
    <div className="dialog-backdrop" onClick={nested ? undefined : onClose}>
      <div ref={dialog} className="dialog share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title" onClick={(event) => event.stopPropagation()}>
        <h2 id="share-title">{t.shareTitle}</h2>
        {error && <p role="alert" className="error">{`${t.errorPrefix} ${error}`}</p>}
        <div className="share-links">
        {links ? (
          <>
            <CopyLink label={t.editLink} link={links.edit} t={t} />
            <CopyLink label={t.viewLink} link={links.view} t={t} />
          </>
        ) : (
          <p className="hint">{t.sharing.noLinksYet}</p>
        )}
        <p className="hint">{t.sharing.oldLinksKeepWorking}</p>
        <button type="button" className="secondary" onClick={makeLinks} disabled={busy}>
          {busy ? t.creating : t.sharing.newLinks}
        </button>
        </div>
        <DeferredPart t={t}>
          <InviteManager boardId={boardId} token={token} t={t} onOwnerToken={onOwnerToken} onNested={onNested} />
        </DeferredPart>
        <div className="row">
          <button type="button" onClick={onClose}>
            {t.close}
          </button>
        </div>
      </div>
    </div>
  );
}
