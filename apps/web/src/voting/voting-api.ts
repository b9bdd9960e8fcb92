/**
 * The voting API of our own server (`/api/boards/:id/rounds…`), typed by the contract. The
 * ballot calls carry this device's participant key: the server derives whose ballot it is
 * from the key, so no other participant's votes can be read or changed from here.
 */
import { participantKeyHeader, type ApiErrorBody, type CastBallotInput, type MyBallot, type StartRoundInput, type VotingRoundState } from '@koppelbord/contract';
import { ApiError } from '../sync/boards-api.ts';

async function send<T>(path: string, token: string, method: string, options: { key?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (options.key !== undefined) headers[participantKeyHeader] = options.key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  if (!response.ok) {
    const error = (await response.json().catch(() => null)) as ApiErrorBody | null;
    throw new ApiError(response.status, error?.error?.message ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

const roundsPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/rounds`;
const roundPath = (boardId: string, roundId: string) => `${roundsPath(boardId)}/${encodeURIComponent(roundId)}`;
type RoundAnswer = Omit<VotingRoundState, 'voterCount' | 'results'>;

/** `POST …/rounds` (owner): opens a round; the board shows it to everyone. */
export const startRound = (boardId: string, token: string, input: StartRoundInput) => send<RoundAnswer>(roundsPath(boardId), token, 'POST', { body: input });

/** `POST …/rounds/:id/close` or `…/reveal` (owner). */
export const endRound = (boardId: string, token: string, roundId: string, step: 'close' | 'reveal') => send<RoundAnswer>(`${roundPath(boardId, roundId)}/${step}`, token, 'POST');

/** `GET …/rounds/:id/ballot`: this participant's own votes in the round. */
export const fetchBallot = (boardId: string, token: string, roundId: string, key: string) => send<MyBallot>(`${roundPath(boardId, roundId)}/ballot`, token, 'GET', { key });

/** `PUT …/rounds/:id/ballot`: replaces this participant's whole ballot. */
export const putBallot = (boardId: string, token: string, roundId: string, key: string, ballot: CastBallotInput) =>
  send<MyBallot>(`${roundPath(boardId, roundId)}/ballot`, token, 'PUT', { key, body: ballot });
