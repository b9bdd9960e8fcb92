import type { TimerState } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';

/** How the header shows the timer: the last minute and the end look different (not by colour alone). */
export type TimerPhase = 'running' | 'paused' | 'lastMinute' | 'ended';

export function timerPhase(timer: TimerState, remainingSeconds: number): TimerPhase {
  if (timer.status === 'paused') return 'paused';
  if (remainingSeconds <= 0) return 'ended';
  return remainingSeconds <= 60 ? 'lastMinute' : 'running';
}

/** Whole seconds left, rounded up: a timer shows 0:00 only once it has run out. */
export const remainingSeconds = (remainingMs: number) => Math.max(0, Math.ceil(remainingMs / 1000));

/** "4:05", or "1:04:05" from an hour up. */
export function clockText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The time as a screen reader says it: "4 minuten 5 seconden". */
export const spokenDuration = (seconds: number, t: Messages) => t.facilitation.duration(Math.floor(seconds / 60), seconds % 60);
