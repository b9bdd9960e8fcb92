/**
 * Presenter mode and "bring everyone here" over awareness. The owner's tab publishes its
 * facilitation state beside its presence (`facilitationAwarenessField`; the server relays it
 * only from an owner's connection); every other tab watches for it:
 *
 * - a summon (new id) moves this tab's view once to the owner's page and viewport; summons
 *   that were already there when this tab first saw the owner are old news and ignored;
 * - a presentation makes this tab follow the presenter's view with tldraw's own following
 *   (`editor.startFollowingUser`), also when it joins during one. Whoever leaves (the
 *   "stop following" button, or panning and zooming, which ends tldraw's following) stays out
 *   of that presentation; a new one (new id) brings them back.
 */
import { atom, Box, react, type Atom, type Editor, type TLPageId, type TLUserId } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import { facilitationAwarenessField, facilitationOf, type FacilitationPresence } from '@koppelbord/contract';

const newId = () => crypto.randomUUID();

/** The owner's side: what her tab tells the others. */
export class FacilitationPublisher {
  readonly state: Atom<FacilitationPresence> = atom('facilitation presence', { presenting: null, summon: null });
  readonly #awareness: Awareness;

  constructor(awareness: Awareness) {
    this.#awareness = awareness;
  }

  #publish(next: FacilitationPresence): void {
    this.state.set(next);
    this.#awareness.setLocalStateField(facilitationAwarenessField, next);
  }

  /** Everyone's view, once, to this editor's page and viewport. */
  summon(editor: Editor): void {
    const { x, y, w, h } = editor.getViewportPageBounds();
    this.#publish({ ...this.state.get(), summon: { id: newId(), pageId: editor.getCurrentPageId(), bounds: { x, y, w, h } } });
  }

  startPresenting(): void {
    this.#publish({ ...this.state.get(), presenting: { id: newId() } });
  }

  stopPresenting(): void {
    this.#publish({ ...this.state.get(), presenting: null });
  }
}

/** Who leads, as a follower sees it. */
interface Presenter {
  presentationId: string;
  userId: string;
  name: string;
}

/** What a follower's tab tells its participant (for the live region). */
export type FollowEvent = { kind: 'summoned'; name: string } | { kind: 'presenting'; name: string } | { kind: 'presentationEnded'; name: string };

interface PresenceLike {
  userId?: unknown;
  userName?: unknown;
}

/**
 * The follower's side: obeys the owner's summons and presentations. Returns a stop function.
 * The owner's own other tabs (same user id) do not follow themselves.
 */
export function followFacilitator(editor: Editor, awareness: Awareness, onEvent: (event: FollowEvent) => void): () => void {
  const version = atom('awareness version', 0);
  const seenClients = new Set<number>();
  const handledSummons = new Set<string>();
  /** The presentation this tab follows now, and the last one its participant left. */
  let following: Presenter | null = null;
  let left: string | null = null;
  let announced: string | null = null;

  const presenterNow = (): Presenter | null => {
    version.get();
    const self = editor.user.getRecordId();
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const facilitation = facilitationOf(state);
      const presence = (state as { presence?: PresenceLike | null }).presence;
      if (!facilitation?.presenting || typeof presence?.userId !== 'string' || presence.userId === self) continue;
      return { presentationId: facilitation.presenting.id, userId: presence.userId, name: typeof presence.userName === 'string' ? presence.userName : '' };
    }
    return null;
  };

  const obeySummons = () => {
    const self = editor.user.getRecordId();
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const firstSight = !seenClients.has(clientId);
      seenClients.add(clientId);
      const summon = facilitationOf(state)?.summon;
      const presence = (state as { presence?: PresenceLike | null }).presence;
      if (!summon || handledSummons.has(summon.id)) continue;
      handledSummons.add(summon.id);
      if (firstSight || presence?.userId === self) continue;
      editor.run(() => {
        if (editor.getInstanceState().followingUserId !== null) editor.stopFollowingUser();
        if (editor.getPage(summon.pageId as TLPageId) && editor.getCurrentPageId() !== summon.pageId) editor.setCurrentPage(summon.pageId as TLPageId);
        const { x, y, w, h } = summon.bounds;
        editor.zoomToBounds(new Box(x, y, w, h), { inset: 0 });
      });
      onEvent({ kind: 'summoned', name: typeof presence?.userName === 'string' ? presence.userName : '' });
    }
  };

  const onAwareness = () => {
    obeySummons();
    version.update((n) => n + 1);
  };
  awareness.on('change', onAwareness);
  // Summons already there when this tab opens are history: mark them seen.
  for (const clientId of awareness.getStates().keys()) seenClients.add(clientId);
  for (const state of awareness.getStates().values()) {
    const summon = facilitationOf(state)?.summon;
    if (summon) handledSummons.add(summon.id);
  }

  /** Follows, stops or notes a departure, from the state as it is now (never as a reaction saw it). */
  const settle = () => {
    scheduled = false;
    const presenter = presenterNow();
    const followingUserId = editor.getInstanceState().followingUserId;
    if (following && (!presenter || presenter.presentationId !== following.presentationId)) {
      // The presentation ended (or another began): stop following the old one.
      const ended = following;
      following = null;
      if (followingUserId === ended.userId) editor.stopFollowingUser();
      if (!presenter) onEvent({ kind: 'presentationEnded', name: ended.name });
    } else if (following && followingUserId !== following.userId) {
      // tldraw stopped following: the participant left (the button, or panning), unless the
      // presenter's presence went away for a moment (then the next change follows again).
      const presenterThere = editor.getCollaborators().some((c) => c.userId === following?.userId);
      if (presenterThere) left = following.presentationId;
      following = null;
      return;
    }
    if (!presenter || following || left === presenter.presentationId) return;
    editor.startFollowingUser(presenter.userId as TLUserId);
    // The presence is not in the store yet: the next change tries again.
    if (editor.getInstanceState().followingUserId !== presenter.userId) return;
    following = presenter;
    if (announced !== presenter.presentationId) {
      announced = presenter.presentationId;
      onEvent({ kind: 'presenting', name: presenter.name });
    }
  };
  let scheduled = false;
  // Re-settled whenever the presentation, the collaborators or this tab's following change;
  // after the reaction, as tldraw's following changes the store itself.
  const stopReacting = react('follow the presenter', () => {
    // Read only to be told of their changes.
    presenterNow();
    editor.getInstanceState();
    editor.getCollaborators();
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(settle);
  });

  return () => {
    stopReacting();
    awareness.off('change', onAwareness);
  };
}
