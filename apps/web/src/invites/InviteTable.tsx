import type { InviteRole, InviteSummary } from '@koppelbord/contract';
import { formatTime } from '../history/describe.ts';
import type { Messages } from '../i18n/messages.ts';

export interface InviteTableProps {
  invites: InviteSummary[];
  t: Messages;
  busyId: string | undefined;
  onRole(invite: InviteSummary, role: InviteRole): void;
  onRevoke(invite: InviteSummary): void;
}

const otherRole = (role: InviteRole): InviteRole => (role === 'editor' ? 'viewer' : 'editor');

/** The board's links: role, label, expiry, uses, last use and connections now; open ones can change role or be revoked. */
export function InviteTable({ invites, t, busyId, onRole, onRevoke }: InviteTableProps) {
  const i = t.invites;
  if (invites.length === 0) return <p className="hint">{i.none}</p>;
  const now = Date.now();
  return (
    <table className="invite-table">
      <caption>{i.listHeading}</caption>
      <thead>
        <tr>
          <th scope="col">{i.columns.label}</th>
          <th scope="col">{i.columns.role}</th>
          <th scope="col">{i.columns.expires}</th>
          <th scope="col">{i.columns.uses}</th>
          <th scope="col">{i.columns.lastUse}</th>
          <th scope="col">{i.columns.connected}</th>
          <th scope="col">{i.columns.actions}</th>
        </tr>
      </thead>
      <tbody>
        {invites.map((invite) => {
          const expired = invite.expiresAt !== null && Date.parse(invite.expiresAt) <= now;
          const open = invite.revokedAt === null && !expired;
          const next = otherRole(invite.role);
          return (
            <tr key={invite.id} data-invite={invite.label} data-invite-state={invite.revokedAt ? 'revoked' : expired ? 'expired' : 'open'}>
              <th scope="row">{invite.label}</th>
              <td>{i.roles[invite.role]}</td>
              <td>
                {invite.revokedAt ? i.revokedOn(formatTime(invite.revokedAt, t)) : expired ? i.expired : invite.expiresAt ? formatTime(invite.expiresAt, t) : i.noExpiryShort}
              </td>
              <td data-invite-uses>{invite.uses}</td>
              <td>{invite.lastUsedAt ? formatTime(invite.lastUsedAt, t) : i.never}</td>
              <td data-invite-connected>{invite.connected}</td>
              <td>
                {open && (
                  <span className="row">
                    <button type="button" className="secondary" disabled={busyId === invite.id} aria-label={i.changeRole(invite.label, next === 'viewer' ? i.makeViewer : i.makeEditor)} onClick={() => onRole(invite, next)}>
                      {next === 'viewer' ? i.makeViewer : i.makeEditor}
                    </button>
                    <button type="button" className="danger" disabled={busyId === invite.id} aria-label={i.revokeLabel(invite.label)} onClick={() => onRevoke(invite)}>
                      {i.revoke}
                    </button>
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
