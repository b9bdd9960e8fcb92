import type { Context } from 'hono';
import { boardIdPattern } from '@koppelbord/contract';
import type { BoardGrant, TokenService } from '../auth/index.ts';
import { TokenError } from '../auth/index.ts';
import type { BoardRecord, BoardStore } from '../storage/index.ts';
import { HttpError } from './errors.ts';

/**
 * Verifies `Authorization: Bearer <token>` for `boardId` (signature, expiry, and its invite:
 * not revoked, not expired, its current role); throws HttpError 401/403.
 */
export async function requireBoardGrant(c: Context, tokens: TokenService, boardId: string): Promise<BoardGrant> {
  const header = c.req.header('authorization');
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  let grant: BoardGrant;
  try {
    grant = await tokens.verify(token);
  } catch (error) {
    if (error instanceof TokenError) {
      throw new HttpError(401, `token_${error.problem}`, error.problem === 'missing' ? 'An Authorization: Bearer token is required' : tokenMessage(error));
    }
    throw error;
  }
  if (grant.boardId !== boardId) throw new HttpError(403, 'token_wrong_board', 'The token is for another board');
  return grant;
}

const tokenMessage = (error: TokenError) => (error.reason === `token ${error.problem}` ? `The token is ${error.problem}` : `The link no longer works: ${error.reason}`);

/** The owner's grant for the board in the path, and the board (403 for another role, 404 for no board). */
export async function requireOwner(c: Context, deps: { tokens: TokenService; store: BoardStore }, what: string): Promise<{ grant: BoardGrant; board: BoardRecord }> {
  const boardId = c.req.param('id') ?? '';
  const grant = await requireBoardGrant(c, deps.tokens, boardId);
  if (grant.role !== 'owner') throw new HttpError(403, 'owner_only', `Only the board owner can ${what}`);
  const board = boardIdPattern.test(boardId) ? await deps.store.getBoard(boardId) : undefined;
  if (!board) throw new HttpError(404, 'board_not_found', 'No such board');
  return { grant, board };
}
