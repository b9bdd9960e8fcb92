import { isDeepStrictEqual } from 'node:util';
import { votingMetaKey } from '@koppelbord/contract';
import type { RecordRule } from '../sync/record-guard.ts';

/**
 * What no client may write, enforced on the server by the record guard (sync/record-guard.ts:
 * a refused record is put back in the same commit, so nobody sees the change):
 *
 * - The voting rounds in the document record's `meta` (`votingMetaKey`): only the server writes
 *   them (voting-service.ts), so a modified client can neither open, close or reveal a round
 *   nor fake its results — the owner too goes through HTTP, where the rights are checked.
 * - An opportunity's legacy `voters` (the per-card toggle of boards made before rounds): a
 *   participant may add or remove only their own participant id, the one the server derived
 *   from the key of their connection. One without a key can change no one's.
 */

export const documentRecordId = 'document:document';

const metaValue = (record: unknown): unknown => {
  if (typeof record !== 'object' || record === null) return undefined;
  const meta = (record as { meta?: unknown }).meta;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>)[votingMetaKey] : undefined;
};

/** Why a client may not turn the document record `before` into `after` (undefined: absent), if it may not. */
function votingStateRefusal(id: string, before: unknown, after: unknown): string | undefined {
  if (id !== documentRecordId) return undefined;
  return isDeepStrictEqual(metaValue(before), metaValue(after)) ? undefined : 'changed the voting rounds (the server’s to write)';
}

function opportunityVoters(record: unknown): readonly unknown[] | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const shape = record as { typeName?: unknown; type?: unknown; props?: { voters?: unknown } };
  if (shape.typeName !== 'shape' || shape.type !== 'opportunity') return undefined;
  return Array.isArray(shape.props?.voters) ? shape.props.voters : [];
}

/**
 * Why a client with participant id `participantId` (null: none) may not turn `before` into
 * `after` as far as legacy votes go. Deleting a card takes its votes with it, which is the
 * card's business, not a vote; creating one may carry the creator's own vote only.
 */
function foreignVoteRefusal(participantId: string | null, before: unknown, after: unknown): string | undefined {
  const next = opportunityVoters(after);
  if (next === undefined) return undefined;
  const previous = opportunityVoters(before) ?? [];
  const changed = [...next.filter((voter) => !previous.includes(voter)), ...previous.filter((voter) => !next.includes(voter))];
  return changed.some((voter) => voter !== participantId) ? 'changed another participant’s vote' : undefined;
}

/**
 * The rules for the record guard. `isServer` tells the server's own changes (not bound),
 * `participantOf` the participant id of a transaction's author (null: none known).
 */
export function votingRules(isServer: (origin: unknown) => boolean, participantOf: (origin: unknown) => string | null): RecordRule[] {
  const binds = (origin: unknown) => !isServer(origin);
  return [
    { reason: 'voting_state', binds, refuse: votingStateRefusal },
    { reason: 'foreign_vote', binds, refuse: (_id, before, after, origin) => foreignVoteRefusal(participantOf(origin), before, after) },
  ];
}
