import type { StoredParticipant } from '../storage/index.ts';
import type { SessionPresence } from '../sync/index.ts';

const text = (value: unknown, max: number): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null);

/**
 * The session's participants from the awareness states their tabs published (the web
 * client's `PresenceState`: `presence.userName`, `speaksFor`), with the role the server gave
 * their connection. States are client input: anything malformed is left out, and each
 * participant counts once.
 */
export function sessionParticipants(presences: readonly SessionPresence[]): StoredParticipant[] {
  const seen = new Map<string, StoredParticipant>();
  for (const { state: json, role } of presences) {
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      continue;
    }
    if (typeof state !== 'object' || state === null) continue;
    const { presence, speaksFor } = state as { presence?: { userName?: unknown } | null; speaksFor?: unknown };
    const participant: StoredParticipant = { role, name: text(presence?.userName, 100), speaksFor: text(speaksFor, 200) };
    seen.set(JSON.stringify([participant.role, participant.name, participant.speaksFor]), participant);
  }
  return [...seen.values()];
}
