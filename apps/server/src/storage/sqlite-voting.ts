import type Database from 'better-sqlite3';
import type { VotingResult, VotingWeighting } from '@koppelbord/contract';
import { insertAuditRow } from './sqlite-snapshots.ts';
import type { AuditEntry, BallotRecord, VotingRoundRecord, VotingStore } from './types.ts';

interface RoundRow {
  id: string;
  board_id: string;
  label: string;
  votes_per_participant: number;
  weighting: string;
  anonymous: number;
  opened_at: number;
  closed_at: number | null;
  revealed_at: number | null;
  results: string | null;
}

interface BallotRow {
  round_id: string;
  participant_id: string;
  votes: string;
  name: string | null;
  speaks_for: string | null;
  cast_at: number;
}

const toRound = (row: RoundRow): VotingRoundRecord => ({
  id: row.id,
  boardId: row.board_id,
  label: row.label,
  votesPerParticipant: row.votes_per_participant,
  weighting: row.weighting as VotingWeighting,
  anonymous: row.anonymous === 1,
  openedAt: new Date(row.opened_at),
  closedAt: row.closed_at === null ? null : new Date(row.closed_at),
  revealedAt: row.revealed_at === null ? null : new Date(row.revealed_at),
  results: row.results === null ? null : (JSON.parse(row.results) as VotingResult[]),
});

const toBallot = (row: BallotRow): BallotRecord => ({
  roundId: row.round_id,
  participantId: row.participant_id,
  votes: JSON.parse(row.votes) as Record<string, number>,
  name: row.name,
  speaksFor: row.speaks_for,
  castAt: new Date(row.cast_at),
});

const hasVotes = (ballot: BallotRecord) => Object.values(ballot.votes).some((count) => count > 0);

/** Voting rounds and ballots on the store's connection (it does not own the connection). */
export class SqliteVoting implements VotingStore {
  readonly #db: Database.Database;
  readonly #selectRound: Database.Statement<[string, string], RoundRow>;
  readonly #openTx: (round: VotingRoundRecord, maxRounds: number, audit: AuditEntry) => 'opened' | 'round_open' | 'too_many_rounds';
  readonly #closeTx: (boardId: string, roundId: string, at: Date, reveal: VotingResult[] | null, audit: AuditEntry) => VotingRoundRecord | undefined;
  readonly #ballotTx: (boardId: string, ballot: BallotRecord) => 'stored' | 'round_closed' | 'no_round';

  constructor(db: Database.Database) {
    this.#db = db;
    this.#selectRound = db.prepare('SELECT * FROM voting_rounds WHERE board_id = ? AND id = ?');
    this.#openTx = db.transaction((round: VotingRoundRecord, maxRounds: number, audit: AuditEntry) => {
      const { open, total } = db
        .prepare('SELECT COUNT(*) AS total, COALESCE(SUM(closed_at IS NULL), 0) AS open FROM voting_rounds WHERE board_id = ?')
        .get(round.boardId) as { open: number; total: number };
      if (open > 0) return 'round_open';
      if (total >= maxRounds) return 'too_many_rounds';
      db.prepare(
        'INSERT INTO voting_rounds (id, board_id, label, votes_per_participant, weighting, anonymous, opened_at, closed_at, revealed_at, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        round.id,
        round.boardId,
        round.label,
        round.votesPerParticipant,
        round.weighting,
        round.anonymous ? 1 : 0,
        round.openedAt.getTime(),
        round.closedAt?.getTime() ?? null,
        round.revealedAt?.getTime() ?? null,
        round.results === null ? null : JSON.stringify(round.results),
      );
      insertAuditRow(db, audit);
      return 'opened';
    });
    this.#closeTx = db.transaction((boardId: string, roundId: string, at: Date, reveal: VotingResult[] | null, audit: AuditEntry) => {
      const before = this.#selectRound.get(boardId, roundId);
      if (!before) return undefined;
      const closes = before.closed_at === null;
      const reveals = reveal !== null && before.revealed_at === null;
      if (!closes && !reveals) return toRound(before);
      db.prepare('UPDATE voting_rounds SET closed_at = COALESCE(closed_at, ?) WHERE board_id = ? AND id = ?').run(at.getTime(), boardId, roundId);
      if (reveals) db.prepare('UPDATE voting_rounds SET revealed_at = ?, results = ? WHERE board_id = ? AND id = ?').run(at.getTime(), JSON.stringify(reveal), boardId, roundId);
      insertAuditRow(db, audit);
      return toRound(this.#selectRound.get(boardId, roundId)!);
    });
    this.#ballotTx = db.transaction((boardId: string, ballot: BallotRecord) => {
      const round = this.#selectRound.get(boardId, ballot.roundId);
      if (!round) return 'no_round';
      if (round.closed_at !== null) return 'round_closed';
      if (!hasVotes(ballot)) {
        db.prepare('DELETE FROM ballots WHERE round_id = ? AND participant_id = ?').run(ballot.roundId, ballot.participantId);
        return 'stored';
      }
      db.prepare(
        `INSERT INTO ballots (round_id, participant_id, board_id, votes, name, speaks_for, cast_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (round_id, participant_id) DO UPDATE SET votes = excluded.votes, name = excluded.name, speaks_for = excluded.speaks_for, cast_at = excluded.cast_at`,
      ).run(ballot.roundId, ballot.participantId, boardId, JSON.stringify(ballot.votes), ballot.name, ballot.speaksFor, ballot.castAt.getTime());
      return 'stored';
    });
  }

  async openRound(round: VotingRoundRecord, maxRounds: number, audit: AuditEntry): Promise<'opened' | 'round_open' | 'too_many_rounds'> {
    return this.#openTx(round, maxRounds, audit);
  }

  async listRounds(boardId: string): Promise<VotingRoundRecord[]> {
    return (this.#db.prepare('SELECT * FROM voting_rounds WHERE board_id = ? ORDER BY opened_at, rowid').all(boardId) as RoundRow[]).map(toRound);
  }

  async getRound(boardId: string, roundId: string): Promise<VotingRoundRecord | undefined> {
    const row = this.#selectRound.get(boardId, roundId);
    return row && toRound(row);
  }

  async closeRound(boardId: string, roundId: string, at: Date, reveal: VotingResult[] | null, audit: AuditEntry): Promise<VotingRoundRecord | undefined> {
    return this.#closeTx(boardId, roundId, at, reveal, audit);
  }

  async putBallot(boardId: string, ballot: BallotRecord): Promise<'stored' | 'round_closed' | 'no_round'> {
    return this.#ballotTx(boardId, ballot);
  }

  async getBallot(roundId: string, participantId: string): Promise<BallotRecord | undefined> {
    const row = this.#db.prepare('SELECT * FROM ballots WHERE round_id = ? AND participant_id = ?').get(roundId, participantId) as BallotRow | undefined;
    return row && toBallot(row);
  }

  async listBallots(roundId: string): Promise<BallotRecord[]> {
    return (this.#db.prepare('SELECT * FROM ballots WHERE round_id = ? ORDER BY participant_id').all(roundId) as BallotRow[]).map(toBallot);
  }

  async ballotCounts(boardId: string): Promise<Map<string, number>> {
    const rows = this.#db.prepare('SELECT round_id, COUNT(*) AS count FROM ballots WHERE board_id = ? GROUP BY round_id').all(boardId) as { round_id: string; count: number }[];
    return new Map(rows.map((row) => [row.round_id, row.count]));
  }
}
