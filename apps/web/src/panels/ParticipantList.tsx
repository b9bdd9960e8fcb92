import { useEffect, useState } from 'react';
import { catalogueLabel } from '@koppelbord/board-model';
import type { Awareness } from 'y-protocols/awareness';
import type { BoardLanguage } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import type { PresenceState } from '../sync/presence.ts';

interface Row {
  clientId: number;
  name: string;
  colour: string;
  speaksFor: string;
}

function rows(awareness: Awareness): Row[] {
  const result: Row[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const { presence, speaksFor } = state as Partial<PresenceState>;
    if (presence) result.push({ clientId, name: presence.userName, colour: presence.color, speaksFor: speaksFor ?? '' });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name));
}

function sameRows(a: Row[], b: Row[]): boolean {
  return a.length === b.length && a.every((row, index) => {
    const other = b[index];
    return other !== undefined && row.clientId === other.clientId && row.name === other.name && row.colour === other.colour && row.speaksFor === other.speaksFor;
  });
}

/** Everyone on the board with the domain or organisation they speak for. */
export function ParticipantList({ awareness, locale, t }: { awareness: Awareness; locale: BoardLanguage; t: Messages }) {
  const [list, setList] = useState(() => rows(awareness));
  useEffect(() => {
    // Awareness changes with every cursor move and camera pan; re-render only when the list does.
    const update = () => {
      const next = rows(awareness);
      setList((current) => (sameRows(current, next) ? current : next));
    };
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return (
    <section className="participants" aria-label={t.tabs.participants}>
      <h2>{t.tabs.participants}</h2>
      <ul>
        {list.map((row) => (
          <li key={row.clientId}>
            <span className="dot" style={{ background: row.colour }} aria-hidden="true" />
            <span className="name">{row.name}</span>
            {row.speaksFor && <span className="speaks-for">{catalogueLabel(row.speaksFor, locale)}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
