import { facilitationAwarenessField } from '@koppelbord/contract';
import type { RestrictedAwarenessFields } from '../sync/room-awareness.ts';
import type { SyncConnection } from '../sync/connection.ts';

/**
 * Presenter mode and "bring everyone here" travel in the owner's awareness state (ephemeral:
 * a view is no part of the board's history, and a presentation ends with the owner's tab).
 * Every client obeys a facilitation field it receives, so the server relays one only from a
 * connection with the owner's role, read at the time of each update (roles can change while
 * a connection is open): anyone else's state that carries it is dropped, not relayed.
 */
export const presenterFields: RestrictedAwarenessFields<SyncConnection> = {
  fields: [facilitationAwarenessField],
  mayPublish: (connection) => connection.role === 'owner',
};
