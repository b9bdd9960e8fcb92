/** The facilitation HTTP API of our own server: timer commands (owner) and the server's clock. */
import type { ServerClock, TimerCommand, TimerResponse } from '@koppelbord/contract';
import { ApiError } from '../sync/boards-api.ts';

async function call<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(response.status, body?.error?.message ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

/** `POST /api/boards/:id/timer`: the server applies the command with its own clock. */
export const sendTimerCommand = (boardId: string, token: string, command: TimerCommand) =>
  call<TimerResponse>(`/api/boards/${boardId}/timer`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(command),
  });

/** `GET /api/boards/:id/clock`. */
export const fetchServerClock = (boardId: string, token: string, signal?: AbortSignal) =>
  call<ServerClock>(`/api/boards/${boardId}/clock`, { headers: { authorization: `Bearer ${token}` }, ...(signal ? { signal } : {}) });
