import { useEffect, useMemo, useRef, useState } from 'react';
import { useValue, type Editor } from 'tldraw';
import { timerFromMeta, timerRemainingMs, type TimerState } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import type { ServerClockEstimate } from './server-clock.ts';
import { clockText, remainingSeconds, spokenDuration, timerPhase, type TimerPhase } from './timer-format.ts';

export interface TimerView {
  timer: TimerState;
  /** Whole seconds left on the server's clock. */
  seconds: number;
  phase: TimerPhase;
  /** "4:05". */
  text: string;
}

/** How often the shown time is recomputed: often enough that no second is skipped. */
const tickMs = 250;

/**
 * The board's timer as this device shows it: read from the tldraw document's meta (where the
 * server writes it), with the time left computed on the server's clock (`clock`), so every
 * device shows the same. Null when there is no timer.
 */
export function useTimer(editor: Editor, clock: ServerClockEstimate): TimerView | null {
  // As text, so that a change elsewhere in the document (a rename) is no new timer.
  const stored = useValue('facilitation timer', () => JSON.stringify(timerFromMeta(editor.getDocumentSettings().meta)), [editor]);
  const timer = useMemo(() => JSON.parse(stored) as TimerState | null, [stored]);
  const offset = useValue('server clock offset', () => clock.offsetMs.get(), [clock]);
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    setNow(clock.now());
    if (timer?.status !== 'running') return;
    const interval = setInterval(() => setNow(clock.now()), tickMs);
    return () => clearInterval(interval);
  }, [clock, timer, offset]);
  if (!timer) return null;
  const seconds = remainingSeconds(timerRemainingMs(timer, now));
  return { timer, seconds, phase: timerPhase(timer, seconds), text: clockText(seconds) };
}

/** What the server's new timer state did to the previous one. */
function changeOf(before: TimerState, after: TimerState): 'started' | 'paused' | 'resumed' | 'extended' {
  const added = after.durationMs - before.durationMs;
  if (added === 0 && before.status === 'running' && after.status === 'paused') return 'paused';
  if (added === 0 && before.status === 'paused' && after.status === 'running') return 'resumed';
  if (added > 0 && before.status === 'paused' && after.status === 'paused' && after.remainingMs - before.remainingMs === added) return 'extended';
  if (added > 0 && before.status === 'running' && after.status === 'running' && after.endsAt - before.endsAt <= added) return 'extended';
  return 'started';
}

/**
 * Says what happens to the timer in the live region: started, paused, resumed, extended,
 * stopped, one minute left and the end — never every second. What the timer already was when
 * the page opened is not announced (a reload is no news).
 */
export function useTimerAnnouncements(view: TimerView | null, t: Messages, announce: (text: string) => void): void {
  const previous = useRef<TimerView | null | undefined>(undefined);
  const timer = view?.timer ?? null;
  const phase = view?.phase ?? null;
  useEffect(() => {
    const before = previous.current;
    previous.current = view;
    if (before === undefined) return;
    const said = t.facilitation.announce;
    if (!view) {
      if (before) announce(said.stopped);
      return;
    }
    const spoken = spokenDuration(view.seconds, t);
    if (!before) {
      announce(said.started(spoken));
      return;
    }
    if (before.timer !== view.timer) {
      announce(said[changeOf(before.timer, view.timer)](spoken));
      return;
    }
    if (view.phase === 'ended' && before.phase !== 'ended') announce(said.ended);
    else if (view.phase === 'lastMinute' && before.phase === 'running') announce(said.oneMinute);
    // Only what the timer is and its phase matter here: the seconds tick by unannounced.
  }, [timer, phase]);
}
