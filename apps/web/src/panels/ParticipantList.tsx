import { catalogueLabel } from '@koppelbord/board-model';
import type { Awareness } from 'y-protocols/awareness';
import type { BoardLanguage } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { EndSessionButton } from '../invites/index.ts';
import type { PresenceState } from '../sync/presence.ts';
import { useParticipants } from './use-participants.ts';

/** The presence ids of one participant's tabs (one participant may be connected several times). */
function clientIdsOf(awareness: Awareness, userId: string): number[] {
  const ids: number[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if ((state as Partial<PresenceState>).presence?.userId === userId) ids.push(clientId);
  }
  return ids;
}

/**
 * Everyone on the board with the domain or organisation they speak for; viewers marked as such.
 * The owner (`manage`) can end another participant's session from here.
 */
export function ParticipantList({ awareness, locale, t, manage }: { awareness: Awareness; locale: BoardLanguage; t: Messages; manage?: { boardId: string; token: string } }) {
  const list = useParticipants(awareness);
  const ownUserId = (awareness.getLocalState() as Partial<PresenceState> | null)?.presence?.userId;
  return (
    <section className="participants" aria-label={t.tabs.participants}>
      <ul>
        {list.map((row) => (
          <li key={row.userId} data-participant={row.name}>
            <span className="dot" style={{ background: row.colour }} aria-hidden="true" />
            <span className="name">{row.name}</span>
            {row.speaksFor && <span className="speaks-for">{catalogueLabel(row.speaksFor, locale)}</span>}
            {row.role === 'viewer' && <span className="role-badge">{t.participants.viewer}</span>}
            {manage && row.userId !== ownUserId && (
              <EndSessionButton boardId={manage.boardId} token={manage.token} name={row.name} clientIds={() => clientIdsOf(awareness, row.userId)} t={t} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
