/** The boards HTTP API of our own server (`/api/boards`), typed by the contract. */
import type { ApiErrorBody, BoardLinks, BoardMetadata, CreateBoardInput, CreateBoardResponse, ImportBoardInput, UploadAssetResponse } from '@koppelbord/contract';

/** An API error with its HTTP status, so callers can tell "no access" from "gone". */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function call<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
    throw new ApiError(response.status, body?.error.message ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** `POST /api/boards`. */
export const createBoard = (input: CreateBoardInput) =>
  call<CreateBoardResponse>('/api/boards', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });

/** `GET /api/boards/:id` with the token this device holds for it. */
export const fetchBoard = (boardId: string, token: string) => call<BoardMetadata>(`/api/boards/${boardId}`, { headers: bearer(token) });

/** `POST /api/boards/:id/links` (owner only). */
export const fetchShareLinks = (boardId: string, token: string) =>
  call<BoardLinks>(`/api/boards/${boardId}/links`, { method: 'POST', headers: bearer(token) });

/** `POST /api/boards/:id/assets`: the file's bytes as the body (the server sniffs their type). */
export const uploadAsset = (boardId: string, token: string, file: Blob, signal?: AbortSignal) =>
  call<UploadAssetResponse>(`/api/boards/${boardId}/assets`, { method: 'POST', headers: bearer(token), body: file, ...(signal ? { signal } : {}) });

/** `POST /api/boards/import`: a new board from a tldraw file. */
export const importBoard = (input: ImportBoardInput) =>
  call<CreateBoardResponse>('/api/boards/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
