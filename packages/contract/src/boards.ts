import { z } from 'zod/mini';
import type { Role } from './roles.ts';
import { trimmedText } from './text.ts';

/** Limits on board metadata text, shared so the client can enforce them before sending. */
export const boardTextLimits = {
  title: 200,
  municipality: 120,
  neighbourhood: 120,
} as const;

const optionalText = (max: number) => z.pipe(z.optional(trimmedText(0, max)), z.transform((value) => (value === '' ? undefined : value)));

/**
 * What a new board starts with: `blank` (one empty page) or a starter template by name.
 * The client sends only the name; the server builds the template's records itself.
 */
export const boardTemplates = ['blank', 'sociale-koppelkansen'] as const;
export type BoardTemplate = (typeof boardTemplates)[number];

/** Languages a template's headings, labels and legend come in. */
export const boardLanguages = ['nl', 'en'] as const;
export type BoardLanguage = (typeof boardLanguages)[number];

/** Body of `POST /api/boards`. */
export const createBoardInput = z.strictObject({
  title: trimmedText(1, boardTextLimits.title),
  municipality: optionalText(boardTextLimits.municipality),
  neighbourhood: optionalText(boardTextLimits.neighbourhood),
  template: z._default(z.enum(boardTemplates), 'blank'),
  /** The template's language (the creator's UI language). */
  language: z._default(z.enum(boardLanguages), 'nl'),
});
/** What a client sends (`template` may be left out: a blank board). */
export type CreateBoardInput = z.input<typeof createBoardInput>;

/**
 * Body of `POST /api/boards/import`: the new board's metadata and the parsed `.tldr` JSON
 * (checked by the server with tldraw's own schema). `language` is the board's (its report's).
 */
/** Body of `PATCH /api/boards/:id` (owner): a new title. */
export const renameBoardInput = z.pick(createBoardInput, { title: true });
export type RenameBoardInput = z.input<typeof renameBoardInput>;

export const importBoardInput = z.extend(z.pick(createBoardInput, { title: true, municipality: true, neighbourhood: true, language: true }), { file: z.unknown() });
export type ImportBoardInput = z.input<typeof importBoardInput>;

/** Server-generated board ids: 128 random bits, base64url. */
export const boardIdPattern = /^[A-Za-z0-9_-]{22}$/;

export interface BoardLinks {
  /** Opens the board with an editor token in the URL fragment. */
  edit: string;
  /** Opens the board read-only with a viewer token in the URL fragment. */
  view: string;
}

/** Response of `POST /api/boards` (201). */
export interface CreateBoardResponse {
  id: string;
  ownerToken: string;
  links: BoardLinks;
}

/** Response of `GET /api/boards/:id`. */
export interface BoardMetadata {
  id: string;
  title: string;
  municipality: string | null;
  neighbourhood: string | null;
  createdAt: string;
  /** The role of the token that asked. */
  role: Role;
}

/** Every HTTP error body: `{error: {code, message}}`, never a stack. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown;
  };
}
