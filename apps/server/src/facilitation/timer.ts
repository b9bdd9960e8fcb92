import type * as Y from 'yjs';
import { timerFromMeta, timerLimits, timerMetaKey, type TimerCommand, type TimerState } from '@koppelbord/contract';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';

/** tldraw's document record: the timer is a key of its `meta`. */
export const documentRecordId = 'document:document';

const minuteMs = 60_000;
const maxMs = timerLimits.maxMinutes * minuteMs;

/** Why a command does not fit the timer as it is (HTTP 409), e.g. pausing a paused timer. */
export class TimerConflict extends Error {
  readonly code: 'no_timer' | 'timer_not_running' | 'timer_not_paused' | 'timer_too_long';
  constructor(code: TimerConflict['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The timer after `command`, at `now` on the server's clock (null: no timer). Pure, so every
 * rule of the timer is here: an extension of a timer that ran out counts from now, and no
 * timer is left with more than `timerLimits.maxMinutes` to go.
 */
export function nextTimer(current: TimerState | null, command: TimerCommand, now: number): TimerState | null {
  switch (command.action) {
    case 'start':
      return { status: 'running', endsAt: now + command.minutes * minuteMs, durationMs: command.minutes * minuteMs };
    case 'stop':
      return null;
    case 'pause':
      if (!current) throw new TimerConflict('no_timer', 'There is no timer to pause');
      if (current.status !== 'running') throw new TimerConflict('timer_not_running', 'The timer is paused already');
      return { status: 'paused', remainingMs: Math.max(0, current.endsAt - now), durationMs: current.durationMs };
    case 'resume':
      if (!current) throw new TimerConflict('no_timer', 'There is no timer to resume');
      if (current.status !== 'paused') throw new TimerConflict('timer_not_paused', 'The timer is running already');
      return { status: 'running', endsAt: now + current.remainingMs, durationMs: current.durationMs };
    case 'extend': {
      if (!current) throw new TimerConflict('no_timer', 'There is no timer to extend');
      const added = command.minutes * minuteMs;
      const remaining = (current.status === 'running' ? Math.max(0, current.endsAt - now) : current.remainingMs) + added;
      if (remaining > maxMs) throw new TimerConflict('timer_too_long', `A timer runs at most ${timerLimits.maxMinutes} minutes`);
      const durationMs = current.durationMs + added;
      return current.status === 'running' ? { status: 'running', endsAt: now + remaining, durationMs } : { status: 'paused', remainingMs: remaining, durationMs };
    }
  }
}

/** The document record as plain JSON, or null when the doc has none (not a board). */
function documentRecord(doc: Y.Doc): Record<string, unknown> | null {
  const record = readRecordEntry(getRecordsMap(doc).get(documentRecordId));
  return typeof record === 'object' && record !== null && !Array.isArray(record) ? (record as Record<string, unknown>) : null;
}

/**
 * Applies `command` to the doc's timer and writes the result into the document record's meta
 * (only that key: other meta keys and fields stay as they are). Must run inside a transaction
 * (BoardRoom.changeAsServer), so reading and writing are one step. Throws TimerConflict.
 */
export function applyTimerCommand(doc: Y.Doc, command: TimerCommand, now: number): TimerState | null {
  const document = documentRecord(doc);
  if (!document) throw new TimerConflict('no_timer', 'The board has no document record yet');
  const next = nextTimer(timerFromMeta(document.meta), command, now);
  const { [timerMetaKey]: _previous, ...others } = typeof document.meta === 'object' && document.meta !== null ? (document.meta as Record<string, unknown>) : {};
  const meta = next ? { ...others, [timerMetaKey]: next } : others;
  writeRecordEntry(getRecordsMap(doc), documentRecordId, { ...document, meta });
  return next;
}
