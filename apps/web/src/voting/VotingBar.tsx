import { useEffect, useRef, useState } from 'react';
import { useValue, type Editor } from 'tldraw';
import { openRound, type VotingRoundState } from '@koppelbord/contract';
import { deviceIdentity } from '../device/storage.ts';
import type { Messages } from '../i18n/messages.ts';
import { deferred, DeferredPart } from '../lazy/deferred.tsx';
import { keepLegacyVotesOwn } from './legacy-votes.ts';
import { endRound, fetchBallot, startRound } from './voting-api.ts';
import { votingRounds, votingState, type VotingSession } from './voting-session.ts';
import './voting.css';

// The owner's form for a new round: fetched when first opened (or warmed once the board is shown).
const StartRoundDialog = deferred('StartRoundDialog', () => import('./StartRoundDialog.tsx').then((module) => module.StartRoundDialog));

export interface VotingBarProps extends VotingSession {
  editor: Editor;
  isOwner: boolean;
  t: Messages;
}

/** The round the bar is about: the open one, else the last one (closed or revealed). */
const currentRound = (rounds: readonly VotingRoundState[]) => openRound(rounds) ?? rounds.at(-1);

/**
 * The state of voting above the board, for everyone: the open round with "n of m votes left"
 * and how many have voted; for the owner also start, close and reveal. Announces a round that
 * starts or is revealed in a live region (screen readers hear it wherever they are). It also
 * gives the card panels what they need to vote (voting-session.ts).
 */
export function VotingBar({ editor, isOwner, t, ...session }: VotingBarProps) {
  const v = t.voting;
  const { boardId, token, canVote } = session;
  const state = votingState(editor);
  const rounds = useValue('voting rounds', () => votingRounds(editor), [editor]);
  const ballot = useValue(state.ballot);
  const round = currentRound(rounds);
  const open = openRound(rounds);
  const [starting, setStarting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    state.session.set({ boardId, token, participant: session.participant, canVote });
    return () => {
      state.session.set(null);
    };
  }, [state, boardId, token, session.participant, canVote]);

  const participantId = session.participant.id;
  useEffect(() => keepLegacyVotesOwn(editor, participantId), [editor, participantId]);

  // This participant's own ballot in the open round, from the server (it is not in the board).
  const openId = open?.id;
  useEffect(() => {
    if (!openId || !canVote) return;
    let live = true;
    fetchBallot(boardId, token, openId, deviceIdentity().key).then(
      (answer) => live && state.ballot.set(answer),
      () => live && state.ballot.set(null),
    );
    return () => {
      live = false;
    };
  }, [state, boardId, token, openId, canVote]);

  // Announced when it happens while the page is open, not what was so already at load.
  const seen = useRef<Map<string, VotingRoundState['status']> | null>(null);
  useEffect(() => {
    const before = seen.current;
    seen.current = new Map(rounds.map((each) => [each.id, each.status]));
    if (!before) return;
    for (const each of rounds) {
      const was = before.get(each.id);
      if (each.status === 'open' && was === undefined) setAnnouncement(v.started(each.label));
      else if (each.status === 'revealed' && was !== 'revealed') setAnnouncement(v.revealed(each.label));
    }
  }, [rounds, v]);

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setStarting(false);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };

  const settings = round
    ? [v.settings.perParticipant(round.votesPerParticipant), ...(round.weighting === 'domain' ? [v.settings.weighted] : []), ...(round.anonymous ? [v.settings.anonymous] : [])].join(' · ')
    : '';
  const mine = open && ballot?.roundId === open.id ? ballot : null;

  return (
    <section className="voting-bar" aria-label={v.region} data-round-status={round?.status ?? 'none'}>
      {(round || isOwner) && (
      <p className="voting-bar__status">
        {!round && v.none}
        {round?.status === 'open' && v.open(round.label)}
        {round?.status === 'closed' && v.closed(round.label)}
        {round?.status === 'revealed' && v.revealedLine(round.label)}
        {round && <span className="hint"> ({settings})</span>}
        {round && round.status !== 'revealed' && <span data-voter-count={round.voterCount}> {v.voted(round.voterCount)}</span>}
        {open && canVote && <strong data-votes-left={mine?.left ?? open.votesPerParticipant}> {v.left(mine?.left ?? open.votesPerParticipant, open.votesPerParticipant)}</strong>}
        {open && !canVote && <span> {v.viewerCannotVote}</span>}
      </p>
      )}
      {isOwner && (
        <div className="row">
          {!open && (
            <button type="button" className="secondary" onClick={() => (setError(null), setStarting(true))} disabled={busy}>
              {v.start}
            </button>
          )}
          {open && (
            <button type="button" className="secondary" onClick={() => void act(() => endRound(boardId, token, open.id, 'close'))} disabled={busy}>
              {v.close}
            </button>
          )}
          {round && round.status !== 'revealed' && (
            <button type="button" onClick={() => void act(() => endRound(boardId, token, round.id, 'reveal'))} disabled={busy}>
              {v.reveal}
            </button>
          )}
        </div>
      )}
      {error && !starting && (
        <p role="alert" className="error">
          {v.failed} {error}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite" data-voting-announcement>
        {announcement}
      </p>
      {starting && (
        <DeferredPart t={t} quiet>
          <StartRoundDialog
            t={t}
            suggestedLabel={v.defaultLabel(rounds.length + 1)}
            busy={busy}
            error={error}
            onStart={(input) => void act(() => startRound(boardId, token, input))}
            onClose={() => setStarting(false)}
          />
        </DeferredPart>
      )}
    </section>
  );
}
