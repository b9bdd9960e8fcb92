import { useEffect, useState } from 'react';
import type { Messages } from '../i18n/messages.ts';
import type { AuditLogEntry } from '@koppelbord/contract';
import { fetchAuditLog } from '../sync/snapshots-api.ts';
import { describeActor, formatTime } from './describe.ts';

/** What an entry says in words: known actions by their message, others by their name (a newer server's). */
function describeAction(entry: AuditLogEntry, t: Messages): string {
  const detail = typeof entry.detail === 'object' && entry.detail !== null ? (entry.detail as Record<string, unknown>) : {};
  const label = typeof detail.label === 'string' ? detail.label : '';
  if (entry.action === 'snapshot.delete') return detail.kind === 'version' ? t.history.audit.versionDeleted(label) : t.history.audit.snapshotDeleted(label);
  return entry.action;
}

/**
 * Owner only: the board's audit log (who deleted which snapshot, and when), read when the
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
            <li key={`${entry.at}-${index}`}>
              <time dateTime={entry.at}>{formatTime(entry.at, t)}</time> — {describeAction(entry, t)} ({describeActor(entry.actor, t)})
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
