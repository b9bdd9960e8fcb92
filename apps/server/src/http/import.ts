import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { importBoardInput } from '@koppelbord/contract';
import { createBoardSchema } from '@koppelbord/board-model';
import type { AccessService } from '../access/index.ts';
import type { TokenService } from '../auth/index.ts';
import { assetSrc } from '../assets/index.ts';
import { readTldrFile, tldrSeedUpdate, TldrImportError } from '../import/index.ts';
import type { AssetStore, BoardStore } from '../storage/index.ts';
import { createBoardWithLinks, newBoardId } from './boards.ts';
import { errorResponse, HttpError } from './errors.ts';
import { readJsonBody } from './json-body.ts';

export interface ImportRoutesDeps {
  store: BoardStore;
  assets: AssetStore;
  tokens: TokenService;
  /** Makes the new board's invites. */
  access: AccessService;
  publicUrl: string | undefined;
  maxImportBytes: number;
  maxAssetBytes: number;
  maxValueDepth: number;
  maxDocumentBytes: number;
}

export const IMPORT_PATH = '/api/boards/import';

const boardSchema = createBoardSchema();

/** `POST /import` (mounted under `/api/boards`): a new board seeded from a tldraw file. No token: like creating a board. */
export function importRoutes(deps: ImportRoutesDeps) {
  const app = new Hono();
  app.post(
    '/import',
    bodyLimit({
      maxSize: deps.maxImportBytes,
      onError: (c) => errorResponse(c, 413, 'import_too_large', `The file is over ${deps.maxImportBytes} bytes`),
    }),
    async (c) => {
      const parsed = { data: await readJsonBody(c, importBoardInput) };
      if (parsed.data.file === undefined) throw new HttpError(400, 'invalid_input', 'file: the parsed .tldr file is required');
      const id = newBoardId();
      let imported;
      try {
        imported = await readTldrFile(boardSchema, parsed.data.file, {
          title: parsed.data.title,
          maxAssetBytes: deps.maxAssetBytes,
          maxValueDepth: deps.maxValueDepth,
          srcFor: (sha256) => assetSrc(id, sha256),
        });
      } catch (error) {
        if (error instanceof TldrImportError) throw new HttpError(error.status, error.code, error.message, error.details);
        throw error;
      }
      const seed = tldrSeedUpdate(boardSchema, imported.records);
      if (seed.byteLength > deps.maxDocumentBytes) {
        throw new HttpError(413, 'document_too_large', `The board would be over ${deps.maxDocumentBytes} bytes`);
      }
      // Images first: the board's records point at them from its first state on.
      for (const image of imported.images) await deps.assets.putAsset({ boardId: id, sha256: image.sha256, mimeType: image.mimeType, data: image.data });
      const { title, municipality, neighbourhood, language } = parsed.data;
      const response = await createBoardWithLinks(deps, deps.publicUrl ?? new URL(c.req.url).origin, { id, title, municipality, neighbourhood, language }, seed);
      return c.json(response, 201);
    },
  );
  return app;
}
