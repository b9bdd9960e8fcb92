import { useId, useRef, useState } from 'react';
import { votingLimits, type StartRoundInput } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { useModalDialog } from '../panels/modal-dialog.ts';

export interface StartRoundDialogProps {
  t: Messages;
  /** The name suggested for the round ("Stemronde 2"). */
  suggestedLabel: string;
  busy: boolean;
  /** The server's refusal, when the last try failed. */
  error: string | null;
  onStart(input: StartRoundInput): void;
  onClose(): void;
}

/** The owner's settings for a new round: its name, votes per participant, weighting and anonymity. */
export function StartRoundDialog({ t, suggestedLabel, busy, error, onStart, onClose }: StartRoundDialogProps) {
  const v = t.voting;
  const dialog = useRef<HTMLFormElement>(null);
  const titleId = useId();
  const ids = { label: useId(), votes: useId(), hint: useId() };
  const [label, setLabel] = useState(suggestedLabel);
  const [votes, setVotes] = useState(3);
  const [weighted, setWeighted] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  useModalDialog(dialog, busy ? undefined : onClose);
  return (
    <div className="dialog-backdrop" onClick={busy ? undefined : onClose}>
      <form
        ref={dialog}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onClick={(event) => event.stopPropagation()}
        onSubmit={(event) => {
          event.preventDefault();
          if (label.trim() === '') return;
          onStart({ label: label.trim(), votesPerParticipant: votes, weighting: weighted ? 'domain' : 'none', anonymous });
        }}
      >
        <h2 id={titleId}>{v.startTitle}</h2>
        <div className="field">
          <label htmlFor={ids.label}>{v.label}</label>
          <input id={ids.label} value={label} required maxLength={votingLimits.label} onChange={(event) => setLabel(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.votes}>{v.votesPerParticipant}</label>
          <input
            id={ids.votes}
            type="number"
            min={1}
            max={votingLimits.votesPerParticipant}
            value={votes}
            onChange={(event) => setVotes(Math.min(votingLimits.votesPerParticipant, Math.max(1, Math.round(Number(event.target.value) || 1))))}
          />
        </div>
        <label className="voting-check">
          <input type="checkbox" checked={weighted} aria-describedby={ids.hint} onChange={(event) => setWeighted(event.target.checked)} />
          {v.weighting}
        </label>
        <p id={ids.hint} className="hint">
          {v.weightingHint}
        </p>
        <label className="voting-check">
          <input type="checkbox" checked={anonymous} onChange={(event) => setAnonymous(event.target.checked)} />
          {v.anonymous}
        </label>
        {error && (
          <p role="alert" className="error">
            {v.failed} {error}
          </p>
        )}
        <div className="row">
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {v.cancel}
          </button>
          <button type="submit" disabled={busy}>
            {v.confirmStart}
          </button>
        </div>
      </form>
    </div>
  );
}
