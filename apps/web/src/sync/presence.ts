/**
 * Presence over Yjs awareness: this tab's cursor, selection and camera go out as the
 * awareness field `presence` (an `instance_presence` record); other tabs' presences come in
 * as `instance_presence` records put into the store as remote changes, so tldraw's own
 * collaboration UI (cursors, selections, people menu, follow) shows them.
 */
import { react, type Signal, type TLInstancePresence, type TLRecord, type TLStore } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import { awarenessStateToPresence, presenceIdForClient, type AwarenessPresenceState } from '@koppelbord/tldraw-yjs';

/** The awareness state a Koppelbord tab publishes. */
export interface PresenceState extends AwarenessPresenceState {
  /** What the participant speaks for (catalogue key or own text), for the participant list. */
  speaksFor: string;
}

/** Publishes `localPresence` (throttled to animation frames) and mirrors everyone else's. */
export function syncPresence(store: TLStore, awareness: Awareness, localPresence: Signal<TLInstancePresence | null>, speaksFor: string): () => void {
  let frame = 0;
  const publish = () => {
    frame = 0;
    const state: PresenceState = { presence: localPresence.get(), speaksFor };
    awareness.setLocalState(state);
  };
  const stopReacting = react('publish presence', () => {
    localPresence.get();
    if (!frame) frame = requestAnimationFrame(publish);
  });

  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const put: TLRecord[] = [];
    const gone = removed.map(presenceIdForClient);
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue;
      // Validated, with its id derived from the awareness client: a peer cannot spoof another's.
      const presence = awarenessStateToPresence(awareness.getStates().get(clientId), clientId);
      if (presence) put.push(presence);
      else gone.push(presenceIdForClient(clientId));
    }
    store.mergeRemoteChanges(() => {
      if (put.length > 0) store.put(put);
      const existing = gone.filter((id) => store.has(id));
      if (existing.length > 0) store.remove(existing);
    });
  };
  awareness.on('change', onChange);
  onChange({ added: [...awareness.getStates().keys()], updated: [], removed: [] });

  return () => {
    stopReacting();
    if (frame) cancelAnimationFrame(frame);
    awareness.off('change', onChange);
    awareness.setLocalState(null);
  };
}
