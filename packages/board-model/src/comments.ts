/**
 * Comments on cards: a short thread per domain, organisation or opportunity card, each
 * comment a `card-comment` record of its own (records/card-comment.ts). This module reads
 * threads out of any set of board records (the client's store, the server's snapshot) and
 * makes the records the client writes. Resolution is per comment: a thread is resolved when
 * none of its comments is open, and a new comment is open, so it reopens the thread.
 * DOM-free.
 */
import type { BoardLanguage } from '@koppelbord/contract';
import { cardTitle } from './card-title.ts';
import { cardKindLabels, catalogueLabel } from './labels.ts';
import type { BoardRecordLike } from './links.ts';
import { cardCommentType, type CardComment, type CommentResolution } from './records/card-comment.ts';
import { textLimits } from './shapes/common.ts';

/** The card kinds that carry a thread. */
export const commentableCardTypes = ['domain', 'organisation', 'opportunity'] as const;
export type CommentableCardType = (typeof commentableCardTypes)[number];

export function isCardComment(record: BoardRecordLike): record is CardComment & BoardRecordLike {
  return record.typeName === cardCommentType;
}

interface CardLike extends BoardRecordLike {
  typeName: 'shape';
  type: CommentableCardType;
  props: Record<string, unknown>;
}

function isCommentableCard(record: BoardRecordLike | undefined): record is CardLike {
  if (record?.typeName !== 'shape') return false;
  const type = (record as { type?: unknown }).type;
  return commentableCardTypes.includes(type as CommentableCardType);
}

/** Oldest first; the id settles two comments written in the same millisecond, so every client shows one order. */
function byTime(a: CardComment, b: CardComment): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The thread of one card: its comments, oldest first. */
export function commentsOf(records: Iterable<BoardRecordLike>, cardId: string): CardComment[] {
  const thread: CardComment[] = [];
  for (const record of records) if (isCardComment(record) && record.cardId === cardId) thread.push(record);
  return thread.sort(byTime);
}

export interface CommentCount {
  total: number;
  /** Not resolved. */
  open: number;
}

export function commentCount(thread: Iterable<CardComment>): CommentCount {
  let total = 0;
  let open = 0;
  for (const comment of thread) {
    total++;
    if (comment.resolved === null) open++;
  }
  return { total, open };
}

/** The count of every card that has comments, by card id (comments on a card that is gone are not counted). */
export function commentCounts(records: Iterable<BoardRecordLike>): Map<string, CommentCount> {
  const all = Array.from(records);
  const cards = new Set(all.filter(isCommentableCard).map((card) => card.id));
  const counts = new Map<string, CommentCount>();
  for (const record of all) {
    if (!isCardComment(record) || !cards.has(record.cardId)) continue;
    const count = counts.get(record.cardId) ?? { total: 0, open: 0 };
    count.total++;
    if (record.resolved === null) count.open++;
    counts.set(record.cardId, count);
  }
  return counts;
}

/** Why a text cannot be a comment, or null when it can: the same limits the record's validator holds. */
export function commentTextProblem(text: string): 'empty' | 'too-long' | null {
  if (text.trim() === '') return 'empty';
  return text.trim().length > textLimits.comment ? 'too-long' : null;
}

/** Who writes: the participant as they joined (`speaksFor`: a catalogue key or their own text). */
export interface CommentAuthor {
  id: string;
  name: string;
  speaksFor: string;
}

/** A new, open comment; `id` is a fresh `card-comment:…` id (the caller makes it, tldraw's `createCustomRecordId`). */
export function newComment(input: { id: CardComment['id']; cardId: string; author: CommentAuthor; text: string; now: number }): CardComment {
  return {
    id: input.id,
    typeName: cardCommentType,
    cardId: input.cardId,
    authorId: input.author.id,
    authorName: input.author.name.trim().slice(0, textLimits.name),
    authorDomain: input.author.speaksFor.trim().slice(0, textLimits.label),
    text: input.text.trim(),
    createdAt: input.now,
    editedAt: null,
    resolved: null,
    meta: {},
  };
}

export function editedComment(comment: CardComment, text: string, now: number): CardComment {
  return { ...comment, text: text.trim(), editedAt: now };
}

export function resolvedComment(comment: CardComment, by: CommentAuthor, now: number): CardComment {
  const resolution: CommentResolution = { at: now, by: by.id, byName: by.name.trim().slice(0, textLimits.name) };
  return { ...comment, resolved: resolution };
}

export function reopenedComment(comment: CardComment): CardComment {
  return { ...comment, resolved: null };
}

/** What a card is called next to its thread: "Koppelkans: Buurtwarmte", "Beleidsdomein: Riolering & water". */
export function commentedCardLabel(card: BoardRecordLike, locale: BoardLanguage): string {
  if (!isCommentableCard(card)) return '';
  const props = card.props;
  const title =
    card.type === 'domain'
      ? catalogueLabel(String(props.domain ?? ''), locale)
      : card.type === 'organisation'
        ? cardTitle('organisation', String(props.name ?? ''), locale)
        : cardTitle('opportunity', String(props.title ?? ''), locale);
  return `${cardKindLabels[card.type][locale]}: ${title}`;
}

export interface CommentedCard {
  card: BoardRecordLike;
  label: string;
  thread: CardComment[];
}

/** Every card with a thread, in kind order (domains, organisations, opportunities) and then by label. */
export function commentedCards(records: Iterable<BoardRecordLike>, locale: BoardLanguage): CommentedCard[] {
  const all = Array.from(records);
  const threads = new Map<string, CardComment[]>();
  for (const record of all) if (isCardComment(record)) threads.set(record.cardId, [...(threads.get(record.cardId) ?? []), record]);
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  return all
    .filter((record): record is CardLike => isCommentableCard(record) && threads.has(record.id))
    .map((card) => ({ card, label: commentedCardLabel(card, locale), thread: threads.get(card.id)!.sort(byTime), kind: commentableCardTypes.indexOf(card.type) }))
    .sort((a, b) => a.kind - b.kind || collator.compare(a.label, b.label))
    .map(({ card, label, thread }) => ({ card, label, thread }));
}
