import { isDeepStrictEqual } from 'node:util';
import { timerMetaKey } from '@koppelbord/contract';
import type { RecordRule } from '../sync/record-guard.ts';
import { documentRecordId } from './timer.ts';

/** The timer's raw value in a stored record (undefined: the record or the key is absent). */
function timerValue(record: unknown): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  const meta = (record as { meta?: unknown }).meta;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>)[timerMetaKey] : undefined;
}

/**
 * The shared timer is written by the server alone: the owner's commands reach it over HTTP
 * (facilitation/routes.ts), which checks the owner token and stamps the times with the
 * server's clock. So no client transaction, the owner's included, may change the timer key of
 * the document record; the record guard puts back what this refuses, in the same commit (see
 * record-guard.ts). Everything else on the document record (its name, other meta keys) is
 * left to the other rules.
 */
export function timerRule(isServer: (origin: unknown) => boolean): RecordRule {
  return {
    reason: 'facilitation_timer',
    binds: (origin) => !isServer(origin),
    refuse: (id, before, after) =>
      id === documentRecordId && !isDeepStrictEqual(timerValue(before), timerValue(after)) ? 'the facilitation timer is written by the server only' : undefined,
  };
}
