import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardMetadata } from '@koppelbord/contract';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ publicUrl: 'https://koppelbord.gemeente.example' });
});
afterAll(async () => {
  await server.stop();
});

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}/api/boards`, { method: 'POST', headers, body });

const expectError = async (response: Response, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  return body;
};

describe('POST /api/boards', () => {
  it('creates a board with unguessable id, owner token and share links', async () => {
    const response = await post(JSON.stringify({ title: 'Wijk Noord', municipality: 'Tilburg', neighbourhood: 'Noord' }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; ownerToken: string; links: { edit: string; view: string } };
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.links.edit).toMatch(new RegExp(`^https://koppelbord\\.gemeente\\.example/b/${body.id}#token=`));
    expect(body.links.view).toMatch(new RegExp(`^https://koppelbord\\.gemeente\\.example/b/${body.id}#token=`));
    expect(tokenOf(body.links.edit)).not.toBe(tokenOf(body.links.view));

    const second = (await (await post(JSON.stringify({ title: 'Wijk Noord' }))).json()) as { id: string };
    expect(second.id).not.toBe(body.id);

    for (const [token, role] of [[body.ownerToken, 'owner'], [tokenOf(body.links.edit), 'editor'], [tokenOf(body.links.view), 'viewer']] as const) {
      const meta = await fetch(`${server.url}/api/boards/${body.id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(meta.status).toBe(200);
      expect((await meta.json()) as BoardMetadata).toEqual({
        id: body.id,
        title: 'Wijk Noord',
        municipality: 'Tilburg',
        neighbourhood: 'Noord',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        role,
      });
    }
  });

  it('rejects invalid input with 400 and a JSON error body', async () => {
    await expectError(await post('{not json'), 400, 'invalid_json');
    await expectError(await post(JSON.stringify({})), 400, 'invalid_input');
    await expectError(await post(JSON.stringify({ title: '   ' })), 400, 'invalid_input');
    const tooLong = await expectError(await post(JSON.stringify({ title: 'x'.repeat(201) })), 400, 'invalid_input');
    // Each problem in words, with the field and the limit.
    expect(tooLong.error.message).toBe('title: Too big: expected string to have <=200 characters');
    await expectError(await post(JSON.stringify({ title: 'ok', municipality: 42 })), 400, 'invalid_input');
    await expectError(await post(JSON.stringify(['title'])), 400, 'invalid_input');
    const body = await expectError(await post(JSON.stringify({ title: 'ok', extra: true })), 400, 'invalid_input');
    expect(body.error.message).toMatch(/extra/);
  });
});

describe('GET /api/boards/:id', () => {
  it('needs a valid token for that very board', async () => {
    const a = (await (await post(JSON.stringify({ title: 'A' }))).json()) as { id: string; ownerToken: string };
    const b = (await (await post(JSON.stringify({ title: 'B' }))).json()) as { id: string; ownerToken: string };
    const get = (id: string, token?: string) => fetch(`${server.url}/api/boards/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    await expectError(await get(a.id), 401, 'token_missing');
    await expectError(await get(a.id, 'garbage'), 401, 'token_invalid');
    await expectError(await get(a.id, `${a.ownerToken.slice(0, -3)}abc`), 401, 'token_invalid');
    await expectError(await get(a.id, b.ownerToken), 403, 'token_wrong_board');
    const ghost = 'AAAAAAAAAAAAAAAAAAAAAA';
    await expectError(await get(ghost, await server.tokens.issue(ghost, 'viewer')), 404, 'board_not_found');
  });
});

describe('POST /api/boards/:id/links', () => {
  it('gives the owner fresh editor and viewer links, and nobody else', async () => {
    const board = (await (await post(JSON.stringify({ title: 'Deel mij' }))).json()) as { id: string; ownerToken: string; links: { edit: string; view: string } };
    const share = (token: string) => fetch(`${server.url}/api/boards/${board.id}/links`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const response = await share(board.ownerToken);
    expect(response.status).toBe(200);
    const links = (await response.json()) as { edit: string; view: string };
    for (const [link, role] of [[links.edit, 'editor'], [links.view, 'viewer']] as const) {
      expect(link).toMatch(new RegExp(`^https://koppelbord\\.gemeente\\.example/b/${board.id}#token=`));
      const meta = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${tokenOf(link)}` } });
      expect(((await meta.json()) as BoardMetadata).role).toBe(role);
    }
    await expectError(await share(tokenOf(board.links.edit)), 403, 'owner_only');
    await expectError(await share(tokenOf(board.links.view)), 403, 'owner_only');
  });
});

describe('other routes', () => {
  it('answers unknown API routes and methods with JSON 404s', async () => {
    await expectError(await fetch(`${server.url}/api/nope`), 404, 'not_found');
    await expectError(await fetch(`${server.url}/api/boards`, { method: 'DELETE' }), 404, 'not_found');
  });

  it('serves health as JSON', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });

  it('serves Prometheus metrics', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    for (const name of ['koppelbord_connections', 'koppelbord_loaded_boards', 'koppelbord_updates_in_total', 'koppelbord_bytes_in_total', 'koppelbord_bytes_out_total', 'koppelbord_commit_seconds', 'koppelbord_rejected_messages_total']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});

// Last: the server answers before reading the whole body and then drops that connection,
// which would break a pooled keep-alive socket for a following request.
describe('request size', () => {
  it('rejects an over-large body with 413', async () => {
    await expectError(await post(JSON.stringify({ title: 'x'.repeat(200_000) })), 413, 'body_too_large');
  });
});
