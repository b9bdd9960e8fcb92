import type { SnapshotChangeSummary } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { changeGroups } from './describe.ts';

/** What changed since the previous snapshot or version: every title listed under its kind of change. */
export function ChangeList({ changes, t }: { changes: SnapshotChangeSummary; t: Messages }) {
  const groups = changeGroups(changes, t);
  return (
    <details className="snapshot-changes" open={groups.length > 0}>
      <summary>{t.history.changes.heading}</summary>
      {groups.length === 0 ? (
        <p className="hint">{t.history.changes.none}</p>
      ) : (
        <dl>
          {groups.map((group) => (
            <div key={group.key} data-change={group.key}>
              <dt>{group.heading}</dt>
              <dd>
                <ul>
                  {group.titles.map((title, index) => (
                    <li key={`${index}-${title}`}>{title}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </details>
  );
}
