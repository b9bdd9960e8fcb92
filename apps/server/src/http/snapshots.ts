import { Hono, type Context } from 'hono';
import { unzipSync } from 'fflate';
import {
  actorNameHeader,
  type AuditLog,
  boardIdPattern,
  createSnapshotInput,
  snapshotTextLimits,
  type CreateSnapshotResponse,
  type RevertResponse,
  type Role,
  type SnapshotList,
} from '@koppelbord/contract';
import { automaticSnapshotLabels, createBoardSchema, formatDate } from '@koppelbord/board-model';
import { createSeedUpdate, type SeedOptions } from '@koppelbord/tldraw-yjs';
import { verifyArchivePackage } from '../archive/index.ts';
import type { AccessService } from '../access/index.ts';
import type { BoardGrant, TokenService } from '../auth/index.ts';
import { UploadedRenderError } from '../render/index.ts';
import { SnapshotProblem, type PackageJobs, type SnapshotAnalyzer, type SnapshotService } from '../snapshots/index.ts';
import type { Store, SnapshotMeta, StoredActor } from '../storage/index.ts';
import { requireBoardGrant } from './auth.ts';
import { createBoardWithLinks } from './boards.ts';
import { HttpError } from './errors.ts';
import { readJsonBody, requireJsonBody } from './json-body.ts';
import { scavengeAfter } from './scavenge-after.ts';
import { snapshotSummaries } from './snapshot-summaries.ts';
import { streamedBody } from './streamed-body.ts';
import { hasOperatorToken } from './operator.ts';

export interface SnapshotRoutesDeps {
  store: Store;
  tokens: TokenService;
  /** Makes a restored board's invites. */
  access: AccessService;
  snapshots: SnapshotService;
  packages: PackageJobs;
  analyzer: SnapshotAnalyzer;
  publicUrl: string | undefined;
  operatorToken: string | null;
  limits: { maxPackageBytes: number; maxRenderUploadBytes: number };
}

const promoteInput = createSnapshotInput;
const snapshotIdPattern = /^[0-9a-f-]{36}$/;
const boardSchema = createBoardSchema();

/** Content types of the files inside a package, by extension. */
const fileTypes: Record<string, string> = {
  xml: 'application/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  tldr: 'application/vnd.tldraw+json',
  svg: 'image/svg+xml',
  png: 'image/png',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
};

/** The actor of a request: the token's role and the name the client gave in `X-Actor-Name`. */
function actorOf(c: Context, role: Role): StoredActor {
  const raw = c.req.header(actorNameHeader);
  let name: string | null = null;
  if (raw) {
    try {
      name = decodeURIComponent(raw).trim().slice(0, snapshotTextLimits.actorName) || null;
    } catch {
      throw new HttpError(400, 'invalid_actor_name', `${actorNameHeader} must be percent-encoded UTF-8`);
    }
  }
  return { role, name };
}

const requireRole = (grant: BoardGrant, allowed: readonly Role[], what: string) => {
  if (!allowed.includes(grant.role)) throw new HttpError(403, allowed.length === 1 ? 'owner_only' : 'editors_only', `Only ${allowed.join(' or ')} links can ${what}`);
};

const problemStatus = { board_not_found: 404, snapshot_not_found: 404, not_a_version: 409 } as const;

/** Runs `work`, turning a SnapshotProblem into its HTTP error. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SnapshotProblem) throw new HttpError(problemStatus[error.problem], error.problem, error.message);
    throw error;
  }
}

/**
 * `/api/boards/:id/snapshots…` (README "Snapshots and the archive"). Every right is checked
 * here against the token's role: viewers read, editors also revert, owners do the rest.
 * Package downloads and verification also take the operator token.
 */
