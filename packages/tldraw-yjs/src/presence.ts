import { InstancePresenceRecordType, type TLInstancePresence } from '@tldraw/tlschema';

/**
 * Presence travels through Yjs awareness, never through the doc. These DOM-free helpers convert
 * between tldraw's `instance_presence` records and a plain awareness state
 * (`{ presence: … | null }`); the app publishes its state with `awareness.setLocalState`, reads
 * its peers' on `awareness.on('change')`, and puts/removes their records with
 * `store.mergeRemoteChanges`.
 */
const AWARENESS_PRESENCE_FIELD = 'presence';

export interface AwarenessPresenceState {
  presence: TLInstancePresence | null;
}

/** The presence record id for an awareness client: 1:1, so a removed client maps to one record. */
export function presenceIdForClient(clientId: number): TLInstancePresence['id'] {
  return InstancePresenceRecordType.createId(String(clientId));
}

/** Local presence (e.g. from `createPresenceStateDerivation`) → awareness state; `null` hides us. */
export function presenceToAwarenessState(presence: TLInstancePresence | null): AwarenessPresenceState {
  return { presence: presence ? structuredClone(presence) : null };
}

/**
 * A peer's awareness state → a validated presence record for the store, or `null` (no presence,
 * or invalid: peers on another build may send anything). The record id is derived from the
 * awareness client id, so a peer cannot overwrite someone else's presence.
 */
export function awarenessStateToPresence(state: unknown, clientId: number): TLInstancePresence | null {
  if (typeof state !== 'object' || state === null) return null;
  const presence = (state as Record<string, unknown>)[AWARENESS_PRESENCE_FIELD];
  if (typeof presence !== 'object' || presence === null) return null;
  try {
    return InstancePresenceRecordType.validate({
      ...presence,
      id: presenceIdForClient(clientId),
      typeName: 'instance_presence',
    });
  } catch {
    return null;
  }
}
