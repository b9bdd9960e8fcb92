/**
 * The snapshot, version and archive HTTP API of our own server (`/api/boards/:id/snapshots…`,
 * `/api/archive`), typed by the contract. Every failure is an `ApiError` carrying the
 * server's own message, so the panels can show why something was refused.
 */
import {
  actorNameHeader,
  snapshotTextLimits,
  type ApiErrorBody,
  type ArchiveList,
  type AuditLog,
  type BoardLanguage,
  type CreateSnapshotInput,
  type CreateSnapshotResponse,
  type RestoreResponse,
  type RevertResponse,
  type SnapshotList,
  type SnapshotSummary,
  type VerifyResponse,
} from '@koppelbord/contract';
import type { SerializedSchema, TLRecord } from 'tldraw';
import { ApiError } from './boards-api.ts';

export { ApiError };

/** What the owner's browser renders when the server has no Chromium (`…/render-input`): the snapshot's valid records. */
export interface RenderInput {
  records: TLRecord[];
  schema: SerializedSchema;
  locale: BoardLanguage;
}

/** Body of `PUT …/render`: the rendered pages and the thumbnail, images base64-encoded. */
export interface RenderUpload {
  pages: { pageId: string; name: string; svg: string; png: string }[];
  thumbnail: string;
}

/** A file the server sent for download, with the name it asked for. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  return new ApiError(response.status, body?.error?.message ?? `HTTP ${response.status}`);
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  return response;
}

async function json<T>(path: string, init: RequestInit): Promise<T> {
  return (await (await send(path, init)).json()) as T;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The token, and the name the participant gave (`X-Actor-Name`, percent-encoded) for the
 * actions that record who did them: the snapshot's actor and the audit log keep the name
 * beside the token's role.
 */
function actorHeaders(token: string, actorName: string | undefined): Record<string, string> {
  const name = actorName?.trim().slice(0, snapshotTextLimits.actorName);
  return name ? { ...bearer(token), [actorNameHeader]: encodeURIComponent(name) } : bearer(token);
}

