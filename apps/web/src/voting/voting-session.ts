import { atom, type Atom, type Editor } from 'tldraw';
import { openRound, readVotingRounds, type MyBallot, type VotingRoundState } from '@koppelbord/contract';
import { deviceIdentity, type Participant } from '../device/storage.ts';
import { putBallot } from './voting-api.ts';

/**
 * What voting needs on this page, per editor (like card-form-request.ts): who votes and with
 * which link (set by the voting bar, which the board page mounts), this participant's ballot in
 * the open round as the server last answered it, and the last refusal to show. The rounds
 * themselves are in the board's document (the server writes them), read with `votingRounds`.
 */
export interface VotingSession {
  boardId: string;
  token: string;
  participant: Participant;
  canVote: boolean;
}

interface VotingState {
  session: Atom<VotingSession | null>;
  ballot: Atom<MyBallot | null>;
  refusal: Atom<{ opportunityId: string; message: string } | null>;
}

const states = new WeakMap<Editor, VotingState>();

export function votingState(editor: Editor): VotingState {
  let state = states.get(editor);
  if (!state) {
    state = { session: atom('voting session', null), ballot: atom('my ballot', null), refusal: atom('vote refused', null) };
    states.set(editor, state);
  }
  return state;
}

/** The rounds in the board's document, oldest first (reactive: read inside tldraw's tracking). */
export function votingRounds(editor: Editor): VotingRoundState[] {
  return readVotingRounds(editor.getDocumentSettings().meta);
}

/** Changes this participant's votes on one card by `delta` (+1 / −1) in the open round; a refusal is kept for the card's panel. */
export async function changeVote(editor: Editor, opportunityId: string, delta: 1 | -1): Promise<void> {
  const { session, ballot, refusal } = votingState(editor);
  const current = session.get();
  const round = openRound(votingRounds(editor));
  if (!current || !round) return;
  const mine = ballot.get()?.roundId === round.id ? ballot.get()!.votes : {};
  const votes = { ...mine, [opportunityId]: Math.max(0, (mine[opportunityId] ?? 0) + delta) };
  try {
    const answer = await putBallot(current.boardId, current.token, round.id, deviceIdentity().key, {
      votes,
      name: current.participant.name,
      speaksFor: current.participant.speaksFor,
    });
    ballot.set(answer);
    refusal.set(null);
  } catch (error) {
    refusal.set({ opportunityId, message: error instanceof Error ? error.message : String(error) });
  }
}
