import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@koppelbord/contract';
import type { PresenceState } from '../sync/presence.ts';

/** One participant at the board, as their tabs publish themselves. */
export interface ParticipantRow {
  /** tldraw's user id: one participant's tabs count once, as in tldraw's people menu. */
  userId: string;
  name: string;
  colour: string;
  speaksFor: string;
  role: Role | undefined;
}

function participantRows(awareness: Awareness): ParticipantRow[] {
  const byUser = new Map<string, ParticipantRow & { lastActivity: number }>();
  for (const state of awareness.getStates().values()) {
    const { presence, speaksFor, role } = state as Partial<PresenceState>;
    if (!presence) continue;
    const row = { userId: presence.userId, name: presence.userName, colour: presence.color, speaksFor: speaksFor ?? '', role, lastActivity: presence.lastActivityTimestamp ?? 0 };
    // Like tldraw's people menu: a participant's most recently active tab speaks for them.
    const known = byUser.get(row.userId);
    if (!known || row.lastActivity > known.lastActivity) byUser.set(row.userId, row);
  }
  return [...byUser.values()].map(({ lastActivity: _lastActivity, ...row }) => row).sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}

function sameRows(a: ParticipantRow[], b: ParticipantRow[]): boolean {
  return (
    a.length === b.length &&
    a.every((row, index) => {
      const other = b[index];
      return other !== undefined && row.userId === other.userId && row.name === other.name && row.colour === other.colour && row.speaksFor === other.speaksFor && row.role === other.role;
    })
  );
}

/** Everyone at the board, this tab included, idle ones too; re-rendered only when the list changes. */
export function useParticipants(awareness: Awareness): ParticipantRow[] {
  const [list, setList] = useState(() => participantRows(awareness));
  useEffect(() => {
    // Awareness changes with every cursor move and camera pan; re-render only when the list does.
    const update = () => {
      const next = participantRows(awareness);
      setList((current) => (sameRows(current, next) ? current : next));
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return list;
}
