import { Hono } from 'hono';
import { renameBoardInput, type BoardMetadata, type RotatedOwnerLink } from '@koppelbord/contract';
import type { AccessService } from '../access/index.ts';
import type { TokenService } from '../auth/index.ts';
import type { BoardStore } from '../storage/index.ts';
import { requireOwner } from './auth.ts';
import { boardLink } from './board-links.ts';
import { HttpError } from './errors.ts';
import { answeringAccess } from './invites.ts';
import { readJsonBody } from './json-body.ts';

export interface BoardAdminRoutesDeps {
  store: BoardStore;
  tokens: TokenService;
  access: AccessService;
  publicUrl: string | undefined;
}

/** Presence (awareness) client ids are unsigned 32-bit integers. */
const clientIdPattern = /^\d{1,10}$/;

/**
 * The owner's board actions (owner token only, checked here): rename, delete, rotate the
 * owner link, end one participant's session. Each is written to the audit log.
 */
export function boardAdminRoutes(deps: BoardAdminRoutesDeps) {
  const { access, publicUrl } = deps;
  const app = new Hono();

  app.patch('/:id', async (c) => {
    const { grant, board } = await requireOwner(c, deps, 'rename the board');
    const { title } = await readJsonBody(c, renameBoardInput);
    await answeringAccess(() => access.renameBoard(board.id, title, grant));
    const metadata: BoardMetadata = {
      id: board.id,
      title,
      municipality: board.municipality,
      neighbourhood: board.neighbourhood,
      createdAt: board.createdAt.toISOString(),
      role: grant.role,
    };
    return c.json(metadata);
  });

  app.delete('/:id', async (c) => {
    const { grant, board } = await requireOwner(c, deps, 'delete the board');
    await answeringAccess(() => access.deleteBoard(board.id, grant));
    return c.body(null, 204);
  });

  app.post('/:id/owner-link', async (c) => {
    const { grant, board } = await requireOwner(c, deps, 'replace the owner link');
    const ownerToken = await access.rotateOwnerLink(board.id, board.language, grant);
    const rotated: RotatedOwnerLink = { ownerToken, url: boardLink(publicUrl ?? new URL(c.req.url).origin, board.id, ownerToken) };
    return c.json(rotated, 201);
  });

  app.delete('/:id/connections/:clientId', async (c) => {
    const { grant, board } = await requireOwner(c, deps, "end a participant's session");
    const raw = c.req.param('clientId');
    const clientId = clientIdPattern.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(clientId) || clientId > 0xffffffff) throw new HttpError(400, 'invalid_client_id', 'The client id is the participant\'s presence id, a whole number');
    await answeringAccess(() => access.endSession(board.id, clientId, grant));
    return c.body(null, 204);
  });

  return app;
}
