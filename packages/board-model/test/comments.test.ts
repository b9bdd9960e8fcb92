import { describe, expect, it } from 'vitest';
import { commentCount, commentCounts, commentedCards, commentsOf, commentTextProblem, editedComment, newComment, reopenedComment, resolvedComment } from '../src/comments.ts';
import type { CardComment, CardCommentId } from '../src/records/card-comment.ts';
import { sessionReport, type ReportBlock, type SessionReportInput } from '../src/report-model.ts';
import { createBoardSchema } from '../src/schema.ts';
import type { TLRecord } from '../src/tl-types.ts';
import { domain, opportunity, organisation, type Rec } from './records.ts';

const anna = { id: 'a'.repeat(32), name: 'Anna de Vries', speaksFor: 'sewerage-water' };
const piet = { id: 'b'.repeat(32), name: 'Piet', speaksFor: 'Buurtteam Oost' };

const comment = (id: string, cardId: string, author = anna, createdAt = Date.UTC(2026, 11, 2, 13, 5), text = 'Past dit bij de vervanging in 2028?'): CardComment =>
  newComment({ id: `card-comment:${id}` as CardCommentId, cardId, author, text, now: createdAt });

const schema = createBoardSchema();
const validate = (record: unknown) => schema.types['card-comment']!.validate(record as TLRecord);

describe('the card-comment record', () => {
  it('is part of the board schema, with document scope (it syncs and goes into snapshots)', () => {
    expect(schema.types['card-comment']?.scope).toBe('document');
    expect(Object.keys(schema.serialize().sequences)).toContain('com.tldraw.card-comment');
  });

  it('validates a new comment, an edited one and a resolved one', () => {
    const first = comment('c1', 'shape:heat');
    expect(() => validate(first)).not.toThrow();
    expect(() => validate(editedComment(first, 'Nieuwe tekst', first.createdAt + 1000))).not.toThrow();
    expect(() => validate(resolvedComment(first, piet, first.createdAt + 2000))).not.toThrow();
  });

  it('refuses empty and too long text, a forged-looking author id, a card id that is not a shape, and a wrong id', () => {
    const first = comment('c1', 'shape:heat');
    expect(() => validate({ ...first, text: '   ' })).toThrow();
    expect(() => validate({ ...first, text: 'x'.repeat(1001) })).toThrow();
    expect(() => validate({ ...first, text: 'x'.repeat(1000) })).not.toThrow();
    expect(() => validate({ ...first, authorId: 'someone' })).toThrow();
    expect(() => validate({ ...first, cardId: 'page:page' })).toThrow();
    expect(() => validate({ ...first, id: 'shape:c1' })).toThrow();
    expect(() => validate({ ...first, createdAt: -1 })).toThrow();
    expect(() => validate({ ...first, resolved: { at: 1, by: 'nobody', byName: '' } })).toThrow();
    expect(() => validate({ ...first, authorName: 'x'.repeat(121) })).toThrow();
  });

  it('trims what it stores and starts open', () => {
    const made = newComment({ id: 'card-comment:x' as CardCommentId, cardId: 'shape:heat', author: { ...anna, name: '  Anna  ' }, text: '  Goed idee  ', now: 5 });
    expect(made).toMatchObject({ text: 'Goed idee', authorName: 'Anna', authorDomain: 'sewerage-water', resolved: null, editedAt: null, authorId: anna.id });
  });
});

describe('commentTextProblem', () => {
  it('says what the form must refuse', () => {
    expect(commentTextProblem('')).toBe('empty');
    expect(commentTextProblem(' \n ')).toBe('empty');
    expect(commentTextProblem('x'.repeat(1001))).toBe('too-long');
    expect(commentTextProblem('Prima')).toBeNull();
  });
});

