import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, type CreateBoardResponse } from '@koppelbord/contract';
import type { ConfigOverrides } from '@koppelbord/server';
import { webDistDir } from '../helpers/build-web.ts';
import { connectClient } from '../helpers/client.ts';
import { accessControlHeaders, errorBodyProblems, expectJsonError, expectSecurityHeaders } from '../helpers/http-checks.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const servers: TestServer[] = [];
const cleanups: (() => void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function start(overrides: ConfigOverrides = {}): Promise<TestServer> {
  const server = await startTestServer({ webDistDir, ...overrides });
  servers.push(server);
  return server;
}

const json = { 'content-type': 'application/json' };

async function createBoardAs(server: TestServer, forwardedFor?: string, body: string = JSON.stringify({ title: 'Wijk' })): Promise<Response> {
  return fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { ...json, ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }) },
    body,
  });
}

async function metric(server: TestServer, sample: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const escaped = sample.replace(/[{}"[\]().*+?^$|\\]/g, '\\$&');
  return Number(text.match(new RegExp(`^${escaped} (\\S+)$`, 'm'))?.[1] ?? 0);
}

/** A `ws` socket that says it was forwarded for `address` (through the trusted proxy at 127.0.0.1). */
function forwardedSocketClass(address: string) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-forwarded-for': address } });
    }
  };
}

/** A stock y-websocket client whose requests arrive "from" `address`. */
function stockClientFrom(server: TestServer, address: string, boardId: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, boardId, doc, {
    WebSocketPolyfill: forwardedSocketClass(address) as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  const destroy = () => {
    provider.destroy();
    doc.destroy();
  };
  cleanups.push(destroy);
  return { doc, provider, closes, destroy };
}

/** Opens a raw socket "from" `address`; resolves with its close code. */
function rawSocketCloseCode(server: TestServer, address: string, boardId: string, token: string): Promise<number> {
  const Socket = forwardedSocketClass(address);
  const socket = new Socket(`${server.wsUrl}/${boardId}?token=${encodeURIComponent(token)}`);
  return new Promise<number>((resolve) => {
    socket.on('error', () => {});
    socket.on('close', (code) => resolve(code));
  });
}

describe('security headers', () => {
  let server: TestServer;
  let board: CreateBoardResponse;
  beforeAll(async () => {
    server = await start();
    board = await server.createBoard();
  });

  it('are on every kind of response', async () => {
    const page = await fetch(`${server.url}/`);
    const html = await page.text();
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const auth = { authorization: `Bearer ${board.ownerToken}` };
    const requests: [string, string, RequestInit, number][] = [
      ['the start page', '/', {}, 200],
      ['a board page', `/b/${board.id}`, {}, 200],
      ['an asset', script!, { headers: { 'accept-encoding': 'br' } }, 200],
      ['a missing asset', '/assets/index-doesnotexist.js', {}, 404],
      ['health', '/healthz', {}, 200],
      ['metrics', '/metrics', {}, 200],
      ['board metadata', `/api/boards/${board.id}`, { headers: auth }, 200],
      ['a board creation', '/api/boards', { method: 'POST', headers: json, body: JSON.stringify({ title: 'Kop' }) }, 201],
      ['share links', `/api/boards/${board.id}/links`, { method: 'POST', headers: auth }, 200],
      ['invalid JSON', '/api/boards', { method: 'POST', headers: json, body: '{' }, 400],
      ['a missing token', `/api/boards/${board.id}`, {}, 401],
      ['an unknown API path', '/api/nope', {}, 404],
      ['an unknown method', '/api/boards', { method: 'PUT', headers: json, body: '{}' }, 404],
      ['a wrong content type', '/api/boards', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"title":"x"}' }, 415],
      ['POST to the page', '/', { method: 'POST' }, 404],
      ['HEAD of the page', '/', { method: 'HEAD' }, 200],
      ['OPTIONS', '/api/boards', { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } }, 404],
      ['a sync request without upgrade', `/sync/${board.id}`, {}, 426],
      ['an unknown sync path', '/sync/a/b', {}, 404],
    ];
    for (const [what, url, init, status] of requests) {
      const response = await fetch(`${server.url}${url}`, init);
      await response.arrayBuffer();
      expect(response.status, what).toBe(status);
      expectSecurityHeaders(response.headers, what);
    }
  });

  it('keep the policy strict: nothing but our own origin', async () => {
    const csp = (await fetch(`${server.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|\*|'unsafe-eval'/);
  });

  it('do not let API responses be cached', async () => {
    const response = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.ownerToken}` } });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('errors are JSON', () => {
  it('for a missing asset, never the page', async () => {
    const server = await start();
    await expectJsonError(await fetch(`${server.url}/assets/index-deadbeef.js`), 404, 'not_found');
    await expectJsonError(await fetch(`${server.url}/assets/%E0%A4%A`), 404, 'not_found');
    await expectJsonError(await fetch(`${server.url}/assets/..%2f..%2fpackage.json`), 404, 'not_found');
    await expectJsonError(await fetch(`${server.url}/nothing/here`, { method: 'DELETE' }), 404, 'not_found');
    await expectJsonError(await fetch(`${server.url}/api/boards/%ZZ`, { headers: { authorization: 'Bearer x' } }), 401, 'token_invalid');
    const wrongType = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'title=x' });
    await expectJsonError(wrongType, 415, 'unsupported_media_type');
    const noType = await fetch(`${server.url}/api/boards`, { method: 'POST', body: new Blob(['{"title":"x"}']) });
    await expectJsonError(noType, 415, 'unsupported_media_type');
    // Last on this server: the server answers 413 without reading the body and drops that connection.
    const tooBig = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: json, body: JSON.stringify({ title: 'x'.repeat(100_000) }) });
    await expectJsonError(tooBig, 413, 'body_too_large');
    expectSecurityHeaders(tooBig.headers, '413');
  });

  it('when the web client is not built: 503 with instructions', async () => {
    const emptyDist = mkdtempSync(path.join(tmpdir(), 'koppelbord-nodist-'));
    cleanups.push(() => rmSync(emptyDist, { recursive: true, force: true }));
    const server = await start({ webDistDir: emptyDist });
    for (const url of ['/', '/b/AAAAAAAAAAAAAAAAAAAAAA']) {
      const response = await fetch(`${server.url}${url}`);
      expectSecurityHeaders(response.headers, url);
      const body = await expectJsonError(response, 503, 'web_client_not_built');
      expect(body.error.message).toContain('pnpm build');
    }
    await expectJsonError(await fetch(`${server.url}/assets/index.js`), 404, 'not_found');
  });
});

