import type { AccessEndReason } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';

/** Why this page can no longer show the board: a reason the server named, or a link refused on opening. */
export type AccessEndCause = AccessEndReason | 'refused';

/**
 * A full-page message (not a toast: nothing else is left to do on this page) saying in plain
 * words why the board went away, and what the participant can do about it.
 */
export function AccessEnded({ cause, t }: { cause: AccessEndCause; t: Messages }) {
  const a = t.accessEnded;
  const next = cause === 'ended' ? a.rejoin : cause === 'boardDeleted' ? null : a.askOwner;
  return (
    <div role="alert" className="centered access-ended" data-access-ended={cause}>
      <h2>{a[cause]}</h2>
      {next && <p>{next}</p>}
      <p>
        <a href="/">{t.back}</a>
      </p>
    </div>
  );
}
