/**
 * Presence over Yjs awareness: this tab's cursor, selection and camera go out as the
 * awareness field `presence` (an `instance_presence` record); other tabs' presences come in
 * as `instance_presence` records put into the store as remote changes, so tldraw's own
 * collaboration UI (cursors, selections, people menu, follow) shows them. Beside the presence,
 * each tab publishes what the participant list and coverage need: what the participant speaks
 * for and the role of the link they came in with.
 */
import { react, type Signal, type TLInstancePresence, type TLRecord, type TLStore } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '@koppelbord/contract';
import { awarenessStateToPresence, presenceIdForClient, type AwarenessPresenceState } from '@koppelbord/tldraw-yjs';
import { distinctColour } from './participant-colours.ts';

/** What a tab says about its participant beside the presence. */
export interface ParticipantProfile {
  /** What the participant speaks for (catalogue key or own text), for the participant list and coverage. */
  speaksFor: string;
  /** The role of the participant's link: the list marks viewers. */
  role: Role;
}

/** The awareness state a Koppelbord tab publishes. */
export type PresenceState = AwarenessPresenceState & ParticipantProfile;

/** Colours shown by the tabs ahead of this one (lower client ids), which keep theirs on a clash. */
function coloursAhead(awareness: Awareness): Set<string> {
  const taken = new Set<string>();
  for (const [clientId, state] of awareness.getStates()) {
    const colour = (state as Partial<PresenceState>).presence?.color;
    if (clientId < awareness.clientID && typeof colour === 'string') taken.add(colour);
  }
  return taken;
}

/** Publishes `localPresence` (throttled to animation frames) and mirrors everyone else's. */
export function syncPresence(store: TLStore, awareness: Awareness, localPresence: Signal<TLInstancePresence | null>, profile: ParticipantProfile): () => void {
  let frame = 0;
  let shownColour: string | undefined;
  const publish = () => {
    frame = 0;
    const own = localPresence.get();
    const presence = own && { ...own, color: distinctColour(own.color, coloursAhead(awareness)) };
    shownColour = presence?.color;
    const state: PresenceState = { presence, ...profile };
    // Other fields of this tab's state (the owner's facilitation state) stay as they are.
    awareness.setLocalState({ ...awareness.getLocalState(), ...state });
  };
  const schedulePublish = () => {
    if (!frame) frame = requestAnimationFrame(publish);
  };
  const stopReacting = react('publish presence', () => {
    localPresence.get();
    schedulePublish();
  });

  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    // Someone ahead took (or freed) a colour: show another (or one's own again).
    const own = localPresence.get();
    if (own && distinctColour(own.color, coloursAhead(awareness)) !== shownColour) schedulePublish();
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