describe('answers from below the app are JSON with the security headers too', () => {
  /** Sends raw bytes and parses the one response: status, headers (lower-case), body. */
  async function rawRequest(server: TestServer, head: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.write(head));
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
      socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer to ${head.slice(0, 40)}`)));
    });
    const [headText = '', body = ''] = text.split('\r\n\r\n');
    const [statusLine = '', ...lines] = headText.split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }
  const upgrade = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
  const cases: [string, string, number, string][] = [
    ['a method Node does not know', 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad_request'],
    ['request headers over 16 KiB', `GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['a backslash in the path', 'GET /a\\b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'bad_request'],
    ['a malformed Host header', 'GET / HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n', 400, 'bad_request'],
    ['a websocket upgrade outside /sync', `GET /healthz HTTP/1.1\r\nHost: x\r\n${upgrade}\r\n`, 400, 'upgrade_not_supported'],
    ['an upgrade whose target is not a URL', `GET http://[ HTTP/1.1\r\nHost: x\r\n${upgrade}\r\n`, 400, 'invalid_url'],
  ];
  for (const [name, head, status, code] of cases) {
    it(`for ${name}: ${status} ${code}`, async () => {
      const server = await start();
      const response = await rawRequest(server, head);
      expect(response.status).toBe(status);
      expect(errorBodyProblems(response.status, response.headers['content-type'], response.body)).toEqual([]);
      expect((JSON.parse(response.body) as { error: { code: string } }).error.code).toBe(code);
      expectSecurityHeaders(response.headers, name);
      // The server carries on.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  }
});

describe('CORS', () => {
  const allowed = 'https://intranet.gemeente.example';

  it('sends no Access-Control header by default, whatever the request', async () => {
    const server = await start();
    const board = await server.createBoard();
    const requests: RequestInit[] = [
      { method: 'OPTIONS', headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } },
      { method: 'POST', headers: { origin: allowed, ...json }, body: JSON.stringify({ title: 'x' }) },
      { method: 'GET', headers: { origin: allowed, authorization: `Bearer ${board.ownerToken}` } },
    ];
    for (const [i, init] of requests.entries()) {
      const url = i === 2 ? `/api/boards/${board.id}` : '/api/boards';
      const response = await fetch(`${server.url}${url}`, init);
      await response.arrayBuffer();
      expect(accessControlHeaders(response.headers), `${init.method} ${url}`).toEqual([]);
    }
  });

  it('allows only the configured origins, only on /api, with Authorization and Content-Type', async () => {
    const server = await start({ http: { corsOrigins: [allowed] } });
    const preflight = await fetch(`${server.url}/api/boards`, {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
    const allowHeaders = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    expect(allowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    expectSecurityHeaders(preflight.headers, 'preflight');

    const created = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { origin: allowed, ...json }, body: JSON.stringify({ title: 'x' }) });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(created.headers.get('vary')).toMatch(/origin/i);
    const board = (await created.json()) as CreateBoardResponse;
    const meta = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { origin: allowed, authorization: `Bearer ${board.ownerToken}` } });
    expect(meta.headers.get('access-control-allow-origin')).toBe(allowed);
    // Errors too, so the other site's script can read them.
    const refused = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { origin: allowed } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(allowed);

    // Another origin: nothing, not even on the preflight.
    for (const origin of ['https://evil.example', `${allowed}.evil.example`, 'null']) {
      const foreignPreflight = await fetch(`${server.url}/api/boards`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      await foreignPreflight.arrayBuffer();
      expect(accessControlHeaders(foreignPreflight.headers), origin).toEqual([]);
      const foreignPost = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { origin, ...json }, body: JSON.stringify({ title: 'x' }) });
      await foreignPost.arrayBuffer();
      expect(accessControlHeaders(foreignPost.headers), origin).toEqual([]);
    }
    // Outside /api: nothing, even for the allowed origin.
    for (const url of ['/healthz', '/metrics', '/', '/assets/x.js']) {
      const response = await fetch(`${server.url}${url}`, { headers: { origin: allowed } });
      await response.arrayBuffer();
      expect(accessControlHeaders(response.headers), url).toEqual([]);
    }
  });
});

