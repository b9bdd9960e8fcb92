import type { MiddlewareHandler } from 'hono';
import type { ServerConfig } from '../config.ts';
import { errorResponse } from './errors.ts';
import { hasOperatorToken } from './operator.ts';

/**
 * Who may create boards (`POST /api/boards`, `POST /api/boards/import`): nobody with
 * `BOARD_CREATE=off` (403), only requests with `Authorization: Bearer <BOARD_CREATE_TOKEN>`
 * when that is set (401; compared in constant time), else anyone.
 */
export function boardCreationGate(settings: ServerConfig['boardCreation']): MiddlewareHandler {
  return async (c, next) => {
    if (!settings.enabled) return errorResponse(c, 403, 'board_creation_off', 'Creating boards is switched off on this server (BOARD_CREATE=off)');
    // Same constant-time bearer comparison as the operator's token.
    if (settings.token && !hasOperatorToken(c, settings.token)) {
      return errorResponse(c, 401, 'board_create_token_required', 'Creating a board on this server needs Authorization: Bearer <BOARD_CREATE_TOKEN>');
    }
    await next();
  };
}
