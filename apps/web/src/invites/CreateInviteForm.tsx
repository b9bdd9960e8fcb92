import { useId, useState, type FormEvent } from 'react';
import { inviteRoles, inviteTextLimits, type CreatedInvite, type InviteRole } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { createInvite } from '../sync/invites-api.ts';

/** The expiries offered; 14 days is the server's default (`INVITE_TTL_DAYS`). */
const expiryChoices = [1, 7, 14, 30, 90] as const;
const defaultExpiry = 14;
const noExpiry = 'none';

/**
 * A new editor or viewer link with a label and an expiry. "No expiry" is offered for viewer
 * links only; whether the server allows it is its call (its refusal is shown as it words it).
 */
export function CreateInviteForm({ boardId, token, t, onCreated }: { boardId: string; token: string; t: Messages; onCreated(invite: CreatedInvite): void }) {
  const i = t.invites;
  const id = useId();
  const [label, setLabel] = useState('');
  const [role, setRole] = useState<InviteRole>('editor');
  const [expiry, setExpiry] = useState<string>(String(defaultExpiry));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const chooseRole = (next: InviteRole) => {
    setRole(next);
    if (next !== 'viewer' && expiry === noExpiry) setExpiry(String(defaultExpiry));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = label.trim();
    if (!trimmed) return;
    setBusy(true);
    setError(undefined);
    createInvite(boardId, token, { role, label: trimmed, expiresInDays: expiry === noExpiry ? null : Number(expiry) })
      .then(
        (invite) => {
          setLabel('');
          onCreated(invite);
        },
        (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form className="invite-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{i.heading}</h3>
      <p className="hint">{i.intro}</p>
      <div className="row">
        <label>
          {i.label}
          <input name="invite-label" required maxLength={inviteTextLimits.label} placeholder={i.labelPlaceholder} value={label} onChange={(event) => setLabel(event.target.value)} />
        </label>
        <label htmlFor={`${id}-role`}>{i.role}</label>
        <select id={`${id}-role`} name="invite-role" value={role} onChange={(event) => chooseRole(event.target.value as InviteRole)}>
            {inviteRoles.map((name) => (
              <option key={name} value={name}>
                {i.roles[name]}
              </option>
            ))}
        </select>
        <label htmlFor={`${id}-expiry`}>{i.expiry}</label>
        <select id={`${id}-expiry`} name="invite-expiry" value={expiry} onChange={(event) => setExpiry(event.target.value)} aria-describedby={role === 'viewer' ? `${id}-no-expiry` : undefined}>
            {expiryChoices.map((days) => (
              <option key={days} value={String(days)}>
                {i.expiryDays(days)}
              </option>
            ))}
            {role === 'viewer' && <option value={noExpiry}>{i.noExpiry}</option>}
        </select>
        <button type="submit" disabled={busy || !label.trim()}>
          {busy ? i.creating : i.create}
        </button>
      </div>
      {role === 'viewer' && (
        <p id={`${id}-no-expiry`} className="hint">
          {i.noExpiryHint}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {t.errorPrefix} {error}
        </p>
      )}
    </form>
  );
}
