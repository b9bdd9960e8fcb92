import { createCustomRecordMigrationSequence, type CustomRecordInfo } from '@tldraw/tlschema';
import { T } from '@tldraw/validate';
import { participantIdPattern } from '@koppelbord/contract';
import { text, textLimits } from '../shapes/common.ts';

/** The record type name of a comment on a card (not tldraw's own `comment`, which its sync server keeps out of snapshots). */
export const cardCommentType = 'card-comment';

/**
 * A comment's record id, branded as tldraw's `RecordId<CardComment>` is (the same shape,
 * spelled out here because the board model depends on @tldraw/tlschema, not @tldraw/store).
 */
export type CardCommentId = string & { __type__: CardComment };

/** Who resolved a comment, and when. */
export interface CommentResolution {
  /** Epoch milliseconds. */
  at: number;
  /** The participant id of who resolved it (server-checked like the author's). */
  by: string;
  /** Their name as they stated it when they joined. */
  byName: string;
}

/**
 * One comment on a card: a record of its own (`card-comment:<random>`), so that two people
 * commenting on one card at the same moment each add a record and both keep theirs (the
 * binding merges records by id; an array in one prop would be last-writer-wins). A card's
 * thread is every comment whose `cardId` is that card, oldest first.
 *
 * `authorName` and `authorDomain` are what the author stated when joining (self-declared, as
 * the participant list shows them); `authorId` is their participant id, which the server
 * checks against the writing connection's participant key.
 */
export interface CardComment {
  readonly id: CardCommentId;
  readonly typeName: typeof cardCommentType;
  /** The card the comment is on (`shape:…`): a domain, organisation or opportunity card. */
  cardId: string;
  authorId: string;
  authorName: string;
  /** A catalogue key (domain or organisation kind) or the author's own text; empty when not given. */
  authorDomain: string;
  text: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** When the author last changed the text, or null. */
  editedAt: number | null;
  /** Null while the comment is open. */
  resolved: CommentResolution | null;
  meta: Record<string, unknown>;
}

declare module '@tldraw/tlschema' {
  interface TLGlobalRecordPropsMap {
    [cardCommentType]: CardComment;
  }
}

const participantId = T.string.check((value) => {
  if (!participantIdPattern.test(value)) throw new Error('not a participant id');
});

const moment = T.number.check((value) => {
  if (!Number.isInteger(value) || value <= 0) throw new Error('expected epoch milliseconds');
});

const commentText = text(textLimits.comment).check((value) => {
  if (value.trim() === '') throw new Error('a comment has text');
});

const shapeId = T.string.check((value) => {
  if (!value.startsWith('shape:') || value.length > 200) throw new Error('expected a shape id');
});

const cardCommentValidator: T.Validatable<CardComment> = T.object<CardComment>({
  id: T.string.check((value) => {
    if (!value.startsWith(`${cardCommentType}:`) || value.length > 200) throw new Error(`expected a ${cardCommentType} id`);
  }) as unknown as T.Validator<CardCommentId>,
  typeName: T.literal(cardCommentType),
  cardId: shapeId,
  authorId: participantId,
  authorName: text(textLimits.name),
  authorDomain: text(textLimits.label),
  text: commentText,
  createdAt: moment,
  editedAt: moment.nullable(),
  resolved: T.object({ at: moment, by: participantId, byName: text(textLimits.name) }).nullable(),
  meta: T.jsonValue as T.Validator<Record<string, unknown>>,
});

/** Version 0: no migration yet. A change to the record's fields adds a step here, with `up` and `down`. */
const cardCommentMigrations = createCustomRecordMigrationSequence({ sequence: [] });

/** The record types of the board beyond tldraw's and the shapes, for `createTLSchema` and the client's `createTLStore`. */
export const koppelRecordSchemas: Record<string, CustomRecordInfo> = {
  [cardCommentType]: { scope: 'document', validator: cardCommentValidator, migrations: cardCommentMigrations },
};
