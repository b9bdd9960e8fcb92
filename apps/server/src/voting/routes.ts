import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { boardIdPattern, canEdit, castBallotInput, participantIdOf, participantKeyHeader, participantKeyPattern, startRoundInput, type VotingRoundState } from '@koppelbord/contract';
import type { TokenService } from '../auth/index.ts';
import { requireBoardGrant, requireOwner } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { readJsonBody } from '../http/json-body.ts';
import type { Logger } from '../log.ts';
import type { BoardRecord, Store, VotingRoundRecord } from '../storage/index.ts';
import type { SyncService } from '../sync/index.ts';
import { VotingProblem, VotingService } from './voting-service.ts';

export interface VotingRoutesDeps {
  store: Store;
  tokens: TokenService;
  sync: SyncService;
  log: Logger;
}

const problemStatus: Record<VotingProblem['code'], ContentfulStatusCode> = {
  round_not_found: 404,
  round_open: 409,
  too_many_rounds: 409,
  round_closed: 409,
  not_an_opportunity: 422,
  over_vote_limit: 422,
};

async function answering<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof VotingProblem) throw new HttpError(problemStatus[error.code], error.code, error.message);
    throw error;
  }
}

/** A round as the owner's calls answer it (the results are in the board, once revealed). */
const summary = (round: VotingRoundRecord): Omit<VotingRoundState, 'voterCount' | 'results'> => ({
  id: round.id,
  label: round.label,
  votesPerParticipant: round.votesPerParticipant,
  weighting: round.weighting,
  anonymous: round.anonymous,
  status: round.revealedAt ? 'revealed' : round.closedAt ? 'closed' : 'open',
  openedAt: round.openedAt.toISOString(),
  closedAt: round.closedAt?.toISOString() ?? null,
  revealedAt: round.revealedAt?.toISOString() ?? null,
});

/**
 * `/api/boards/:id/rounds…`: the owner opens (`POST /rounds`), closes (`POST
 * /rounds/:roundId/close`) and reveals (`POST /rounds/:roundId/reveal`) voting rounds; a
 * participant reads (`GET`) and replaces (`PUT`) their own ballot at `/rounds/:roundId/ballot`
 * with an editor or owner token and their participant key in `participantKeyHeader`. The
 * ballot is the key's: no id is ever taken from the request.
 */
export function votingRoutes(deps: VotingRoutesDeps) {
  const voting = new VotingService(deps.store, deps.sync, deps.log);
  const app = new Hono();

  app.post('/:id/rounds', async (c) => {
    const { grant, board } = await requireOwner(c, deps, 'start a voting round');
    const input = await readJsonBody(c, startRoundInput);
    const round = await answering(() => voting.open(board.id, input, grant));
    return c.json(summary(round), 201);
  });

  for (const [step, reveal] of [['close', false], ['reveal', true]] as const) {
    app.post(`/:id/rounds/:roundId/${step}`, async (c) => {
      const { grant, board } = await requireOwner(c, deps, `${step} a voting round`);
      const round = await answering(() => voting.close(board.id, c.req.param('roundId'), reveal, grant));
      return c.json(summary(round));
    });
  }

  app.get('/:id/rounds/:roundId/ballot', async (c) => {
    const { board, participantId } = await requireVoter(c, deps);
    return c.json(await answering(() => voting.ballot(board.id, c.req.param('roundId'), participantId)));
  });

  app.put('/:id/rounds/:roundId/ballot', async (c) => {
    const { board, participantId } = await requireVoter(c, deps);
    const input = await readJsonBody(c, castBallotInput);
    return c.json(await answering(() => voting.cast(board.id, board.language, c.req.param('roundId'), participantId, input)));
  });

  return app;
}

/** An editor's or the owner's grant, the board, and the participant id derived from the key sent (never one stated). */
async function requireVoter(c: Context, deps: VotingRoutesDeps): Promise<{ board: BoardRecord; participantId: string }> {
  const boardId = c.req.param('id') ?? '';
  const grant = await requireBoardGrant(c, deps.tokens, boardId);
  if (!canEdit(grant.role)) throw new HttpError(403, 'viewer_cannot_vote', 'A view-only link cannot vote');
  const board = boardIdPattern.test(boardId) ? await deps.store.getBoard(boardId) : undefined;
  if (!board) throw new HttpError(404, 'board_not_found', 'No such board');
  const key = c.req.header(participantKeyHeader);
  if (key === undefined) throw new HttpError(400, 'participant_key_missing', `Send your participant key in ${participantKeyHeader}`);
  if (!participantKeyPattern.test(key)) throw new HttpError(400, 'participant_key_invalid', `${participantKeyHeader} is not a participant key`);
  return { board, participantId: await participantIdOf(key) };
}
