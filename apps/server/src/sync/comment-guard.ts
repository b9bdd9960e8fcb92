import { isDeepStrictEqual } from 'node:util';
import { cardCommentType } from '@koppelbord/board-model';
import type { RecordRule } from './record-guard.ts';

/**
 * Who may write which comment on a card, enforced on the server against any client: a
 * comment's `authorId` must be the participant id the server derived from the writing
 * connection's participant key (so nobody comments "as someone else"), only its author changes
 * its text or deletes it, and any participant who can write may resolve or reopen it (and
 * must then sign the resolution with their own id). Viewers cannot write at all (the room
 * drops their updates before this rule). Text length and the record's shape are the record
 * validator's (board-model records/card-comment.ts), which runs before this rule.
 *
 * What this rule refuses is put back by the record guard in the same commit (record-guard.ts).
 *
 * The author's name and domain are what the participant stated when joining: self-declared,
 * like the participant list; the rule keeps them as they were first written.
 */

interface CommentLike {
  typeName: typeof cardCommentType;
  authorId: unknown;
  resolved: unknown;
}

function isComment(record: unknown): record is CommentLike & Record<string, unknown> {
  return typeof record === 'object' && record !== null && (record as { typeName?: unknown }).typeName === cardCommentType;
}

/** Fields fixed once the comment exists. */
const fixedFields = ['cardId', 'authorId', 'authorName', 'authorDomain', 'createdAt'] as const;
/** Fields only the author changes. */
const authorFields = ['text', 'editedAt', 'meta'] as const;

/**
 * Why the participant `writer` (null: the writer has no participant key, or is not known any
 * more) may not turn `before` into `after` (undefined: absent), or undefined when they may.
 * Records that are not comments, before and after, are not this rule's.
 */
export function commentRefusal(before: unknown, after: unknown, writer: string | null): string | undefined {
  if (!isComment(before) && !isComment(after)) return undefined;
  if (writer === null) return 'a comment written without a participant key';
  if (!isComment(before)) {
    // Created (or an id that held something else turned into a comment).
    if (before !== undefined || !isComment(after)) return 'turned a record into a comment';
    if (after.authorId !== writer) return 'a comment under another participant’s id';
    return resolutionRefusal(undefined, after, writer);
  }
  if (!isComment(after)) {
    if (after !== undefined) return 'turned a comment into another record';
    return before.authorId === writer ? undefined : 'deleted another participant’s comment';
  }
  for (const field of fixedFields) if (!isDeepStrictEqual(before[field], after[field])) return `changed the comment’s ${field}`;
  if (before.authorId !== writer) {
    for (const field of authorFields) if (!isDeepStrictEqual(before[field], after[field])) return 'edited another participant’s comment';
  }
  return resolutionRefusal(before, after, writer);
}

/** A changed resolution must be signed by the writer (reopening, setting it to null, is anyone's). */
function resolutionRefusal(before: (CommentLike & Record<string, unknown>) | undefined, after: CommentLike, writer: string): string | undefined {
  if (after.resolved === null || isDeepStrictEqual(before?.resolved, after.resolved)) return undefined;
  const by = (after.resolved as { by?: unknown }).by;
  return by === writer ? undefined : 'resolved a comment in another participant’s name';
}

/**
 * The rule for the record guard. `writerOf` gives the participant id behind a transaction's
 * origin (null when it has none); the server's own changes (`isServer`) are not bound.
 */
export function commentRule(isServer: (origin: unknown) => boolean, writerOf: (origin: unknown) => string | null): RecordRule {
  return {
    reason: 'comment_author',
    binds: (origin) => !isServer(origin),
    refuse: (_id, before, after, origin) => commentRefusal(before, after, writerOf(origin)),
  };
}
