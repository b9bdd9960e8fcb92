import { useValue, type Editor, type TLShapeId } from 'tldraw';
import { openRound } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { cardVotes } from './card-votes.ts';
import { changeVote, votingRounds, votingState } from './voting-session.ts';

/**
 * A card's votes in its panel: while a round is open, this participant's votes on it with a
 * button to add one and one to take one back ("n of m left" beside them); otherwise its result
 * in the latest revealed round. A vote the server refuses (over the limit, the round just
 * closed) is said in an alert, and nothing is counted.
 */
export function CardVoting({ editor, id, legacyVoters, t, locale }: { editor: Editor; id: TLShapeId; legacyVoters: number; t: Messages; locale: 'nl' | 'en' }) {
  const v = t.voting;
  const state = votingState(editor);
  const session = useValue(state.session);
  const ballot = useValue(state.ballot);
  const refusal = useValue(state.refusal);
  const open = useValue('open round', () => openRound(votingRounds(editor)), [editor]);
  const shown = useValue('card votes', () => cardVotes(editor, id, legacyVoters), [editor, id, legacyVoters]);

  const mine = open && ballot?.roundId === open.id ? ballot : null;
  const onCard = mine?.votes[id] ?? 0;
  const left = mine?.left ?? open?.votesPerParticipant ?? 0;
  const score = (value: number) => value.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 });

  return (
    <section className="stack card-voting" aria-label={v.cardHeading}>
      <h4>{v.cardHeading}</h4>
      {open && session?.canVote && (
        <>
          <div className="row votes">
            <button type="button" className="secondary" aria-label={v.remove} title={v.remove} disabled={onCard === 0} onClick={() => void changeVote(editor, id, -1)}>
              −
            </button>
            <span data-my-votes={onCard}>{v.mine(onCard)}</span>
            <button type="button" aria-label={v.add} title={v.add} disabled={left === 0} onClick={() => void changeVote(editor, id, 1)}>
              +
            </button>
          </div>
          <p className="hint" aria-live="polite" data-votes-left={left}>
            {v.left(left, open.votesPerParticipant)}
          </p>
        </>
      )}
      {open && session && !session.canVote && <p className="hint">{v.viewerCannotVote}</p>}
      {refusal?.opportunityId === id && (
        <p role="alert" className="error">
          {v.refused} {refusal.message}
        </p>
      )}
      {shown.roundLabel !== null ? (
        <p data-card-result={shown.votes}>
          {v.result(shown.roundLabel, shown.votes)}
          {shown.result?.weighted != null && ` (${v.weighted(score(shown.result.weighted))})`}
        </p>
      ) : (
        shown.votes > 0 && <p className="hint">{v.legacy(shown.votes)}</p>
      )}
    </section>
  );
}
