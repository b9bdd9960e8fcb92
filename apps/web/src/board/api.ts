import type { ApiErrorBody, CreateBoardInput, CreateBoardResponse } from '@koppelbord/contract';

/** `POST /api/boards`; throws with the server's error message. */
export async function createBoard(input: CreateBoardInput): Promise<CreateBoardResponse> {
  const response = await fetch('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
    throw new Error(body?.error.message ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as CreateBoardResponse;
}
