import { useEffect, useState } from 'react';
import type { Messages } from '../i18n/messages.ts';
import type { AuditLogEntry } from '@koppelbord/contract';
import { fetchAuditLog } from '../sync/snapshots-api.ts';
import { describeActor, formatTime } from './describe.ts';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const roleWord = (value: unknown, t: Messages): string => (value === 'owner' || value === 'editor' || value === 'viewer' ? t.roles[value] : text(value));

/**
 * What an entry says in words: known actions by their message, others by their name (a newer
 * server's). Only the details the server wrote are used: labels, roles, titles, never a token.
 */
export function describeAction(entry: AuditLogEntry, t: Messages): string {
  const detail = entry.detail;
  const a = t.history.audit;
  const label = text(detail.label);
  switch (entry.action) {
    case 'snapshot.delete':
      return detail.kind === 'version' ? a.versionDeleted(label) : a.snapshotDeleted(label);
    case 'invite.create': {
      const expires = text(detail.expiresAt);
      return a.inviteCreated(label, roleWord(detail.role, t), expires ? a.expiresAt(formatTime(expires, t)) : a.noExpiry);
    }
    case 'invite.revoke':
      return a.inviteRevoked(label, typeof detail.closedConnections === 'number' ? detail.closedConnections : 0);
    case 'invite.role':
      return a.inviteRole(label, roleWord(detail.from, t), roleWord(detail.to, t));
    case 'owner.rotate':
      return a.ownerRotated;
    case 'board.rename':
      return a.boardRenamed(text(detail.from), text(detail.to));
    case 'board.delete':
      return a.boardDeleted(text(detail.title));
    case 'session.end':
      return a.sessionEnded(roleWord(detail.role, t), label);
    case 'voting.open':
      return t.voting.audit.opened(label);
    case 'voting.close':
      return t.voting.audit.closed(label);
    case 'voting.reveal':
      return t.voting.audit.revealed(label);
    case 'lock.change':
      return detail.locked === true ? a.locked : a.unlocked;
    case 'write.refused': {
      const reason = text(detail.reason);
      return a.writeRefused(a.refusedReasons[reason] ?? reason, typeof detail.count === 'number' ? detail.count : 1, label);
    }
    default:
      return entry.action;
  }
}

/** Who did it: the role (and name, if given), and the link they came in with. */
function describeWho(entry: AuditLogEntry, t: Messages): string {
  const via = text(entry.detail.actorInvite);
  const who = describeActor(entry.actor, t);
  return via ? `${who}, ${t.history.audit.viaInvite(via)}` : who;
}

/**
 * Owner only: the board's audit log (links, rights, deletions: who, with which link, and when), read when the
 * section is opened and again whenever `refreshKey` changes (after a deletion here).
 */
export function AuditLog({ boardId, token, t, refreshKey }: { boardId: string; token: string; t: Messages; refreshKey: number }) {
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<AuditLogEntry[]>();
  const [error, setError] = useState<string>();
  const a = t.history.audit;

  useEffect(() => {
    if (!open) return;
    let live = true;
    fetchAuditLog(boardId, token).then(
      (log) => {
        if (!live) return;
        setEntries([...log.entries].sort((x, y) => y.at.localeCompare(x.at)));
        setError(undefined);
      },
      (reason: unknown) => live && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      live = false;
    };
  }, [boardId, token, open, refreshKey]);

  return (
    <details className="audit-log" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{a.heading}</summary>
      <p className="hint">{a.intro}</p>
      {error && (
        <p role="alert" className="error">
          {t.errorPrefix} {error}
        </p>
      )}
      {open && !entries && !error && <p className="hint">{t.history.loading}</p>}
      {entries && entries.length === 0 && <p className="hint">{a.empty}</p>}
      {entries && entries.length > 0 && (
        <ul>
          {entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`} data-audit-action={entry.action}>
              <time dateTime={entry.at}>{formatTime(entry.at, t)}</time> — {describeAction(entry, t)} ({describeWho(entry, t)})
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