describe('threads and counts', () => {
  const records = (): Rec[] => [
    opportunity('heat', { title: 'Warmtenet' }),
    domain('sewer', 'sewerage-water'),
    organisation('corp', 'De Kernen', 'housing-corporation'),
    comment('late', 'shape:heat', piet, 3000) as unknown as Rec,
    comment('early', 'shape:heat', anna, 1000) as unknown as Rec,
    resolvedComment(comment('done', 'shape:heat', anna, 2000), piet, 2500) as unknown as Rec,
    comment('d1', 'shape:sewer', piet, 1000) as unknown as Rec,
    // The card was deleted: its comment stays in the doc but is counted nowhere.
    comment('orphan', 'shape:gone', piet, 1000) as unknown as Rec,
  ];

  it('gives a card its thread oldest first', () => {
    expect(commentsOf(records(), 'shape:heat').map((c) => c.id)).toEqual(['card-comment:early', 'card-comment:done', 'card-comment:late']);
    expect(commentsOf(records(), 'shape:corp')).toEqual([]);
  });

  it('orders two comments of the same millisecond by id, so every client shows one order', () => {
    const same = [comment('b', 'shape:heat', piet, 1000), comment('a', 'shape:heat', anna, 1000)] as unknown as Rec[];
    expect(commentsOf(same, 'shape:heat').map((c) => c.id)).toEqual(['card-comment:a', 'card-comment:b']);
  });

  it('counts all and open comments', () => {
    expect(commentCount(commentsOf(records(), 'shape:heat'))).toEqual({ total: 3, open: 2 });
    const counts = commentCounts(records());
    expect(counts.get('shape:heat')).toEqual({ total: 3, open: 2 });
    expect(counts.get('shape:sewer')).toEqual({ total: 1, open: 1 });
    expect(counts.has('shape:gone')).toBe(false);
    expect(counts.has('shape:corp')).toBe(false);
  });

  it('reopens a resolved comment', () => {
    const done = resolvedComment(comment('c', 'shape:heat'), piet, 10);
    expect(done.resolved).toEqual({ at: 10, by: piet.id, byName: 'Piet' });
    expect(reopenedComment(done).resolved).toBeNull();
  });

  it('lists the commented cards by kind with their labels', () => {
    expect(commentedCards(records(), 'nl').map((card) => [card.label, card.thread.length])).toEqual([
      ['Beleidsdomein: Riolering & water', 1],
      ['Koppelkans: Warmtenet', 3],
    ]);
    expect(commentedCards(records(), 'en')[0]!.label).toBe('Policy domain: Sewerage & water');
  });
});

describe('comments in the session report', () => {
  const input = (includeNames: boolean): SessionReportInput => ({
    board: { title: 'De Esch', municipality: null, neighbourhood: null },
    snapshot: { label: 'Sessie 1', createdAt: new Date('2026-12-02T15:30:00Z') },
    participants: [],
    includeNames,
    previous: null,
    invalidRecords: 0,
  });
  const section = (blocks: ReportBlock[]) => {
    const start = blocks.findIndex((block) => block.kind === 'heading' && block.level === 2 && (block.text === 'Opmerkingen bij kaarten' || block.text === 'Comments on cards'));
    const end = blocks.findIndex((block, index) => index > start && block.kind === 'heading' && block.level === 2);
    return blocks.slice(start, end);
  };
  const board = (): Rec[] => [
    opportunity('heat', { title: 'Warmtenet' }),
    comment('c1', 'shape:heat', anna, Date.UTC(2026, 11, 2, 13, 5)) as unknown as Rec,
    resolvedComment(editedComment(comment('c2', 'shape:heat', piet, Date.UTC(2026, 11, 2, 13, 10), 'Eerst de buurt vragen'), 'Eerst de buurt vragen!', Date.UTC(2026, 11, 2, 13, 11)), anna, Date.UTC(2026, 11, 2, 13, 20)) as unknown as Rec,
  ];

  it('shows each thread under its card, with author, domain, time and state', () => {
    const blocks = section(sessionReport(board(), input(true), 'nl').blocks);
    expect(blocks[1]).toEqual({ kind: 'heading', level: 3, text: 'Koppelkans: Warmtenet (2, 1 open)' });
    expect(blocks[2]).toEqual({
      kind: 'list',
      items: [
        'Anna de Vries (Riolering & water), 2 december 2026 om 14:05 CET: Past dit bij de vervanging in 2028?',
        'Piet (Buurtteam Oost), 2 december 2026 om 14:10 CET: Eerst de buurt vragen! [gewijzigd; afgehandeld 2 december 2026 om 14:20 CET]',
      ],
    });
  });

  it('leaves the names out when the owner chose so (AVG): the domain stays', () => {
    const items = (section(sessionReport(board(), input(false), 'en').blocks)[2] as { items: string[] }).items;
    expect(items[0]).toMatch(/^Sewerage & water, 2 December 2026/);
    expect(items.join(' ')).not.toContain('Anna');
    expect(items[1]).toContain('[edited; resolved ');
  });

  it('says so when there are no comments', () => {
    const blocks = section(sessionReport([opportunity('heat', { title: 'Warmtenet' })], input(true), 'nl').blocks);
    expect(blocks[1]).toEqual({ kind: 'paragraph', text: 'Er zijn geen opmerkingen bij de kaarten.' });
  });
});
