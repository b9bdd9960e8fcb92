import { useEffect, useState } from 'react';
import type { CreatedInvite, InviteRole, InviteSummary } from '@koppelbord/contract';
import { ConfirmDialog } from '../history/ConfirmDialog.tsx';
import type { Messages } from '../i18n/messages.ts';
import { CopyLink } from '../panels/CopyLink.tsx';
import { changeInviteRole, revokeInvite, rotateOwnerLink } from '../sync/invites-api.ts';
import { CreateInviteForm } from './CreateInviteForm.tsx';
import { InviteTable } from './InviteTable.tsx';
import { useInvites } from './use-invites.ts';

export interface InviteManagerProps {
  boardId: string;
  token: string;
  t: Messages;
  /** The owner link was replaced: the new token is the one this device uses from now on. */
  onOwnerToken(token: string): void;
  /** A confirm dialog is open over the share dialog (which must then leave Escape to it). */
  onNested(open: boolean): void;
}

type Asking = { kind: 'revoke'; invite: InviteSummary } | { kind: 'rotate' } | null;

/** Owner only (the server refuses others): make, list, re-role and revoke links, and replace the owner link. */
export function InviteManager({ boardId, token, t, onOwnerToken, onNested }: InviteManagerProps) {
  const i = t.invites;
  const { invites, error: listError, refresh } = useInvites(boardId, token);
  const [created, setCreated] = useState<CreatedInvite>();
  const [ownerUrl, setOwnerUrl] = useState<string>();
  const [asking, setAsking] = useState<Asking>(null);
  const [busyId, setBusyId] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => onNested(asking !== null), [asking, onNested]);

  const fail = (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason));
  const act = (id: string, work: Promise<unknown>) => {
    setBusyId(id);
    setError(undefined);
    work.then(refresh, fail).finally(() => setBusyId(undefined));
  };

  const changeRole = (invite: InviteSummary, role: InviteRole) => act(invite.id, changeInviteRole(boardId, token, invite.id, role));
  const confirm = () => {
    if (!asking) return;
    if (asking.kind === 'revoke') act(asking.invite.id, revokeInvite(boardId, token, asking.invite.id));
    else {
      setBusyId('owner');
      setError(undefined);
      rotateOwnerLink(boardId, token)
        .then((rotated) => {
          setOwnerUrl(rotated.url);
          onOwnerToken(rotated.ownerToken);
        }, fail)
        .finally(() => setBusyId(undefined));
    }
    setAsking(null);
  };

  return (
    <section className="invite-manager" aria-label={i.heading}>
      <CreateInviteForm
        boardId={boardId}
        token={token}
        t={t}
        onCreated={(invite) => {
          setCreated(invite);
          refresh();
        }}
      />
      {created && (
        <div className="invite-created">
          <p role="status">{i.created(created.label)}</p>
          <CopyLink label={i.newLink(created.label)} link={created.url} t={t} />
        </div>
      )}
      {(error ?? listError) && (
        <p role="alert" className="error">
          {t.errorPrefix} {error ?? listError}
        </p>
      )}
      {invites ? <InviteTable invites={invites} t={t} busyId={busyId} onRole={changeRole} onRevoke={(invite) => setAsking({ kind: 'revoke', invite })} /> : !listError && <p className="hint">{i.loading}</p>}
      <h3>{i.ownerHeading}</h3>
      <p className="hint">{i.ownerIntro}</p>
      {ownerUrl && <CopyLink label={i.rotated} link={ownerUrl} t={t} />}
      <button type="button" className="secondary" disabled={busyId === 'owner'} onClick={() => setAsking({ kind: 'rotate' })}>
        {i.rotate}
      </button>
      {asking?.kind === 'revoke' && (
        <ConfirmDialog title={i.revokeTitle(asking.invite.label)} confirmLabel={i.revoke} cancelLabel={t.deleteConfirm.cancel} danger onConfirm={confirm} onClose={() => setAsking(null)}>
          <p>{i.revokeText(asking.invite.connected)}</p>
        </ConfirmDialog>
      )}
      {asking?.kind === 'rotate' && (
        <ConfirmDialog title={i.rotateTitle} confirmLabel={i.rotate} cancelLabel={t.deleteConfirm.cancel} danger onConfirm={confirm} onClose={() => setAsking(null)}>
          <p>{i.rotateText}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
