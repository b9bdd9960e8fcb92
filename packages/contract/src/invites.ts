import { z } from 'zod/mini';
import { trimmedText } from './text.ts';

/**
 * Invites (`/api/boards/:id/invites…`): links that can be taken back. A link carries an
 * invite id; the server checks the invite on every upgrade and HTTP call, and closes every
 * connection opened with it (4401) within a second of its revocation or at its expiry.
 */
export const inviteRoles = ['editor', 'viewer'] as const;
export type InviteRole = (typeof inviteRoles)[number];

export const inviteTextLimits = {
  label: 80,
} as const;

/** Body of `POST /api/boards/:id/invites`. `expiresInDays: null` = no expiry (viewer links, when the server allows it). */
export const createInviteInput = z.strictObject({
  role: z.enum(inviteRoles),
  label: trimmedText(1, inviteTextLimits.label),
  expiresInDays: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(3650)))),
});
export type CreateInviteInput = z.input<typeof createInviteInput>;

/** Body of `PATCH /api/boards/:id/invites/:inviteId`: the role, with effect on its live connections at once. */
export const updateInviteInput = z.strictObject({
  role: z.enum(inviteRoles),
});
export type UpdateInviteInput = z.input<typeof updateInviteInput>;

/** Response of `POST /api/boards/:id/invites` (201). */
export interface CreatedInvite {
  id: string;
  role: InviteRole;
  label: string;
  expiresAt: string | null;
  /** Opens the board (the token rides in the fragment). */
  url: string;
}

/** One entry of `GET /api/boards/:id/invites`. */
export interface InviteSummary {
  id: string;
  role: InviteRole;
  label: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Connections opened with it so far, and the last one's time. */
  uses: number;
  lastUsedAt: string | null;
  /** Connections open with it now. */
  connected: number;
}

/** Response of `GET /api/boards/:id/invites`. */
export interface InviteList {
  invites: InviteSummary[];
}

/** Response of `POST /api/boards/:id/owner-link` (201): the new owner token; the old owner link is revoked. */
export interface RotatedOwnerLink {
  ownerToken: string;
  /** Opens the board as its owner (the token rides in the fragment). */
  url: string;
}

/**
 * Close reasons of 4401, so the page can say what happened in plain words: the link was
 * withdrawn, it expired, the owner ended this participant's session, or the board was deleted.
 */
export const accessEndReasons = {
  revoked: 'invite revoked',
  expired: 'invite expired',
  ended: 'session ended by the owner',
  boardDeleted: 'board deleted',
} as const;
export type AccessEndReason = keyof typeof accessEndReasons;
