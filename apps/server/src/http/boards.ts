import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { boardIdPattern, createBoardInput, type BoardLanguage, type BoardLinks, type BoardMetadata, type BoardTemplate, type CreateBoardResponse } from '@koppelbord/contract';
import { createBoardSchema, starterTemplate } from '@koppelbord/board-model';
import { createSeedUpdate, SEED_PAGE_ID, type SeedOptions } from '@koppelbord/tldraw-yjs';
import type { AccessService } from '../access/index.ts';
import type { TokenService } from '../auth/index.ts';
import type { BoardStore } from '../storage/index.ts';
import { requireBoardGrant, requireOwner } from './auth.ts';
import { boardLink } from './board-links.ts';
import { HttpError } from './errors.ts';
import { readJsonBody } from './json-body.ts';

export interface BoardRoutesDeps {
  store: BoardStore;
  tokens: TokenService;
  access: AccessService;
  publicUrl: string | undefined;
}

const boardSchema = createBoardSchema();

type SeedRecords = NonNullable<SeedOptions['records']>;

/**
 * The records each template adds to a new board's seed, per language. Built here from the
 * shared model, never from the request (which only names the template and its language),
 * with fixed ids so the seed is deterministic.
 */
const templateRecords = (language: BoardLanguage): Record<BoardTemplate, SeedRecords> => ({
  blank: [],
  'sociale-koppelkansen': starterTemplate({ locale: language, pageId: SEED_PAGE_ID }),
});
const templateSeedRecords: Record<BoardLanguage, Record<BoardTemplate, SeedRecords>> = { nl: templateRecords('nl'), en: templateRecords('en') };

/** 128 random bits: board ids are unguessable, so a link is the only way in. */
export const newBoardId = () => randomBytes(16).toString('base64url');

/** What a new board is made of: its metadata and the seed of its document. */
export interface NewBoard {
  /** Given when the caller needed the id before the board exists (an import stores its images under it). */
  id?: string;
  title: string;
  municipality?: string | undefined;
  neighbourhood?: string | undefined;
  language: BoardLanguage;
}

/** Stores a new board with its seeded document, and its owner, edit and view invites with their links. */
export async function createBoardWithLinks(
  { store, access }: Pick<BoardRoutesDeps, 'store' | 'access'>,
  base: string,
  board: NewBoard,
  seed: Uint8Array,
): Promise<CreateBoardResponse> {
  const id = board.id ?? newBoardId();
  await store.createBoard(
    { id, title: board.title, municipality: board.municipality ?? null, neighbourhood: board.neighbourhood ?? null, language: board.language, createdAt: new Date() },
    seed,
  );
  const tokens = await access.newBoardInvites(id, board.language);
  return { id, ownerToken: tokens.owner, links: { edit: boardLink(base, id, tokens.edit), view: boardLink(base, id, tokens.view) } };
}

/** `POST /api/boards`, `GET /api/boards/:id`, `POST /api/boards/:id/links`. */
export function boardRoutes({ store, tokens, access, publicUrl }: BoardRoutesDeps) {
  const app = new Hono();
  // Fail at startup, not at the first board, if a template does not fit the board schema.
  for (const byTemplate of Object.values(templateSeedRecords)) for (const records of Object.values(byTemplate)) createSeedUpdate(boardSchema, { records });

  app.post('/', async (c) => {
    const input = await readJsonBody(c, createBoardInput);
    // Seeded here, once: clients that each created the first page would race (tldraw#1798).
    const seed = createSeedUpdate(boardSchema, { documentName: input.title, records: templateSeedRecords[input.language][input.template] });
    const response = await createBoardWithLinks({ store, access }, publicUrl ?? new URL(c.req.url).origin, input, seed);
    return c.json(response, 201);
  });

  // Owner only: the share dialog's links (the owner may be on another device than at
  // creation). The newest open edit and view invites, made only when there is none: opening
  // "Delen" again mints no new invites. The invites API (invites.ts) is the full interface.
  app.post('/:id/links', async (c) => {
    const { grant, board } = await requireOwner(c, { tokens, store }, 'share it');
    const tokensFor = await access.shareLinks(board.id, board.language, grant);
    const base = publicUrl ?? new URL(c.req.url).origin;
    const links: BoardLinks = { edit: boardLink(base, board.id, tokensFor.edit), view: boardLink(base, board.id, tokensFor.view) };
    return c.json(links);
  });

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const grant = await requireBoardGrant(c, tokens, id);
    const board = boardIdPattern.test(id) ? await store.getBoard(id) : undefined;
    if (!board) throw new HttpError(404, 'board_not_found', 'No such board');
    const metadata: BoardMetadata = {
      id: board.id,
      title: board.title,
      municipality: board.municipality,
      neighbourhood: board.neighbourhood,
      createdAt: board.createdAt.toISOString(),
      role: grant.role,
    };
    return c.json(metadata);
  });

  return app;
}
