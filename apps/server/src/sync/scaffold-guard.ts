import { isDeepStrictEqual } from 'node:util';
import { isScaffold, pinnedScaffoldTypes } from '@koppelbord/board-model';
import type { RecordRule } from './record-guard.ts';

/**
 * Facilitator rights on template scaffolding, enforced on the server: only the board's owner
 * locks, unlocks, changes or removes locked scaffolding. A modified client can send any Yjs
 * update, so hiding the lock button is not enough; the record guard puts back what this rule
 * refuses in the same commit (see record-guard.ts), so no other participant ever sees it, and
 * because the update itself stays applied, the editor's later edits still arrive.
 *
 * Scaffolding is a shape with `meta.scaffold === true` (`isScaffold`). It is *locked* with
 * tldraw's `isLocked`, except the quadrant, which is *pinned* (`meta.pinned === true`) so that
 * the opportunity cards inside it stay movable: its children are records of their own and
 * this rule never touches them. Locking is about scaffolding only: an editor may still lock
 * and unlock their own cards with tldraw.
 */

interface ShapeLike {
  typeName: 'shape';
  type?: unknown;
  isLocked?: unknown;
  meta: unknown;
}

function isShape(record: unknown): record is ShapeLike {
  return typeof record === 'object' && record !== null && (record as { typeName?: unknown }).typeName === 'shape';
}

function pinnedFlag(shape: ShapeLike): unknown {
  const meta = shape.meta;
  return typeof meta === 'object' && meta !== null ? (meta as { pinned?: unknown }).pinned : undefined;
}

/** Whether a record (plain JSON, as stored) is locked scaffolding: locked, or a pinned quadrant or timeline. */
export function isLockedScaffold(record: unknown): boolean {
  if (!isShape(record) || !isScaffold(record)) return false;
  return record.isLocked === true || (pinnedScaffoldTypes.includes(record.type as string) && pinnedFlag(record) === true);
}

/**
 * Why an editor may not turn `before` into `after` (undefined: absent), or undefined when they
 * may. Creating records is always allowed, also locked scaffolding (a template placed by an
 * editor starts locked, and a new record takes nothing from anyone); from then on its lock is
 * the owner's.
 */
export function scaffoldRefusal(before: unknown, after: unknown): string | undefined {
  if (before === undefined) return undefined;
  if (isLockedScaffold(before)) {
    if (after === undefined) return 'deleted locked scaffolding';
    return isDeepStrictEqual(before, after) ? undefined : 'changed locked scaffolding';
  }
  if (after === undefined || !isShape(before) || !isShape(after)) return undefined;
  // Making an existing shape scaffolding (or not) would let an editor lock it against everyone else.
  if (isScaffold(before) !== isScaffold(after)) return 'changed meta.scaffold';
  if (!isScaffold(after)) return undefined;
  if (before.isLocked !== after.isLocked || pinnedFlag(before) !== pinnedFlag(after)) return 'locked scaffolding';
  return undefined;
}

/**
 * The rule for the record guard. `isOwner` is asked for each transaction's origin at the time
 * of the transaction (roles can change while a connection is open): the owner and the server's
 * own changes are not bound; everyone else who can write is an editor here.
 */
export function scaffoldRule(isOwner: (origin: unknown) => boolean, onLockChange?: (origin: unknown, locked: boolean) => void): RecordRule {
  return {
    reason: 'locked_scaffold',
    binds: (origin) => !isOwner(origin),
    refuse: (_id, before, after) => scaffoldRefusal(before, after),
    // Locking and unlocking (the owner's) go into the audit log.
    ...(onLockChange && {
      accepted: (_id: string, before: unknown, after: unknown, origin: unknown) => {
        if (before === undefined || after === undefined || !isShape(after) || !isScaffold(after)) return;
        const locked = isLockedScaffold(after);
        if (locked !== isLockedScaffold(before)) onLockChange(origin, locked);
      },
    }),
  };
}
