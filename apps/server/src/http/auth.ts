import type { Context } from 'hono';
import type { BoardGrant, TokenService } from '../auth/index.ts';
import { TokenError } from '../auth/index.ts';
import { HttpError } from './errors.ts';

/** Verifies `Authorization: Bearer <token>` for `boardId`; throws HttpError 401/403. */
export async function requireBoardGrant(c: Context, tokens: TokenService, boardId: string): Promise<BoardGrant> {
  const header = c.req.header('authorization');
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  let grant: BoardGrant;
  try {
    grant = await tokens.verify(token);
  } catch (error) {
    if (error instanceof TokenError) {
      throw new HttpError(401, `token_${error.problem}`, error.problem === 'missing' ? 'An Authorization: Bearer token is required' : `The token is ${error.problem}`);
    }
    throw error;
  }
  if (grant.boardId !== boardId) throw new HttpError(403, 'token_wrong_board', 'The token is for another board');
  return grant;
}
