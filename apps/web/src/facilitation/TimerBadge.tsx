import type { Messages } from '../i18n/messages.ts';
import type { TimerView } from './use-timer.ts';

/** Beside the time, a sign for the phase: the last minute and the end are marked by shape and words, not by colour alone. */
const phaseSign = { running: '⏱', paused: '⏸', lastMinute: '⚠', ended: '⏹' } as const;

/**
 * The shared timer in the board header, for everyone. Its time ticks silently (role timer is
 * not live); the live region of FacilitationBar says what matters.
 */
export function TimerBadge({ view, t }: { view: TimerView; t: Messages }) {
  const words = t.facilitation;
  return (
    <span className="facilitation-timer" role="timer" data-phase={view.phase}>
      <span aria-hidden="true" className="facilitation-timer__sign">
        {phaseSign[view.phase]}
      </span>
      <span className="visually-hidden">{words.timerStatus[view.phase]}: </span>
      {view.phase === 'ended' ? words.ended : view.text}
      {view.phase === 'paused' && <span className="facilitation-timer__note"> ({words.paused})</span>}
      {view.phase === 'lastMinute' && <span className="facilitation-timer__note" aria-hidden="true"> !</span>}
    </span>
  );
}
