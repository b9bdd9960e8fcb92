/** Voting rounds and ballots (VotingStore in storage/types.ts), run unchanged against every backend. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, BallotRecord, VotingRoundRecord } from '../../src/storage/index.ts';
import { backends, boardOf, freshStore } from './backends.ts';

const round = (id: string, boardId: string, overrides: Partial<VotingRoundRecord> = {}): VotingRoundRecord => ({
  id,
  boardId,
  label: `round ${id}`,
  votesPerParticipant: 3,
  weighting: 'none',
  anonymous: false,
  openedAt: new Date('2026-03-01T10:00:00Z'),
  closedAt: null,
  revealedAt: null,
  results: null,
  ...overrides,
});
const ballot = (roundId: string, participantId: string, votes: Record<string, number>, overrides: Partial<BallotRecord> = {}): BallotRecord => ({
  roundId,
  participantId,
  votes,
  name: `name ${participantId}`,
  speaksFor: 'housing',
  castAt: new Date('2026-03-01T10:05:00Z'),
  ...overrides,
});
const audit = (boardId: string, action: AuditEntry['action']): AuditEntry => ({ boardId, at: new Date('2026-03-01T12:00:00Z'), actor: { role: 'owner', name: null }, action, detail: {} });

describe.each(backends)('$name store: voting rounds and ballots', (backend) => {
  it('opens one round at a time, closes and reveals it once, each with its audit row', async () => {
    const { store } = await freshStore(backend);
    await store.createBoard(boardOf('b'), new Uint8Array([0, 0]));
    expect(await store.openRound(round('r1', 'b', { weighting: 'domain', anonymous: true }), 10, audit('b', 'voting.open'))).toBe('opened');
    expect(await store.openRound(round('r2', 'b'), 10, audit('b', 'voting.open'))).toBe('round_open');
    expect(await store.getRound('b', 'r1')).toEqual(round('r1', 'b', { weighting: 'domain', anonymous: true }));
    expect(await store.getRound('other', 'r1')).toBeUndefined();

    const closedAt = new Date('2026-03-01T11:00:00Z');
    expect((await store.closeRound('b', 'r1', closedAt, null, audit('b', 'voting.close')))?.closedAt).toEqual(closedAt);
    // Closing again changes nothing and logs nothing; revealing keeps the first close time.
    expect((await store.closeRound('b', 'r1', new Date('2026-03-01T11:30:00Z'), null, audit('b', 'voting.close')))?.closedAt).toEqual(closedAt);
    const revealedAt = new Date('2026-03-01T11:45:00Z');
    const results = [{ opportunityId: 'shape:a', title: 'Warmtenet', votes: 3, weighted: 1.5, voters: null }];
    const revealed = await store.closeRound('b', 'r1', revealedAt, results, audit('b', 'voting.reveal'));
    expect(revealed).toMatchObject({ closedAt, revealedAt, results });
    // A second reveal keeps the first one's time and results.
    const again = await store.closeRound('b', 'r1', new Date(), [], audit('b', 'voting.reveal'));
    expect(again).toMatchObject({ revealedAt, results });
    expect((await store.getRound('b', 'r1'))?.results).toEqual(results);
    expect(await store.closeRound('b', 'none', new Date(), [], audit('b', 'voting.reveal'))).toBeUndefined();

    expect(await store.openRound(round('r2', 'b', { openedAt: new Date('2026-03-01T13:00:00Z') }), 2, audit('b', 'voting.open'))).toBe('opened');
    await store.closeRound('b', 'r2', new Date('2026-03-01T14:00:00Z'), null, audit('b', 'voting.close'));
    expect(await store.openRound(round('r3', 'b'), 2, audit('b', 'voting.open'))).toBe('too_many_rounds');
    expect((await store.listRounds('b')).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect((await store.listAudit('b')).map((e) => e.action)).toEqual(['voting.open', 'voting.close', 'voting.reveal', 'voting.open', 'voting.close']);
  });

  it('keeps one ballot per participant and round, replaced whole, and none once the round is closed', async () => {
    const { store } = await freshStore(backend);
    await store.createBoard(boardOf('b'), new Uint8Array([0, 0]));
    await store.openRound(round('r1', 'b'), 10, audit('b', 'voting.open'));
    expect(await store.putBallot('b', ballot('r1', 'p1', { 'shape:a': 2 }))).toBe('stored');
    expect(await store.putBallot('b', ballot('r1', 'p1', { 'shape:a': 1, 'shape:b': 1 }, { speaksFor: null }))).toBe('stored');
    expect(await store.putBallot('b', ballot('r1', 'p2', { 'shape:b': 3 }))).toBe('stored');
    expect(await store.getBallot('r1', 'p1')).toEqual(ballot('r1', 'p1', { 'shape:a': 1, 'shape:b': 1 }, { speaksFor: null }));
    expect((await store.listBallots('r1')).map((b) => [b.participantId, b.votes])).toEqual([
      ['p1', { 'shape:a': 1, 'shape:b': 1 }],
      ['p2', { 'shape:b': 3 }],
    ]);
    expect(await store.ballotCounts('b')).toEqual(new Map([['r1', 2]]));
    // Withdrawing every vote removes the ballot: the participant no longer counts as having voted.
    expect(await store.putBallot('b', ballot('r1', 'p2', { 'shape:b': 0 }))).toBe('stored');
    expect(await store.getBallot('r1', 'p2')).toBeUndefined();
    expect(await store.ballotCounts('b')).toEqual(new Map([['r1', 1]]));

    expect(await store.putBallot('b', ballot('none', 'p1', { 'shape:a': 1 }))).toBe('no_round');
    expect(await store.putBallot('other', ballot('r1', 'p1', { 'shape:a': 1 }))).toBe('no_round');
    await store.closeRound('b', 'r1', new Date(), null, audit('b', 'voting.close'));
    expect(await store.putBallot('b', ballot('r1', 'p1', { 'shape:a': 3 }))).toBe('round_closed');
    expect((await store.getBallot('r1', 'p1'))?.votes).toEqual({ 'shape:a': 1, 'shape:b': 1 });
  });

  it('deletes a board’s rounds and ballots with the board', async () => {
    const { store } = await freshStore(backend);
    await store.createBoard(boardOf('b'), new Uint8Array([0, 0]));
    await store.openRound(round('r1', 'b'), 10, audit('b', 'voting.open'));
    await store.putBallot('b', ballot('r1', 'p1', { 'shape:a': 1 }));
    expect(await store.deleteBoard('b', audit('b', 'board.delete'))).toBe(true);
    expect(await store.listRounds('b')).toEqual([]);
    expect(await store.listBallots('r1')).toEqual([]);
  });
});
