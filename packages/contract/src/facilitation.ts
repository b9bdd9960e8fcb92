import { z } from 'zod/mini';

/**
 * Facilitation: the owner's shared timer and her "bring everyone here" / presenter mode.
 *
 * The timer lives in the board (the tldraw document record's `meta[timerMetaKey]`), so it
 * survives reconnects and reloads. Its times are the server's clock in epoch milliseconds:
 * the owner's commands go to the server over HTTP (`POST /api/boards/:id/timer`), the server
 * writes the new state with its own clock, and every client estimates its offset to that
 * clock (`GET /api/boards/:id/clock`), so clients whose clocks differ show the same time.
 * No client may write the timer into the doc itself; the server puts back any such change.
 *
 * Presenter mode and summons are ephemeral: they travel in the owner's awareness state under
 * `facilitationAwarenessField`, which the server relays only from an owner's connection.
 */

export const timerLimits = {
  /** The longest timer (and the most one extension adds), in minutes. */
  maxMinutes: 240,
  /** Presets the owner starts with one click, in minutes. */
  presetMinutes: [3, 5, 10, 15] as const,
  /** Extensions the owner adds with one click, in minutes. */
  extendMinutes: [1, 5] as const,
};

/** The key of the timer in the tldraw document record's `meta`. */
export const timerMetaKey = 'facilitationTimer';

const minutes = z.int().check(z.minimum(1), z.maximum(timerLimits.maxMinutes));

/** The owner's timer commands (`POST /api/boards/:id/timer`). */
export const timerCommand = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start'), minutes }),
  z.strictObject({ action: z.literal('pause') }),
  z.strictObject({ action: z.literal('resume') }),
  z.strictObject({ action: z.literal('extend'), minutes }),
  z.strictObject({ action: z.literal('stop') }),
]);
export type TimerCommand = z.infer<typeof timerCommand>;

const epochMs = z.int().check(z.nonnegative());

/**
 * The timer as the doc holds it (absent: no timer). Running: it ends at `endsAt` (server
 * clock). Paused: `remainingMs` are left. `durationMs` is the whole time it was set to (with
 * extensions), for the announcement and a progress indication.
 */
export const timerState = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('running'), endsAt: epochMs, durationMs: epochMs }),
  z.strictObject({ status: z.literal('paused'), remainingMs: epochMs, durationMs: epochMs }),
]);
export type TimerState = z.infer<typeof timerState>;

/** The timer in a document record's meta, or null when there is none (or it is not one). */
export function timerFromMeta(meta: unknown): TimerState | null {
  if (typeof meta !== 'object' || meta === null) return null;
  const parsed = timerState.safeParse((meta as Record<string, unknown>)[timerMetaKey]);
  return parsed.success ? parsed.data : null;
}

/** Milliseconds left at `serverNow` (never below 0). */
export function timerRemainingMs(timer: TimerState, serverNow: number): number {
  return timer.status === 'paused' ? timer.remainingMs : Math.max(0, timer.endsAt - serverNow);
}

/** Response of `POST /api/boards/:id/timer`: the new state (null: stopped) and the server's clock when it was written. */
export interface TimerResponse {
  timer: TimerState | null;
  now: number;
}

/** Response of `GET /api/boards/:id/clock`: the server's clock, epoch milliseconds. */
export interface ServerClock {
  now: number;
}

/** The awareness field that carries an owner's facilitation state. */
export const facilitationAwarenessField = 'facilitation';

// z.number() takes finite numbers only.
const viewBounds = z.strictObject({ x: z.number(), y: z.number(), w: z.number().check(z.positive()), h: z.number().check(z.positive()) });

/**
 * What an owner's tab says beside its presence. `presenting`: the others follow her view; a
 * new id is a new presentation (someone who left the last one follows again). `summon`: a
 * one-shot move of everyone's view to hers; each new id moves them once.
 */
const idText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
export const facilitationPresence = z.strictObject({
  presenting: z.nullable(z.strictObject({ id: idText(64) })),
  summon: z.nullable(z.strictObject({ id: idText(64), pageId: idText(200), bounds: viewBounds })),
});
export type FacilitationPresence = z.infer<typeof facilitationPresence>;

/** The facilitation state in an awareness state, or null (none, or not valid). */
export function facilitationOf(state: unknown): FacilitationPresence | null {
  if (typeof state !== 'object' || state === null) return null;
  const parsed = facilitationPresence.safeParse((state as Record<string, unknown>)[facilitationAwarenessField]);
  return parsed.success ? parsed.data : null;
}
