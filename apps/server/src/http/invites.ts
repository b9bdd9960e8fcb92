import { Hono } from 'hono';
import { createInviteInput, updateInviteInput, type CreatedInvite, type InviteList } from '@koppelbord/contract';
import { AccessProblem, type AccessService } from '../access/index.ts';
import type { TokenService } from '../auth/index.ts';
import type { BoardStore } from '../storage/index.ts';
import { requireOwner } from './auth.ts';
import { boardLink } from './board-links.ts';
import { HttpError } from './errors.ts';
import { readJsonBody } from './json-body.ts';

export interface InviteRoutesDeps {
  store: BoardStore;
  tokens: TokenService;
  access: AccessService;
  publicUrl: string | undefined;
}

const problemStatus = { unexpiring_not_allowed: 400, invite_not_found: 404, invite_revoked: 409, owner_invite: 409, board_not_found: 404, participant_not_found: 404 } as const;

/** Runs an access action, answering its refusals as HTTP errors. */
export async function answeringAccess<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof AccessProblem) throw new HttpError(problemStatus[error.code], error.code, error.message);
    throw error;
  }
}

/**
 * `/api/boards/:id/invites…` (owner token only; checked here, on the server): create, list,
 * change the role of and revoke editor and viewer links.
 */
export function inviteRoutes(deps: InviteRoutesDeps) {
  const { access, publicUrl } = deps;
  const app = new Hono();

  app.post('/:id/invites', async (c) => {
    const { grant, board } = await requireOwner(c, deps, 'invite people');
    const input = await readJsonBody(c, createInviteInput);
    const { invite, token } = await answeringAccess(() => access.createInvite(board.id, input, grant));
    const created: CreatedInvite = {
      id: invite.id,
      role: input.role,
      label: invite.label,
      expiresAt: invite.expiresAt?.toISOString() ?? null,
      url: boardLink(publicUrl ?? new URL(c.req.url).origin, board.id, token),
    };
    return c.json(created, 201);
  });

  app.get('/:id/invites', async (c) => {
    const { board } = await requireOwner(c, deps, 'list the invites');
    const list: InviteList = { invites: await access.listInvites(board.id) };
    return c.json(list);
  });

  app.patch('/:id/invites/:inviteId', async (c) => {
    const { grant, board } = await requireOwner(c, deps, 'change an invite');
    const input = await readJsonBody(c, updateInviteInput);
    const invite = await answeringAccess(() => access.changeInviteRole(board.id, c.req.param('inviteId'), input.role, grant));
    return c.json(access.summary(invite));
  });

  app.delete('/:id/invites/:inviteId', async (c) => {
    const { grant, board } = await requireOwner(c, deps, 'revoke an invite');
    await answeringAccess(() => access.revokeInvite(board.id, c.req.param('inviteId'), grant));
    return c.body(null, 204);
  });

  return app;
}