describe('board creation per address', () => {
  it('answers 429 with Retry-After after the burst, per client address behind a trusted proxy', async () => {
    const server = await start({ rateLimits: { boardCreateBurstPerIp: 5, boardCreateRatePerIp: 1 }, http: { trustedProxies: ['127.0.0.1'] } });
    for (let i = 0; i < 5; i++) expect((await createBoardAs(server, '198.51.100.7')).status).toBe(201);
    const limited = await createBoardAs(server, '198.51.100.7');
    expectSecurityHeaders(limited.headers, '429');
    expect(limited.headers.get('retry-after')).toBe('3600');
    await expectJsonError(limited, 429, 'rate_limited');
    // A client that wrote its own X-Forwarded-For entry in front is still the same client.
    await expectJsonError(await createBoardAs(server, '203.0.113.1, 198.51.100.7'), 429, 'rate_limited');

    // Another address through the same proxy is not affected.
    expect((await createBoardAs(server, '198.51.100.8')).status).toBe(201);

    // Invalid bodies count too: a flood of them is cut off like valid ones.
    for (let i = 0; i < 5; i++) expect((await createBoardAs(server, '198.51.100.9', '{not json')).status).toBe(400);
    await expectJsonError(await createBoardAs(server, '198.51.100.9'), 429, 'rate_limited');
    await expectJsonError(await createBoardAs(server, '198.51.100.9', '{not json'), 429, 'rate_limited');

    // IPv6 clients count by /64: another address in the same /64 shares the budget.
    for (let i = 0; i < 5; i++) expect((await createBoardAs(server, `2001:db8:5:6::${i + 1}`)).status).toBe(201);
    await expectJsonError(await createBoardAs(server, '2001:db8:5:6:ffff:1:2:3'), 429, 'rate_limited');
    expect((await createBoardAs(server, '2001:db8:5:7::1')).status).toBe(201);
    // IPv4-mapped IPv6 is the IPv4 address.
    await expectJsonError(await createBoardAs(server, '::ffff:198.51.100.7'), 429, 'rate_limited');

    expect(await metric(server, 'koppelbord_http_rate_limited_total{limit="board_create"}')).toBe(6);
  });

  it("ignores an untrusted peer's X-Forwarded-For", async () => {
    const server = await start({ rateLimits: { boardCreateBurstPerIp: 3, boardCreateRatePerIp: 1 } });
    for (let i = 0; i < 3; i++) expect((await createBoardAs(server, `198.51.100.${i + 1}`)).status).toBe(201);
    await expectJsonError(await createBoardAs(server, '198.51.100.50'), 429, 'rate_limited');
    await expectJsonError(await createBoardAs(server), 429, 'rate_limited');
  });

  it('is off with a rate of 0', async () => {
    const server = await start({ rateLimits: { boardCreateBurstPerIp: 1, boardCreateRatePerIp: 0 } });
    for (let i = 0; i < 4; i++) expect((await createBoardAs(server)).status).toBe(201);
  });
});

