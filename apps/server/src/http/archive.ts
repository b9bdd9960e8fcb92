import { Hono } from 'hono';
import type { ArchiveBoard, ArchiveList } from '@koppelbord/contract';
import type { PackageJobs } from '../snapshots/index.ts';
import type { Store } from '../storage/index.ts';
import { HttpError } from './errors.ts';
import { hasOperatorToken } from './operator.ts';
import { snapshotSummaries } from './snapshot-summaries.ts';

export interface ArchiveRoutesDeps {
  store: Store;
  packages: PackageJobs;
  operatorToken: string | null;
}

/**
 * `GET /api/archive?q=`: every board with its archived snapshots, for the operator
 * (`OPERATOR_TOKEN`). `q` filters on board title or snapshot label, case-insensitively.
 */
export function archiveRoutes({ store, packages, operatorToken }: ArchiveRoutesDeps) {
  const app = new Hono();
  app.get('/', async (c) => {
    if (!operatorToken) throw new HttpError(404, 'archive_disabled', 'This server has no operator access (OPERATOR_TOKEN is not set)');
    if (!hasOperatorToken(c, operatorToken)) throw new HttpError(401, 'operator_token_required', 'The operator token is required');
    const query = (c.req.query('q') ?? '').trim().toLocaleLowerCase('nl');
    const boards: ArchiveBoard[] = [];
    for (const board of await store.listBoards()) {
      const snapshots = (await snapshotSummaries(store, packages, await store.listSnapshots(board.id))).filter((entry) => entry.kind === 'snapshot');
      const matches = (text: string) => text.toLocaleLowerCase('nl').includes(query);
      const shown = query === '' || matches(board.title) ? snapshots : snapshots.filter((entry) => matches(entry.label));
      if (query !== '' && shown.length === 0 && !matches(board.title)) continue;
      boards.push({
        id: board.id,
        title: board.title,
        municipality: board.municipality,
        neighbourhood: board.neighbourhood,
        createdAt: board.createdAt.toISOString(),
        snapshots: shown,
      });
    }
    const list: ArchiveList = { boards };
    return c.json(list);
  });
  return app;
}