const jsonBody = (token: string, body: unknown, actorName?: string): RequestInit => ({
  method: 'POST',
  headers: { ...actorHeaders(token, actorName), 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const snapshotsPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/snapshots`;
const snapshotPath = (boardId: string, snapshotId: string) => `${snapshotsPath(boardId)}/${encodeURIComponent(snapshotId)}`;

/** The file name from `Content-Disposition` (`filename*=` first, as RFC 6266 says), else `fallback`. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // A malformed escape: fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name || fallback;
}

async function download(path: string, token: string, fallback: string): Promise<DownloadedFile> {
  const response = await send(path, { headers: bearer(token) });
  return { blob: await response.blob(), fileName: fileNameFrom(response.headers.get('content-disposition'), fallback) };
}

/** `GET /api/boards/:id/snapshots` (any role): snapshots and versions, newest first. */
export const listSnapshots = (boardId: string, token: string) => json<SnapshotList>(snapshotsPath(boardId), { headers: bearer(token) });

/** `GET /api/boards/:id/snapshots/:sid` (any role). */
export const fetchSnapshot = (boardId: string, snapshotId: string, token: string) =>
  json<SnapshotSummary>(snapshotPath(boardId, snapshotId), { headers: bearer(token) });

/** `POST /api/boards/:id/snapshots` (owner): takes an archived snapshot of the board as it is now. */
export const takeSnapshot = (boardId: string, token: string, input: CreateSnapshotInput, actorName?: string) =>
  json<CreateSnapshotResponse>(snapshotsPath(boardId), jsonBody(token, input, actorName));

/** `GET …/:sid/package` (the board's tokens, or the operator's): the archive package as a ZIP. */
export const downloadPackage = (boardId: string, snapshotId: string, token: string) =>
  download(`${snapshotPath(boardId, snapshotId)}/package`, token, `${snapshotId}.zip`);

/** `GET …/:sid/files/<path>`: one file of the package, by its path inside the bag. */
export function downloadPackageFile(boardId: string, snapshotId: string, path: string, token: string): Promise<DownloadedFile> {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return download(`${snapshotPath(boardId, snapshotId)}/files/${encoded}`, token, path.split('/').pop() ?? path);
}

/**
 * The package's report PDF: its path comes from the bag's own manifest (`manifest-sha256.txt`
 * lists every payload file), so the client does not depend on how the server names it.
 */
export async function downloadReportPdf(boardId: string, snapshotId: string, token: string): Promise<DownloadedFile> {
  const manifest = await (await downloadPackageFile(boardId, snapshotId, 'manifest-sha256.txt', token)).blob.text();
  const path = manifest
    .split('\n')
    .map((line) => line.replace(/^[0-9a-f]+\s+/i, '').trim())
    .find((entry) => entry.toLowerCase().endsWith('.pdf'));
  if (!path) throw new ApiError(404, 'The package has no PDF report.');
  return downloadPackageFile(boardId, snapshotId, path, token);
}

/** `GET …/:sid/thumbnail`: a PNG, or `undefined` while none has been rendered (404). */
export async function fetchThumbnail(boardId: string, snapshotId: string, token: string): Promise<Blob | undefined> {
  const response = await fetch(`${snapshotPath(boardId, snapshotId)}/thumbnail`, { headers: bearer(token) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw await failure(response);
  return response.blob();
}

/** `GET …/:sid/render-input` (owner): the snapshot's records to render in this browser. */
export const fetchRenderInput = (boardId: string, snapshotId: string, token: string) =>
  json<RenderInput>(`${snapshotPath(boardId, snapshotId)}/render-input`, { headers: bearer(token) });

/** `PUT …/:sid/render` (owner): uploads the images; the server then builds the package. */
export const uploadRender = (boardId: string, snapshotId: string, token: string, upload: RenderUpload) =>
  json<SnapshotSummary>(`${snapshotPath(boardId, snapshotId)}/render`, { ...jsonBody(token, upload), method: 'PUT' });

/** `POST …/:sid/promote` (owner): a version becomes an archived snapshot. */
export const promoteVersion = (boardId: string, snapshotId: string, token: string, input: CreateSnapshotInput, actorName?: string) =>
  json<CreateSnapshotResponse>(`${snapshotPath(boardId, snapshotId)}/promote`, jsonBody(token, input, actorName));

/** `POST …/:sid/revert` (owner, editor): the board goes back to it for everyone; a version is kept first. */
export const revertBoard = (boardId: string, snapshotId: string, token: string, actorName?: string) =>
  json<RevertResponse>(`${snapshotPath(boardId, snapshotId)}/revert`, { method: 'POST', headers: actorHeaders(token, actorName) });

/** `POST …/:sid/restore` (owner): a new board with this content; the original is untouched. */
export const restoreAsNewBoard = (boardId: string, snapshotId: string, token: string, actorName?: string) =>
  json<RestoreResponse>(`${snapshotPath(boardId, snapshotId)}/restore`, { method: 'POST', headers: actorHeaders(token, actorName) });

/** `DELETE …/:sid` (owner): recorded in the board's audit log. */
export async function deleteSnapshot(boardId: string, snapshotId: string, token: string, actorName?: string): Promise<void> {
  await send(snapshotPath(boardId, snapshotId), { method: 'DELETE', headers: actorHeaders(token, actorName) });
}

/** `POST …/:sid/verify` (owner, operator): the server re-checks the package's hashes. */
export const verifyPackage = (boardId: string, snapshotId: string, token: string) =>
  json<VerifyResponse>(`${snapshotPath(boardId, snapshotId)}/verify`, { method: 'POST', headers: bearer(token) });

/** `GET /api/boards/:id/audit` (owner). */
export const fetchAuditLog = (boardId: string, token: string) =>
  json<AuditLog>(`/api/boards/${encodeURIComponent(boardId)}/audit`, { headers: bearer(token) });

/** `GET /api/archive?q=` (operator token): every board with its archived snapshots. */
export function fetchArchive(operatorToken: string, query = ''): Promise<ArchiveList> {
  const search = query.trim() ? `?q=${encodeURIComponent(query.trim())}` : '';
  return json<ArchiveList>(`/api/archive${search}`, { headers: bearer(operatorToken) });
}
