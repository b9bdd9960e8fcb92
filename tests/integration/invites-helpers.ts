import WebSocket from 'ws';
import type { CreatedInvite, InviteList } from '@koppelbord/contract';
import type { TestClient } from '../helpers/client.ts';
import { tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

/** One API call with a bearer token, as the web client (or a modified one) makes it. */
export function api(server: TestServer, method: string, path: string, token: string | undefined, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
}

/** Creates an invite through the API (owner token); fails the test on anything but 201. */
export async function createInvite(server: TestServer, boardId: string, ownerToken: string, body: { role: 'editor' | 'viewer'; label: string; expiresInDays?: number | null }): Promise<CreatedInvite & { token: string }> {
  const response = await api(server, 'POST', `/api/boards/${boardId}/invites`, ownerToken, body);
  if (response.status !== 201) throw new Error(`creating an invite failed: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as CreatedInvite;
  return { ...created, token: tokenOf(created.url) };
}

export async function listInvites(server: TestServer, boardId: string, ownerToken: string): Promise<InviteList> {
  const response = await api(server, 'GET', `/api/boards/${boardId}/invites`, ownerToken);
  if (response.status !== 200) throw new Error(`listing invites failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as InviteList;
}

/** A JWT's claims (not verified: the test only reads what the server put in). */
export const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
export const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

/** A stock client's first close, once it came (code and reason). */
export const firstClose = (client: TestClient) => waitFor(() => client.closes[0], 'the socket to be closed');

/**
 * Opens a websocket as a stock client would and waits for its close: `opened` says the upgrade
 * was accepted (the close code reached the page), `synced` whether any board data came.
 */
export async function refusedWith(server: TestServer, boardId: string, token: string): Promise<{ opened: boolean; code: number; reason: string; messages: number }> {
  const socket = new WebSocket(`${server.wsUrl}/${boardId}?token=${encodeURIComponent(token)}`);
  let opened = false;
  let messages = 0;
  let close: { code: number; reason: string } | undefined;
  socket.on('open', () => (opened = true));
  socket.on('message', () => messages++);
  socket.on('close', (code, reason) => (close = { code, reason: reason.toString() }));
  socket.on('error', () => {});
  const closed = await waitFor(() => close, 'the socket to be closed');
  return { opened, messages, ...closed };
}

/** The server's count of refused messages for `reason` (Prometheus text). */
export async function rejectedCount(server: TestServer, reason: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`koppelbord_rejected_messages_total{reason="${reason}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
