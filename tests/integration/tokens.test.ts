import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@koppelbord/contract';
import { connectClient, firstCloseCode, type TestClient } from '../helpers/client.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

let server: TestServer;
const clients: TestClient[] = [];
beforeAll(async () => {
  server = await startTestServer({ authSecret: 'a-test-secret-that-is-long-enough-0123456789' });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

async function closeCodeFor(boardId: string, token: string | undefined): Promise<number> {
  const client = connectClient(server.wsUrl, boardId, token);
  clients.push(client);
  const code = await firstCloseCode(client);
  // 44xx closes are final for the stock client: it does not hammer the server with retries.
  await waitFor(() => !client.provider.shouldConnect, 'the client to give up');
  return code;
}

const sign = (claims: Record<string, unknown>, secret: string, expiresIn: number) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience('koppelbord:board')
    .setJti('test')
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
    .sign(new TextEncoder().encode(secret));

describe('websocket admission', () => {
  it('refuses missing, forged, expired and other-board tokens with 4401', async () => {
    const board = await server.createBoard();
    const other = await server.createBoard();
    const editToken = tokenOf(board.links.edit);
    const [header, payload, signature] = editToken.split('.') as [string, string, string];
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    const elevated = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'owner' })).toString('base64url');

    expect(await closeCodeFor(board.id, undefined)).toBe(CloseCode.unauthorized);
    expect(await closeCodeFor(board.id, 'not-a-token')).toBe(CloseCode.unauthorized);
    expect(await closeCodeFor(board.id, `${header}.${payload}.${flipped}`)).toBe(CloseCode.unauthorized);
    expect(await closeCodeFor(board.id, `${header}.${elevated}.${signature}`)).toBe(CloseCode.unauthorized);
    expect(await closeCodeFor(board.id, await sign({ bid: board.id, role: 'editor' }, 'some-other-secret-of-sufficient-length!!', 3600))).toBe(CloseCode.unauthorized);
    expect(await closeCodeFor(board.id, await sign({ bid: board.id, role: 'editor' }, 'a-test-secret-that-is-long-enough-0123456789', -60))).toBe(CloseCode.unauthorized);
    expect(await closeCodeFor(board.id, tokenOf(other.links.edit))).toBe(CloseCode.unauthorized);
  });

  it('refuses a valid token for a board that does not exist with 4404', async () => {
    const ghost = 'AAAAAAAAAAAAAAAAAAAAAA';
    const token = await server.tokens.issue(ghost, 'editor');
    expect(await closeCodeFor(ghost, token)).toBe(CloseCode.unknownBoard);
  });

  it('never loads a document for a refused socket', async () => {
    const board = await server.createBoard();
    const health = async () => ((await (await fetch(`${server.url}/healthz`)).json()) as { loadedBoards: number }).loadedBoards;
    const before = await health();
    expect(await closeCodeFor(board.id, 'forged')).toBe(CloseCode.unauthorized);
    expect(await health()).toBe(before);
  });

  it('answers a plain HTTP request to the sync endpoint with a JSON error', async () => {
    const response = await fetch(`${server.url}/sync/whatever`);
    expect(response.status).toBe(426);
    expect(await response.json()).toEqual({ error: { code: 'upgrade_required', message: expect.any(String) } });
  });
});
