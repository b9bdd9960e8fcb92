import { Hono } from 'hono';
import { timerCommand, type ServerClock, type TimerResponse } from '@koppelbord/contract';
import type { TokenService } from '../auth/index.ts';
import { requireBoardGrant, requireOwner } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { readJsonBody } from '../http/json-body.ts';
import type { BoardStore } from '../storage/index.ts';
import type { SyncService } from '../sync/index.ts';
import { applyTimerCommand, TimerConflict } from './timer.ts';

export interface FacilitationRoutesDeps {
  store: BoardStore;
  tokens: TokenService;
  sync: SyncService;
}

/**
 * The shared timer's HTTP side. Commands are the owner's (owner token, checked here) and
 * carry no times: the server stamps them with its own clock and writes the timer into the
 * board, from where it reaches every client like any other change. The clock endpoint lets
 * each client estimate its offset to that clock.
 */
export function facilitationRoutes(deps: FacilitationRoutesDeps) {
  const app = new Hono();

  app.post('/:id/timer', async (c) => {
    const { board } = await requireOwner(c, deps, 'control the timer');
    const command = await readJsonBody(c, timerCommand);
    const room = await deps.sync.loadRoom(board.id);
    const now = Date.now();
    let timer: TimerResponse['timer'] = null;
    try {
      room.changeAsServer((doc) => {
        timer = applyTimerCommand(doc, command, now);
      });
    } catch (error) {
      if (error instanceof TimerConflict) throw new HttpError(409, error.code, error.message);
      throw error;
    }
    await room.whenDurable();
    const body: TimerResponse = { timer, now };
    return c.json(body);
  });

  app.get('/:id/clock', async (c) => {
    await requireBoardGrant(c, deps.tokens, c.req.param('id'));
    const body: ServerClock = { now: Date.now() };
    return c.json(body);
  });

  return app;
}
