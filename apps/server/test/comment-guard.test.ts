import { describe, expect, it } from 'vitest';
import { editedComment, newComment, reopenedComment, resolvedComment, type CardComment, type CardCommentId } from '@koppelbord/board-model';
import { commentRefusal, commentRule } from '../src/sync/comment-guard.ts';

const anna = { id: 'a'.repeat(32), name: 'Anna', speaksFor: 'sewerage-water' };
const bram = { id: 'b'.repeat(32), name: 'Bram', speaksFor: 'education' };
const comment = (author = anna): CardComment => newComment({ id: 'card-comment:c1' as CardCommentId, cardId: 'shape:heat', author, text: 'Past dit?', now: 1_000 });
const card = { id: 'shape:heat', typeName: 'shape', type: 'opportunity', props: {}, meta: {} };

describe('commentRefusal', () => {
  it('lets the author write, edit and delete her comment', () => {
    const mine = comment();
    expect(commentRefusal(undefined, mine, anna.id)).toBeUndefined();
    expect(commentRefusal(mine, editedComment(mine, 'Anders', 2_000), anna.id)).toBeUndefined();
    expect(commentRefusal(mine, undefined, anna.id)).toBeUndefined();
  });

  it('refuses a comment under another id, and any comment without a participant', () => {
    expect(commentRefusal(undefined, comment(), bram.id)).toMatch(/another participant/);
    expect(commentRefusal(undefined, comment(), null)).toMatch(/participant key/);
    expect(commentRefusal(comment(), undefined, null)).toMatch(/participant key/);
  });

  it('refuses editing, deleting or re-attributing someone else’s comment', () => {
    const annas = comment();
    expect(commentRefusal(annas, editedComment(annas, 'Bram was hier', 2_000), bram.id)).toMatch(/edited another/);
    expect(commentRefusal(annas, { ...annas, meta: { x: 1 } }, bram.id)).toMatch(/edited another/);
    expect(commentRefusal(annas, undefined, bram.id)).toMatch(/deleted another/);
    expect(commentRefusal(annas, { ...annas, authorId: bram.id }, bram.id)).toMatch(/authorId/);
  });

  it('keeps what identifies a comment fixed, for its author too', () => {
    const mine = comment();
    for (const change of [{ cardId: 'shape:other' }, { authorName: 'Iemand' }, { authorDomain: 'housing' }, { createdAt: 5 }]) {
      expect(commentRefusal(mine, { ...mine, ...change }, anna.id)).toMatch(/changed the comment/);
    }
  });

  it('lets anyone resolve in their own name and reopen; not in someone else’s name', () => {
    const annas = comment();
    const byBram = resolvedComment(annas, bram, 2_000);
    expect(commentRefusal(annas, byBram, bram.id)).toBeUndefined();
    expect(commentRefusal(byBram, reopenedComment(byBram), anna.id)).toBeUndefined();
    expect(commentRefusal(annas, resolvedComment(annas, anna, 2_000), bram.id)).toMatch(/another participant’s name/);
    // A comment created resolved (undoing a deletion) must be signed by its writer as well.
    expect(commentRefusal(undefined, resolvedComment(annas, bram, 2_000), anna.id)).toMatch(/another participant’s name/);
    expect(commentRefusal(undefined, resolvedComment(annas, anna, 2_000), anna.id)).toBeUndefined();
  });

  it('refuses turning a record into a comment and back, and leaves other records alone', () => {
    const mine = comment();
    expect(commentRefusal(card, { ...mine, id: card.id }, anna.id)).toMatch(/into a comment/);
    expect(commentRefusal(mine, { ...card, id: mine.id }, anna.id)).toMatch(/into another record/);
    expect(commentRefusal(undefined, card, null)).toBeUndefined();
    expect(commentRefusal(card, { ...card, props: { title: 'x' } }, bram.id)).toBeUndefined();
  });
});

describe('commentRule', () => {
  it('binds everyone but the server, and asks who wrote from the origin', () => {
    const server = Symbol('server');
    const writers = new Map<unknown, string>([['anna', anna.id]]);
    const rule = commentRule((origin) => origin === server, (origin) => writers.get(origin) ?? null);
    expect(rule.binds(server)).toBe(false);
    expect(rule.binds('anna')).toBe(true);
    expect(rule.refuse('card-comment:c1', undefined, comment(), 'anna')).toBeUndefined();
    expect(rule.refuse('card-comment:c1', undefined, comment(), 'someone')).toMatch(/participant key/);
    expect(rule.reason).toBe('comment_author');
  });
});
