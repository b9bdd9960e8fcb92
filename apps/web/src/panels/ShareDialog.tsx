import { useEffect, useState } from 'react';
import type { BoardLinks } from '@koppelbord/contract';
import { fetchShareLinks } from '../sync/boards-api.ts';
import type { Messages } from '../i18n/messages.ts';
import { CopyLink } from './CopyLink.tsx';

/** Owner only: the editor link and the viewer link, fresh from the server. */
export function ShareDialog({ boardId, token, t, onClose }: { boardId: string; token: string; t: Messages; onClose(): void }) {
  const [links, setLinks] = useState<BoardLinks>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    fetchShareLinks(boardId, token).then(setLinks, (reason: unknown) => setError(String(reason instanceof Error ? reason.message : reason)));
  }, [boardId, token]);

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="share-title" onClick={(event) => event.stopPropagation()}>
        <h2 id="share-title">{t.shareTitle}</h2>
        {error && <p role="alert" className="error">{`${t.errorPrefix} ${error}`}</p>}
        {links && (
          <>
            <CopyLink label={t.editLink} link={links.edit} t={t} />
            <CopyLink label={t.viewLink} link={links.view} t={t} />
          </>
        )}
        <button type="button" onClick={onClose}>
          {t.close}
        </button>
      </div>
    </div>
  );
}
