import { facilitationAwarenessField } from '@koppelbord/contract';
import type { SyncConnection } from '../sync/connection.ts';
import type { AwarenessPolicy } from '../sync/room-awareness.ts';

/** tldraw's user record id for a participant: what a web client's presence carries as `userId`. */
const userIdOf = (participantId: string) => `user:${participantId}`;

/**
 * Presenter mode and "bring everyone here" travel in the owner's awareness state (ephemeral:
 * a view is no part of the board's history, and a presentation ends with the owner's tab).
 * Every client obeys what it receives, so the server relays:
 *
 * - the facilitation field only from a connection with the owner's role, read at the time
 *   of each update (roles can change while a connection is open);
 * - a presence (`presence.userId`) only under the sender's own participant id, derived by
 *   the server from its key. Followers follow a user id (tldraw's following picks that
 *   user's latest presence), so without this an editor could publish a presence under the
 *   owner's id and lead her followers wherever it liked.
 *
 * A state that breaks either is dropped, not relayed.
 */
export const presenterPolicy: AwarenessPolicy<SyncConnection> = {
  allows(connection, state) {
    if (Object.hasOwn(state, facilitationAwarenessField) && connection.role !== 'owner') return false;
    const presence = (state as { presence?: unknown }).presence;
    if (typeof presence !== 'object' || presence === null || !Object.hasOwn(presence, 'userId')) return true;
    return connection.participantId !== null && (presence as { userId: unknown }).userId === userIdOf(connection.participantId);
  },
};
