import type { Editor } from 'tldraw';
import { latestRevealedRound, readVotingRounds, type VotingResult } from '@koppelbord/contract';

/**
 * The votes a card shows: its result in the latest revealed round, or — on a board without
 * one — its legacy per-card votes (boards made before rounds). Reactive inside tldraw's tracking.
 */
export function cardVotes(editor: Editor, opportunityId: string, legacyVoters: number): { votes: number; result: VotingResult | null; roundLabel: string | null } {
  const round = latestRevealedRound(readVotingRounds(editor.getDocumentSettings().meta));
  if (!round) return { votes: legacyVoters, result: null, roundLabel: null };
  const result = round.results?.find((each) => each.opportunityId === opportunityId) ?? null;
  return { votes: result?.votes ?? 0, result, roundLabel: round.label };
}
