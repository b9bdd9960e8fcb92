import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { boardIdPattern, createBoardInput, type BoardLanguage, type BoardLinks, type BoardMetadata, type BoardTemplate, type CreateBoardResponse } from '@koppelbord/contract';
import { createBoardSchema, starterTemplate } from '@koppelbord/board-model';
import { createSeedUpdate, SEED_PAGE_ID, type SeedOptions } from '@koppelbord/tldraw-yjs';
import type { TokenService } from '../auth/index.ts';
import type { BoardStore } from '../storage/index.ts';
import { requireBoardGrant } from './auth.ts';
import { HttpError } from './errors.ts';

export interface BoardRoutesDeps {
  store: BoardStore;
  tokens: TokenService;
  publicUrl: string | undefined;
}

/** The token rides in the fragment: browsers never send it to a server or a log. */
const boardLink = (base: string, id: string, token: string) => `${base}/b/${id}#token=${token}`;

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

/** `application/json`, with or without parameters such as `charset=utf-8`. */
export const isJson = (contentType: string | undefined) => /^application\/json\s*(;|$)/i.test(contentType?.trim() ?? '');

/** 128 random bits: board ids are unguessable, so a link is the only way in. */
export const newBoardId = () => randomBytes(16).toString('base64url');

export interface NewBoard {
  id: string;
  title: string;
  municipality?: string | undefined;
  neighbourhood?: string | undefined;
}

/**
 * Stores a new board with its first state and issues its owner token and share links
 * (`POST /api/boards`, and the .tldr import). `requestUrl` gives the links' origin when
 * `publicUrl` is unset.
 */
export async function createBoardWithSeed(
  { store, tokens, publicUrl }: BoardRoutesDeps,
  requestUrl: string,
  board: NewBoard,
  seed: Uint8Array,
): Promise<CreateBoardResponse> {
  const { id } = board;
  await store.createBoard(
    { id, title: board.title, municipality: board.municipality ?? null, neighbourhood: board.neighbourhood ?? null, createdAt: new Date() },
    seed,
  );
  const [ownerToken, editToken, viewToken] = await Promise.all([tokens.issue(id, 'owner'), tokens.issue(id, 'editor'), tokens.issue(id, 'viewer')]);
  const base = publicUrl ?? new URL(requestUrl).origin;
  return { id, ownerToken, links: { edit: boardLink(base, id, editToken), view: boardLink(base, id, viewToken) } };
}

/** `POST /api/boards`, `GET /api/boards/:id`, `POST /api/boards/:id/links`. */
export function boardRoutes({ store, tokens, publicUrl }: BoardRoutesDeps) {
  const app = new Hono();
  // Fail at startup, not at the first board, if a template does not fit the board schema.
  for (const byTemplate of Object.values(templateSeedRecords)) for (const records of Object.values(byTemplate)) createSeedUpdate(boardSchema, { records });

  app.post('/', async (c) => {
    // Only JSON: a form or text/plain post (which a foreign page may send without a CORS
    // preflight) is refused before its body is read.
    if (!isJson(c.req.header('content-type'))) throw new HttpError(415, 'unsupported_media_type', 'The request body must be sent as Content-Type: application/json');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new HttpError(400, 'invalid_json', 'The request body must be JSON');
    }
    const parsed = createBoardInput.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      throw new HttpError(400, 'invalid_input', issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; '), issues);
    }
    const id = newBoardId();
    // Seeded here, once: clients that each created the first page would race (tldraw#1798).
    const seed = createSeedUpdate(boardSchema, { documentName: parsed.data.title, records: templateSeedRecords[parsed.data.language][parsed.data.template] });
    const response = await createBoardWithSeed({ store, tokens, publicUrl }, c.req.url, { ...parsed.data, id }, seed);
    return c.json(response, 201);
  });

  // Owner only: fresh share links (the owner may be on another device than at creation).
  app.post('/:id/links', async (c) => {
    const id = c.req.param('id');
    const grant = await requireBoardGrant(c, tokens, id);
    if (grant.role !== 'owner') throw new HttpError(403, 'owner_only', 'Only the board owner can share it');
    if (!boardIdPattern.test(id) || !(await store.getBoard(id))) throw new HttpError(404, 'board_not_found', 'No such board');
    const [editToken, viewToken] = await Promise.all([tokens.issue(id, 'editor'), tokens.issue(id, 'viewer')]);
    const base = publicUrl ?? new URL(c.req.url).origin;
    const links: BoardLinks = { edit: boardLink(base, id, editToken), view: boardLink(base, id, viewToken) };
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
