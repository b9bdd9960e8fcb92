import { catalogueLabel } from '@koppelbord/board-model';
import type { Awareness } from 'y-protocols/awareness';
import type { BoardLanguage } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { useParticipants } from './use-participants.ts';

/** Everyone on the board with the domain or organisation they speak for; viewers marked as such. */
export function ParticipantList({ awareness, locale, t }: { awareness: Awareness; locale: BoardLanguage; t: Messages }) {
  const list = useParticipants(awareness);
  return (
    <section className="participants" aria-label={t.tabs.participants}>
      <h2>{t.tabs.participants}</h2>
      <ul>
        {list.map((row) => (
          <li key={row.userId} data-participant={row.name}>
            <span className="dot" style={{ background: row.colour }} aria-hidden="true" />
            <span className="name">{row.name}</span>
            {row.speaksFor && <span className="speaks-for">{catalogueLabel(row.speaksFor, locale)}</span>}
            {row.role === 'viewer' && <span className="role-badge">{t.participants.viewer}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
