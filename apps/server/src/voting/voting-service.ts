import { randomBytes } from 'node:crypto';
import { cardTitle } from '@koppelbord/board-model';
import { votingLimits, votingMetaKey, type BoardLanguage, type MyBallot, type StartRoundInput, type VotingRoundState, type VotingState } from '@koppelbord/contract';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import type * as Y from 'yjs';
import type { BoardGrant } from '../auth/index.ts';
import type { Logger } from '../log.ts';
import type { AuditAction, AuditEntry, BallotRecord, Store, VotingRoundRecord } from '../storage/index.ts';
import type { SyncService } from '../sync/index.ts';
import { tally } from './tally.ts';
import { documentRecordId } from './voting-guard.ts';

/** A refusal the HTTP layer answers with its status and this code. */
export class VotingProblem extends Error {
  readonly code: 'round_not_found' | 'round_open' | 'too_many_rounds' | 'round_closed' | 'not_an_opportunity' | 'over_vote_limit';

  constructor(code: VotingProblem['code'], message: string) {
    super(message);
    this.code = code;
  }
}

interface BallotInput {
  votes: Record<string, number>;
  name?: string | null | undefined;
  speaksFor?: string | null | undefined;
}

/** The opportunity cards of a board (shape id → shown title), read from the room's doc. */
function opportunities(doc: Y.Doc, language: BoardLanguage): Map<string, string> {
  const found = new Map<string, string>();
  getRecordsMap(doc).forEach((entry, id) => {
    const record = readRecordEntry(entry) as { typeName?: unknown; type?: unknown; props?: { title?: unknown } } | undefined;
    if (record?.typeName !== 'shape' || record.type !== 'opportunity') return;
    found.set(id, cardTitle('opportunity', typeof record.props?.title === 'string' ? record.props.title : '', language));
  });
  return found;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
/** The title of a result whose card was deleted before the reveal. */
const removedCard: Record<BoardLanguage, string> = { nl: '(verwijderde kaart)', en: '(deleted card)' };
const statusOf = (round: VotingRoundRecord) => (round.revealedAt ? 'revealed' : round.closedAt ? 'closed' : 'open');

/**
 * Voting rounds: the owner opens, closes and reveals them; participants cast their ballot.
 * Everything is decided here, on the server, against the database (the rounds and ballots)
 * and the board as the server holds it (which cards are opportunities): a ballot is the
 * participant's whose key came with the request, within the round's limit, on this board's
 * opportunity cards, while the round is open.
 *
 * After every change the board's document gets the rounds as they are now (`publish`), built
 * from the database each time, so a write that loses a race with another (two instances) is
 * made right by the next, and nothing but the counts — and, once revealed, the results — ever
 * reaches the doc.
 */
export class VotingService {
  readonly #store: Store;
  readonly #sync: SyncService;
  readonly #log: Logger;
  /** Per board, the publish running or queued last: publishes of one board run one after the other. */
  readonly #publishing = new Map<string, Promise<void>>();

  constructor(store: Store, sync: SyncService, log: Logger) {
    this.#store = store;
    this.#sync = sync;
    this.#log = log;
  }

  async open(boardId: string, input: Required<StartRoundInput>, actor: BoardGrant): Promise<VotingRoundRecord> {
    const round: VotingRoundRecord = {
      id: randomBytes(9).toString('base64url'),
      boardId,
      label: input.label,
      votesPerParticipant: input.votesPerParticipant,
      weighting: input.weighting,
      anonymous: input.anonymous,
      openedAt: new Date(),
      closedAt: null,
      revealedAt: null,
      results: null,
    };
    const outcome = await this.#store.openRound(round, votingLimits.roundsPerBoard, this.#audit(boardId, actor, 'voting.open', round));
    if (outcome === 'round_open') throw new VotingProblem('round_open', 'A round is open already: close it first');
    if (outcome === 'too_many_rounds') throw new VotingProblem('too_many_rounds', `A board keeps at most ${votingLimits.roundsPerBoard} voting rounds`);
    await this.publish(boardId);
    return round;
  }

  /**
   * Closes the round (no more ballots) and, with `reveal`, shows its results to everyone. The
   * results are counted once the round is closed (so no ballot can come after them) and kept
   * as they are then: later edits or deletions of cards do not change a revealed round.
   */
  async close(boardId: string, roundId: string, reveal: boolean, actor: BoardGrant): Promise<VotingRoundRecord> {
    const current = await this.#round(boardId, roundId);
    let round = await this.#store.closeRound(boardId, roundId, new Date(), null, this.#audit(boardId, actor, 'voting.close', current));
    if (round && reveal && !round.revealedAt) {
      const board = await this.#store.getBoard(boardId);
      const room = await this.#sync.loadRoom(boardId);
      const titles = room.read((doc) => opportunities(doc, board?.language ?? 'nl'));
      const results = tally(await this.#store.listBallots(roundId), round, (id) => titles.get(id) ?? removedCard[board?.language ?? 'nl']);
      round = await this.#store.closeRound(boardId, roundId, new Date(), results, this.#audit(boardId, actor, 'voting.reveal', current));
    }
    if (!round) throw new VotingProblem('round_not_found', 'No such voting round on this board');
    await this.publish(boardId);
    return round;
  }

  async ballot(boardId: string, roundId: string, participantId: string): Promise<MyBallot> {
    const round = await this.#round(boardId, roundId);
    return this.#answer(round, (await this.#store.getBallot(roundId, participantId))?.votes ?? {});
  }

  /** Replaces the participant's ballot; refused whole when any of it is not allowed. */
  async cast(boardId: string, language: BoardLanguage, roundId: string, participantId: string, input: BallotInput): Promise<MyBallot> {
    const round = await this.#round(boardId, roundId);
    if (round.closedAt) throw new VotingProblem('round_closed', 'This voting round is closed');
    const votes = Object.fromEntries(Object.entries(input.votes).filter(([, count]) => count > 0));
    const used = Object.values(votes).reduce((sum, count) => sum + count, 0);
    if (used > round.votesPerParticipant) {
      throw new VotingProblem('over_vote_limit', `This round gives each participant ${round.votesPerParticipant} votes; this ballot uses ${used}`);
    }
    const room = await this.#sync.loadRoom(boardId);
    const cards = room.read((doc) => opportunities(doc, language));
    const unknown = Object.keys(votes).filter((id) => !cards.has(id));
    if (unknown.length > 0) throw new VotingProblem('not_an_opportunity', `Not an opportunity card on this board: ${unknown.slice(0, 3).join(', ')}`);
    const ballot: BallotRecord = { roundId, participantId, votes, name: input.name || null, speaksFor: input.speaksFor || null, castAt: new Date() };
    const outcome = await this.#store.putBallot(boardId, ballot);
    if (outcome === 'no_round') throw new VotingProblem('round_not_found', 'No such voting round on this board');
    if (outcome === 'round_closed') throw new VotingProblem('round_closed', 'This voting round is closed');
    await this.publish(boardId);
    return this.#answer(round, votes);
  }

  /**
   * Writes the board's rounds, as the database has them now, into its document (see the class
   * comment). One board's publishes run one at a time, each after the one before: two ballots
   * at once must not let the publish that read the database first write last.
   */
  publish(boardId: string): Promise<void> {
    const next = (this.#publishing.get(boardId) ?? Promise.resolve()).catch(() => {}).then(() => this.#publishNow(boardId));
    this.#publishing.set(boardId, next);
    const forget = () => {
      if (this.#publishing.get(boardId) === next) this.#publishing.delete(boardId);
    };
    next.then(forget, forget);
    return next;
  }

  async #publishNow(boardId: string): Promise<void> {
    const board = await this.#store.getBoard(boardId);
    if (!board) return;
    const [rounds, counts] = await Promise.all([this.#store.listRounds(boardId), this.#store.ballotCounts(boardId)]);
    const room = await this.#sync.loadRoom(boardId);
    const states: VotingRoundState[] = [];
    for (const round of rounds) {
      states.push({
        id: round.id,
        label: round.label,
        votesPerParticipant: round.votesPerParticipant,
        weighting: round.weighting,
        anonymous: round.anonymous,
        status: statusOf(round),
        openedAt: round.openedAt.toISOString(),
        closedAt: iso(round.closedAt),
        revealedAt: iso(round.revealedAt),
        voterCount: counts.get(round.id) ?? 0,
        results: round.revealedAt ? round.results : null,
      });
    }
    const state: VotingState = { rounds: states };
    room.changeAsServer((doc) => {
      const records = getRecordsMap(doc);
      const document = readRecordEntry(records.get(documentRecordId)) as { meta?: unknown } | undefined;
      if (typeof document !== 'object' || document === null) {
        this.#log.warn({ boardId }, 'the board has no document record: its voting rounds are not shown');
        return;
      }
      const meta = typeof document.meta === 'object' && document.meta !== null ? document.meta : {};
      writeRecordEntry(records, documentRecordId, { ...document, meta: { ...meta, [votingMetaKey]: state } });
    });
    await room.whenDurable();
  }

  async #round(boardId: string, roundId: string): Promise<VotingRoundRecord> {
    const round = await this.#store.getRound(boardId, roundId);
    if (!round) throw new VotingProblem('round_not_found', 'No such voting round on this board');
    return round;
  }

  #answer(round: VotingRoundRecord, votes: Record<string, number>): MyBallot {
    const used = Object.values(votes).reduce((sum, count) => sum + count, 0);
    return { roundId: round.id, votes, used, left: Math.max(0, round.votesPerParticipant - used), limit: round.votesPerParticipant };
  }

  #audit(boardId: string, actor: BoardGrant, action: AuditAction, round: VotingRoundRecord): AuditEntry {
    return {
      boardId,
      at: new Date(),
      actor: { role: actor.role, name: null },
      action,
      detail: { roundId: round.id, label: round.label, actorInvite: actor.inviteLabel, votesPerParticipant: round.votesPerParticipant, weighting: round.weighting, anonymous: round.anonymous },
    };
  }
}