describe('websocket upgrades per address', () => {
  it('closes sockets past the burst with 1008, before any token check, while another address still syncs', async () => {
    const burst = 20;
    const server = await start({ rateLimits: { upgradeBurstPerIp: burst, upgradeRatePerIp: 1 }, http: { trustedProxies: ['127.0.0.1'] } });
    const board = (await (await createBoardAs(server, '198.51.100.1')).json()) as CreateBoardResponse;
    const token = tokenOf(board.links.edit);
    const flooder = '203.0.113.66';

    // The flood uses junk tokens: within the burst they are refused for the token (4401),
    // past it for the rate (1008) — without the token being looked at.
    const first = await Promise.all(Array.from({ length: burst }, () => rawSocketCloseCode(server, flooder, board.id, 'junk')));
    expect(first).toEqual(Array.from({ length: burst }, () => CloseCode.unauthorized));

    // Keep flooding while honest clients from another address connect and edit.
    let flooding = true;
    const floodCodes: number[] = [];
    // Four loops, each keeping ten sockets in flight.
    const flood = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (flooding) floodCodes.push(...(await Promise.all(Array.from({ length: 10 }, () => rawSocketCloseCode(server, flooder, board.id, token)))));
      }),
    );
    await waitFor(() => floodCodes.length >= 100, 'the flood to get going');

    const started = performance.now();
    const alice = stockClientFrom(server, '198.51.100.20', board.id, token);
    const bob = stockClientFrom(server, '198.51.100.21', board.id, token);
    await waitFor(() => alice.provider.synced && bob.provider.synced, 'the honest clients to sync during the flood');
    const syncedMs = performance.now() - started;
    const editStarted = performance.now();
    alice.doc.getMap('shapes').set('during-flood', 'yes');
    await waitFor(() => bob.doc.getMap('shapes').get('during-flood') === 'yes', 'the edit to reach the other honest client');
    const editMs = performance.now() - editStarted;
    flooding = false;
    await flood;
    console.log(
      `upgrade flood: ${floodCodes.length} sockets refused during the run; honest clients synced in ${Math.round(syncedMs)} ms, an edit arrived in ${Math.round(editMs)} ms`,
    );

    expect(new Set(floodCodes)).toEqual(new Set([CloseCode.policy]));
    expect(alice.closes).toEqual([]);
    expect(bob.closes).toEqual([]);
    // A stock client from the flooding address sees 1008 (and, unlike 44xx, retries later).
    const blocked = stockClientFrom(server, flooder, board.id, token);
    await waitFor(() => blocked.closes[0], 'the blocked client to be closed');
    expect(blocked.closes[0]).toBe(CloseCode.policy);
    expect(blocked.provider.synced).toBe(false);
    blocked.destroy();

    const limited = await metric(server, 'koppelbord_rejected_messages_total{reason="upgrade_rate_limited"}');
    expect(limited).toBeGreaterThanOrEqual(floodCodes.length + 1);
    // Only the sockets within the burst had their token checked.
    expect(await metric(server, 'koppelbord_rejected_messages_total{reason="unauthorized"}')).toBe(burst);
  });

  it("ignores an untrusted peer's X-Forwarded-For", async () => {
    const server = await start({ rateLimits: { upgradeBurstPerIp: 3, upgradeRatePerIp: 1 } });
    const board = await server.createBoard();
    const token = tokenOf(board.links.edit);
    const codes = await Promise.all(Array.from({ length: 6 }, (_, i) => rawSocketCloseCode(server, `198.51.100.${i + 1}`, board.id, 'junk')));
    expect(codes.filter((code) => code === CloseCode.unauthorized)).toHaveLength(3);
    expect(codes.filter((code) => code === CloseCode.policy)).toHaveLength(3);
    expect(await rawSocketCloseCode(server, '198.51.100.99', board.id, token)).toBe(CloseCode.policy);
  });

  it('lets a municipal network behind one NAT address through with the defaults', async () => {
    const server = await start();
    const board = await server.createBoard();
    const token = tokenOf(board.links.edit);
    // 200 participants behind one address reconnect at once (say, after a server restart):
    // every socket is admitted (it receives the server's sync step 1) and none is refused.
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () => {
        const socket = new WebSocket(`${server.wsUrl}/${board.id}?token=${token}`);
        cleanups.push(() => socket.terminate());
        return new Promise<string>((resolve) => {
          socket.once('message', () => resolve('admitted'));
          socket.once('close', (code) => resolve(`closed ${code}`));
          socket.once('error', (error) => resolve(`error ${error.message}`));
        });
      }),
    );
    expect(outcomes.filter((outcome) => outcome !== 'admitted')).toEqual([]);
    // And stock clients from that address still sync.
    const clients = Array.from({ length: 5 }, () => connectClient(server.wsUrl, board.id, token));
    cleanups.push(() => clients.forEach((client) => client.destroy()));
    await waitFor(() => clients.every((client) => client.provider.synced), 'the stock clients to sync');
    expect(clients.flatMap((client) => client.closes)).toEqual([]);
  });
});