export function snapshotRoutes(deps: SnapshotRoutesDeps) {
  const { store, tokens, snapshots, packages } = deps;
  const app = new Hono();

  const summaries = (metas: readonly SnapshotMeta[]) => snapshotSummaries(store, packages, metas);

  /** The grant for the board in the path (404 for a board that does not exist). */
  const boardGrant = async (c: Context): Promise<{ boardId: string; grant: BoardGrant }> => {
    const boardId = c.req.param('id') ?? '';
    const grant = await requireBoardGrant(c, tokens, boardId);
    if (!boardIdPattern.test(boardId) || !(await store.getBoard(boardId))) throw new HttpError(404, 'board_not_found', 'No such board');
    return { boardId, grant };
  };

  /** Owner token or the operator's (download and verify); null grant for the operator. */
  const readerOrOperator = async (c: Context): Promise<{ boardId: string; grant: BoardGrant | null }> => {
    if (hasOperatorToken(c, deps.operatorToken)) {
      const boardId = c.req.param('id') ?? '';
      if (!boardIdPattern.test(boardId) || !(await store.getBoard(boardId))) throw new HttpError(404, 'board_not_found', 'No such board');
      return { boardId, grant: null };
    }
    return boardGrant(c);
  };

  const snapshotOf = async (boardId: string, c: Context): Promise<SnapshotMeta> => {
    const snapshotId = c.req.param('snapshotId') ?? '';
    const meta = snapshotIdPattern.test(snapshotId) ? await store.getSnapshotMeta(boardId, snapshotId) : undefined;
    if (!meta) throw new HttpError(404, 'snapshot_not_found', 'No such snapshot on this board');
    return meta;
  };

  const readyPackage = async (boardId: string, c: Context) => {
    const meta = await snapshotOf(boardId, c);
    const pkg = meta.kind === 'snapshot' ? await store.getPackage(meta.id) : undefined;
    if (!pkg) {
      if (meta.kind === 'version') throw new HttpError(409, 'no_package', 'A version has no archive package; promote it to a snapshot first');
      throw new HttpError(409, 'package_not_ready', `The archive package is ${packages.status(meta.id, false)}`);
    }
    return pkg;
  };

  /** Refuses (413) a snapshot whose package would be over the limit, before anything is built. */
  const checkPackageSize = async (boardId: string) => {
    const room = await store.loadDocument(boardId);
    const estimate = (room.snapshot?.state.byteLength ?? 0) + room.updates.reduce((sum, update) => sum + update.data.byteLength, 0);
    if (estimate > deps.limits.maxPackageBytes) {
      throw new HttpError(413, 'package_too_large', `This board is too large to archive (about ${estimate} bytes; the limit is ${deps.limits.maxPackageBytes})`);
    }
  };

  const created = (meta: SnapshotMeta): CreateSnapshotResponse => ({
    id: meta.id,
    label: meta.label,
    createdAt: meta.createdAt.toISOString(),
    package: { status: packages.status(meta.id, false) },
  });

  app.post('/:id/snapshots', scavengeAfter, async (c) => {
    const { boardId, grant } = await boardGrant(c);
    requireRole(grant, ['owner'], 'take an archived snapshot');
    const input = await readJsonBody(c, createSnapshotInput);
    await checkPackageSize(boardId);
    const meta = await answering(() => snapshots.take(boardId, { kind: 'snapshot', label: input.label, includeNames: input.includeNames, actor: actorOf(c, grant.role) }));
    return c.json(created(meta), 201);
  });

  app.get('/:id/snapshots', async (c) => {
    const { boardId } = await boardGrant(c);
    const list: SnapshotList = { snapshots: await summaries(await store.listSnapshots(boardId)) };
    return c.json(list);
  });

  app.get('/:id/snapshots/:snapshotId', async (c) => {
    const { boardId } = await boardGrant(c);
    const [summary] = await summaries([await snapshotOf(boardId, c)]);
    return c.json(summary);
  });

  app.get('/:id/snapshots/:snapshotId/package', scavengeAfter, async (c) => {
    const { boardId } = await readerOrOperator(c);
    const pkg = await readyPackage(boardId, c);
    return c.body(Buffer.from(pkg.zip), 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${pkg.name}.zip"`,
      'Content-Length': String(pkg.zip.byteLength),
      ETag: `"${pkg.sha256}"`,
    });
  });

  app.get('/:id/snapshots/:snapshotId/pakbon', async (c) => {
    const { boardId } = await readerOrOperator(c);
    const pkg = await readyPackage(boardId, c);
    return c.body(pkg.pakbon, 200, { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Disposition': `attachment; filename="${pkg.name}.pakbon.xml"` });
  });

  app.get('/:id/snapshots/:snapshotId/files/*', scavengeAfter, async (c) => {
    const { boardId } = await readerOrOperator(c);
    const pkg = await readyPackage(boardId, c);
    const prefix = `/${boardId}/snapshots/${c.req.param('snapshotId')}/files/`;
    const wanted = decodeURIComponent(c.req.path.slice(c.req.path.indexOf(prefix) + prefix.length));
    const entries = unzipSync(pkg.zip, { filter: (file) => file.name === `${pkg.name}/${wanted}` });
    const data = entries[`${pkg.name}/${wanted}`];
    if (!data || wanted.endsWith('/')) throw new HttpError(404, 'file_not_found', `No file ${wanted} in this package`);
    const name = wanted.split('/').pop()!;
    return c.body(Buffer.from(data), 200, {
      'Content-Type': fileTypes[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      // Files come from the board's content: never let a browser run them on our origin.
      'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
    });
  });

  app.get('/:id/snapshots/:snapshotId/thumbnail', async (c) => {
    const { boardId } = await boardGrant(c);
    const meta = await snapshotOf(boardId, c);
    const thumbnail = (await store.getPackage(meta.id))?.thumbnail;
    if (!thumbnail) throw new HttpError(404, 'no_thumbnail', 'This snapshot has no image yet');
    return c.body(Buffer.from(thumbnail), 200, { 'Content-Type': 'image/png' });
  });

  app.get('/:id/snapshots/:snapshotId/render-input', scavengeAfter, async (c) => {
    const { boardId, grant } = await boardGrant(c);
    requireRole(grant, ['owner'], 'render a snapshot');
    const snapshot = await store.getSnapshot(boardId, (await snapshotOf(boardId, c)).id);
    // Megabytes for a large board: built and encoded in the analyzer's worker, sent as they come.
    const json = await deps.analyzer.renderInput(snapshot!.state, snapshot!.board.language);
    return c.body(json, 200, { 'Content-Type': 'application/json' });
  });

  app.put('/:id/snapshots/:snapshotId/render', scavengeAfter, async (c) => {
    const { boardId, grant } = await boardGrant(c);
    requireRole(grant, ['owner'], 'upload the images of a snapshot');
    const meta = await snapshotOf(boardId, c);
    if (meta.kind !== 'snapshot') throw new HttpError(409, 'no_package', 'A version has no archive package');
    if (await store.getPackage(meta.id)) throw new HttpError(409, 'package_ready', 'This package is built already');
    requireJsonBody(c);
    const body = streamedBody(c, deps.limits.maxRenderUploadBytes);
    // The body (megabytes of images) is read, parsed and checked in the package process, not here.
    try {
      await packages.fromUpload(boardId, meta.id, body);
    } catch (error) {
      if (error instanceof UploadedRenderError) throw new HttpError(error.status, error.code, error.message);
      throw error;
    }
    const [summary] = await summaries([meta]);
    return c.json(summary);
  });

  app.post('/:id/snapshots/:snapshotId/promote', scavengeAfter, async (c) => {
    const { boardId, grant } = await boardGrant(c);
    requireRole(grant, ['owner'], 'archive a version');
    const input = await readJsonBody(c, promoteInput);
    const meta = await snapshotOf(boardId, c);
    const promoted = await answering(() => snapshots.promote(boardId, meta.id, input.label, input.includeNames, actorOf(c, grant.role)));
    return c.json(created(promoted), 201);
  });

  app.post('/:id/snapshots/:snapshotId/revert', scavengeAfter, async (c) => {
    const { boardId, grant } = await boardGrant(c);
    requireRole(grant, ['owner', 'editor'], 'revert the board');
    const meta = await snapshotOf(boardId, c);
    const before = await answering(() => snapshots.revert(boardId, meta.id, actorOf(c, grant.role)));
    const response: RevertResponse = { versionId: before.id };
    return c.json(response);
  });

  app.post('/:id/snapshots/:snapshotId/restore', scavengeAfter, async (c) => {
    const { boardId, grant } = await boardGrant(c);
    requireRole(grant, ['owner'], 'restore a snapshot as a new board');
    const meta = await snapshotOf(boardId, c);
    const { snapshot, records } = await answering(() => snapshots.forRestore(boardId, meta.id));
    const { language } = snapshot.board;
    const title = automaticSnapshotLabels.restoredTitle[language]
      .replace('{title}', snapshot.board.title)
      .replace('{date}', formatDate(snapshot.createdAt.toISOString().slice(0, 10), language));
    const seed = createSeedUpdate(boardSchema, { documentName: title, records: records as unknown as NonNullable<SeedOptions['records']> });
    const board = { title: title.slice(0, 200), municipality: snapshot.board.municipality ?? undefined, neighbourhood: snapshot.board.neighbourhood ?? undefined, language };
    const response = await createBoardWithLinks({ store, access: deps.access }, deps.publicUrl ?? new URL(c.req.url).origin, board, seed);
    return c.json(response, 201);
  });

  app.delete('/:id/snapshots/:snapshotId', async (c) => {
    const { boardId, grant } = await boardGrant(c);
    requireRole(grant, ['owner'], 'delete a snapshot');
    const meta = await snapshotOf(boardId, c);
    await answering(() => snapshots.delete(boardId, meta.id, actorOf(c, grant.role)));
    return c.body(null, 204);
  });

  app.post('/:id/snapshots/:snapshotId/verify', scavengeAfter, async (c) => {
    const { boardId, grant } = await readerOrOperator(c);
    if (grant) requireRole(grant, ['owner'], 'verify a package');
    const pkg = await readyPackage(boardId, c);
    return c.json(verifyArchivePackage(pkg.zip));
  });

  app.get('/:id/audit', async (c) => {
    const { boardId, grant } = await boardGrant(c);
    requireRole(grant, ['owner'], 'read the audit log');
    const log: AuditLog = { entries: (await store.listAudit(boardId)).map((entry) => ({ at: entry.at.toISOString(), action: entry.action, actor: entry.actor, detail: entry.detail })) };
    return c.json(log);
  });

  return app;
}

