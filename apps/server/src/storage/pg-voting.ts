import type pg from 'pg';
import type { VotingResult, VotingWeighting } from '@koppelbord/contract';
import { inTransaction, type Queryable } from './pg-client.ts';
import { insertAudit } from './pg-snapshots.ts';
import type { AuditEntry, BallotRecord, VotingRoundRecord, VotingStore } from './types.ts';

interface RoundRow {
  id: string;
  board_id: string;
  label: string;
  votes_per_participant: number;
  weighting: string;
  anonymous: boolean;
  opened_at: Date;
  closed_at: Date | null;
  revealed_at: Date | null;
  results: VotingResult[] | null;
}

interface BallotRow {
  round_id: string;
  participant_id: string;
  votes: Record<string, number>;
  name: string | null;
  speaks_for: string | null;
  cast_at: Date;
}

const roundColumns = 'id, board_id, label, votes_per_participant, weighting, anonymous, opened_at, closed_at, revealed_at, results';
const ballotColumns = 'round_id, participant_id, votes, name, speaks_for, cast_at';

const toRound = (row: RoundRow): VotingRoundRecord => ({
  id: row.id,
  boardId: row.board_id,
  label: row.label,
  votesPerParticipant: row.votes_per_participant,
  weighting: row.weighting as VotingWeighting,
  anonymous: row.anonymous,
  openedAt: row.opened_at,
  closedAt: row.closed_at,
  revealedAt: row.revealed_at,
  results: row.results,
});

const toBallot = (row: BallotRow): BallotRecord => ({
  roundId: row.round_id,
  participantId: row.participant_id,
  votes: row.votes,
  name: row.name,
  speaksFor: row.speaks_for,
  castAt: row.cast_at,
});

async function selectRound(db: Queryable, boardId: string, roundId: string, lock = ''): Promise<RoundRow | undefined> {
  const { rows } = await db.query<RoundRow>(`SELECT ${roundColumns} FROM voting_rounds WHERE board_id = $1 AND id = $2 ${lock}`, [boardId, roundId]);
  return rows[0];
}

/**
 * Voting rounds and ballots on the store's pool. Instances write one database at once: a new
 * round locks its board row (so two owners' tabs cannot open two rounds), a ballot holds its
 * round row FOR SHARE (so it commits either before a close, or sees the round closed).
 */
export class PgVoting implements VotingStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async openRound(round: VotingRoundRecord, maxRounds: number, audit: AuditEntry): Promise<'opened' | 'round_open' | 'too_many_rounds'> {
    return inTransaction(this.#pool, async (client) => {
      await client.query('SELECT 1 FROM boards WHERE id = $1 FOR UPDATE', [round.boardId]);
      const { rows } = await client.query<{ total: string; open: string }>(
        'SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE closed_at IS NULL) AS open FROM voting_rounds WHERE board_id = $1',
        [round.boardId],
      );
      if (Number(rows[0]!.open) > 0) return 'round_open';
      if (Number(rows[0]!.total) >= maxRounds) return 'too_many_rounds';
      await client.query(`INSERT INTO voting_rounds (${roundColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
        round.id,
        round.boardId,
        round.label,
        round.votesPerParticipant,
        round.weighting,
        round.anonymous,
        round.openedAt,
        round.closedAt,
        round.revealedAt,
        round.results === null ? null : JSON.stringify(round.results),
      ]);
      await insertAudit(client, audit);
      return 'opened';
    });
  }

  async listRounds(boardId: string): Promise<VotingRoundRecord[]> {
    const { rows } = await this.#pool.query<RoundRow>(`SELECT ${roundColumns} FROM voting_rounds WHERE board_id = $1 ORDER BY opened_at, ordinal`, [boardId]);
    return rows.map(toRound);
  }

  async getRound(boardId: string, roundId: string): Promise<VotingRoundRecord | undefined> {
    const row = await selectRound(this.#pool, boardId, roundId);
    return row && toRound(row);
  }

  async closeRound(boardId: string, roundId: string, at: Date, reveal: VotingResult[] | null, audit: AuditEntry): Promise<VotingRoundRecord | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const before = await selectRound(client, boardId, roundId, 'FOR UPDATE');
      if (!before) return undefined;
      const reveals = reveal !== null && before.revealed_at === null;
      if (before.closed_at !== null && !reveals) return toRound(before);
      const { rows } = await client.query<RoundRow>(
        `UPDATE voting_rounds SET closed_at = COALESCE(closed_at, $1),
           revealed_at = CASE WHEN $2 THEN $1 ELSE revealed_at END, results = CASE WHEN $2 THEN $3::json ELSE results END
         WHERE board_id = $4 AND id = $5 RETURNING ${roundColumns}`,
        [at, reveals, reveals ? JSON.stringify(reveal) : null, boardId, roundId],
      );
      await insertAudit(client, audit);
      return toRound(rows[0]!);
    });
  }

  async putBallot(boardId: string, ballot: BallotRecord): Promise<'stored' | 'round_closed' | 'no_round'> {
    return inTransaction(this.#pool, async (client) => {
      const round = await selectRound(client, boardId, ballot.roundId, 'FOR SHARE');
      if (!round) return 'no_round';
      if (round.closed_at !== null) return 'round_closed';
      if (!Object.values(ballot.votes).some((count) => count > 0)) {
        await client.query('DELETE FROM ballots WHERE round_id = $1 AND participant_id = $2', [ballot.roundId, ballot.participantId]);
        return 'stored';
      }
      await client.query(
        `INSERT INTO ballots (round_id, participant_id, board_id, votes, name, speaks_for, cast_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (round_id, participant_id) DO UPDATE SET votes = excluded.votes, name = excluded.name, speaks_for = excluded.speaks_for, cast_at = excluded.cast_at`,
        [ballot.roundId, ballot.participantId, boardId, JSON.stringify(ballot.votes), ballot.name, ballot.speaksFor, ballot.castAt],
      );
      return 'stored';
    });
  }

  async getBallot(roundId: string, participantId: string): Promise<BallotRecord | undefined> {
    const { rows } = await this.#pool.query<BallotRow>(`SELECT ${ballotColumns} FROM ballots WHERE round_id = $1 AND participant_id = $2`, [roundId, participantId]);
    return rows[0] && toBallot(rows[0]);
  }

  async listBallots(roundId: string): Promise<BallotRecord[]> {
    const { rows } = await this.#pool.query<BallotRow>(`SELECT ${ballotColumns} FROM ballots WHERE round_id = $1 ORDER BY participant_id`, [roundId]);
    return rows.map(toBallot);
  }

  async ballotCounts(boardId: string): Promise<Map<string, number>> {
    const { rows } = await this.#pool.query<{ round_id: string; count: string }>('SELECT round_id, COUNT(*) AS count FROM ballots WHERE board_id = $1 GROUP BY round_id', [boardId]);
    return new Map(rows.map((row) => [row.round_id, Number(row.count)]));
  }
}
