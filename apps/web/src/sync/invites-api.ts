/**
 * The owner's invite and board API of our own server (`/api/boards/:id/invites…`,
 * `…/owner-link`, `…/connections/:clientId`, `PATCH`/`DELETE /api/boards/:id`), typed by the
 * contract. Every failure is an `ApiError` with the server's own message, so the dialogs can
 * show why something was refused (for example "no expiry" when the server does not allow it).
 */
import type {
  ApiErrorBody,
  BoardMetadata,
  CreatedInvite,
  CreateInviteInput,
  InviteList,
  InviteRole,
  InviteSummary,
  RenameBoardInput,
  RotatedOwnerLink,
} from '@koppelbord/contract';
import { ApiError } from './boards-api.ts';

async function send(path: string, token: string, method: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!response.ok) {
    const error = (await response.json().catch(() => null)) as ApiErrorBody | null;
    throw new ApiError(response.status, error?.error?.message ?? `HTTP ${response.status}`);
  }
  return response;
}

const json = async <T>(response: Promise<Response>): Promise<T> => (await (await response).json()) as T;
const done = async (response: Promise<Response>): Promise<void> => void (await response);

const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;
const invitesPath = (boardId: string) => `${boardPath(boardId)}/invites`;

/** `GET …/invites`: the editor and viewer links, revoked ones included. */
export const listInvites = (boardId: string, token: string) => json<InviteList>(send(invitesPath(boardId), token, 'GET'));

/** `POST …/invites`: a new link; its URL (with its token) is only in this answer. */
export const createInvite = (boardId: string, token: string, input: CreateInviteInput) => json<CreatedInvite>(send(invitesPath(boardId), token, 'POST', input));

/** `PATCH …/invites/:id`: the role, with effect on the link's open connections at once. */
export const changeInviteRole = (boardId: string, token: string, inviteId: string, role: InviteRole) =>
  json<InviteSummary>(send(`${invitesPath(boardId)}/${encodeURIComponent(inviteId)}`, token, 'PATCH', { role }));

/** `DELETE …/invites/:id`: everyone connected through it is sent away. */
export const revokeInvite = (boardId: string, token: string, inviteId: string) => done(send(`${invitesPath(boardId)}/${encodeURIComponent(inviteId)}`, token, 'DELETE'));

/** `POST …/owner-link`: a new owner link; the old one stops working. */
export const rotateOwnerLink = (boardId: string, token: string) => json<RotatedOwnerLink>(send(`${boardPath(boardId)}/owner-link`, token, 'POST'));

/** `DELETE …/connections/:clientId`: ends the session of the tab with that awareness id. */
export const endSession = (boardId: string, token: string, clientId: number) => done(send(`${boardPath(boardId)}/connections/${clientId}`, token, 'DELETE'));

/** `PATCH /api/boards/:id`: a new title. */
export const renameBoard = (boardId: string, token: string, input: RenameBoardInput) => json<BoardMetadata>(send(boardPath(boardId), token, 'PATCH', input));

/** `DELETE /api/boards/:id`: the board and everything of it, except its audit log. */
export const deleteBoard = (boardId: string, token: string) => done(send(boardPath(boardId), token, 'DELETE'));
