/**
 * A seeded, reproducible fuzz of the HTTP surface: a few thousand requests with random
 * methods, paths, headers and bodies against the real server process. Every response must
 * carry the security headers, every error must be `{error: {code, message}}` JSON, and no
 * request may cause a 5xx or an error in the log; afterwards the server is healthy and a stock
 * client still syncs. The seed is printed; `HTTP_FUZZ_SEED=<seed>` replays a run,
 * `HTTP_FUZZ_REQUESTS=<n>` changes its length.
 *
 * 5xx responses the server documents, none of which a healthy server gives here: 500
 * `internal_error` (a bug), 503 `web_client_not_built`, 503 `shutting_down` (/sync and
 * /healthz while draining).
 *
 * Requests answered below the app (Node's parser, @hono/node-server, upgrades outside /sync)
 * are not generated here: http-hardening.test.ts sends each kind raw and checks the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateBoardResponse } from '@koppelbord/contract';
import { webDistDir } from '../helpers/build-web.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { accessControlHeaders, errorBodyProblems, securityHeaderProblems } from '../helpers/http-checks.ts';
import { tokenOf } from '../helpers/server.ts';
import { Prng } from '../helpers/prng.ts';
import { waitFor } from '../helpers/wait.ts';

const seed = Number(process.env.HTTP_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const requestCount = Number(process.env.HTTP_FUZZ_REQUESTS ?? 3000);
const concurrency = 8;
const maxBodyBytes = 8192;


interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

interface Outcome {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Fixture {
  boardA: CreateBoardResponse;
  boardB: CreateBoardResponse;
  assets: string[];
}

let server: ChildServer;
let dataDir: string;
let fixture: Fixture;

async function createBoard(title: string, forwardedFor: string): Promise<CreateBoardResponse> {
  const response = await post(server.port, '/api/boards', { 'x-forwarded-for': forwardedFor }, JSON.stringify({ title }));
  expect(response.status, response.body).toBe(201);
  return JSON.parse(response.body) as CreateBoardResponse;
}
const clients: TestClient[] = [];

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function send(port: number, request: FuzzRequest, ownConnection: boolean): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    // An explicit length: Node's client sends a DELETE or OPTIONS body without one (nor
    // chunked), and the server would read the body as the next request.
    const headers = request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(request.body.length) };
    const req = http.request(
      { host: '127.0.0.1', port, method: request.method, path: request.path, headers, agent: ownConnection ? false : agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decode(Buffer.concat(chunks), res.headers['content-encoding']) });
          } catch (error) {
            reject(new Error(`undecodable ${res.headers['content-encoding']} body: ${String(error)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error('timed out')));
    // The server may answer (413) and close before it has read a large body: a write error
    // after the response is not a failure.
    req.on('error', reject);
    req.end(request.body);
  });
}

function decode(body: Buffer, encoding: string | undefined): string {
  if (body.length === 0) return '';
  if (encoding === 'gzip') return zlib.gunzipSync(body).toString('utf8');
  if (encoding === 'br') return zlib.brotliDecompressSync(body).toString('utf8');
  if (encoding === 'deflate') return zlib.inflateSync(body).toString('utf8');
  return body.toString('utf8');
}

async function post(port: number, path: string, headers: Record<string, string>, body: string): Promise<Outcome> {
  return send(port, { method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(body) }, false);
}

/** Builds one random request. Everything comes from `rng`, so a seed replays the run. */
function randomRequest(rng: Prng, f: Fixture): FuzzRequest {
  const { boardA, boardB } = f;
  const ghost = 'AAAAAAAAAAAAAAAAAAAAAA';
  const ids = [boardA.id, boardB.id, ghost, 'short', '', '..', '%2e%2e', '%ZZ', '%', '%00', '%E0%A4%A', '%C0%AF', `${boardA.id}x`, 'x'.repeat(rng.pick([100, 1000, 3000])), encodeURIComponent('🙂'), encodeURIComponent('ü/ß'), 'a%2Fb', '.%2e/.%2e/etc/passwd'];
  const id = () => rng.pick(ids);
  const junkSegment = () => {
    const alphabet = [..."abcXYZ019-._~!$&'()*+,;=:@%/"];
    return Array.from({ length: 1 + rng.below(40) }, () => rng.pick(alphabet)).join('');
  };
  const paths = [
    () => '/',
    () => `/b/${id()}`,
    () => '/api/boards',
    () => '/api/boards/',
    () => `/api/boards/${id()}`,
    () => `/api/boards/${id()}/links`,
    () => `/api/boards/${id()}/snapshots`,
    () => `/api/boards/${id()}/invites/${id()}`,
    () => `/api/boards/${id()}/rounds`,
    () => `/api/boards/${id()}/rounds/${id()}/${rng.pick(['ballot', 'close', 'reveal'])}`,
    () => '/api',
    () => `/api/${junkSegment()}`,
    () => '/healthz',
    () => '/metrics',
    () => `/sync/${id()}`,
    () => `/sync/${id()}/extra`,
    () => '/sync',
    () => `/assets/${rng.pick(f.assets)}`,
    () => `/assets/${junkSegment()}`,
    () => `/assets/../${rng.pick(['package.json', 'index.html', '../../etc/passwd'])}`,
    () => `/assets/%2e%2e/${junkSegment()}`,
    () => `/${junkSegment()}`,
    () => `/${junkSegment()}/${junkSegment()}/../..//${junkSegment()}`,
    () => `/${'a/'.repeat(rng.below(2000))}`,
    () => `//${junkSegment()}`,
  ];
  let target = rng.pick(paths)();
  if (rng.bool(0.2)) {
    const tokenish = rng.pick([boardA.ownerToken, tokenOf(boardA.links.view), '%ZZ', 'garbage', '']);
    target += rng.pick([`?token=${tokenish}`, '?a=%ZZ&b', `?${junkSegment()}`, '?token=a&token=b', `?q=${'x'.repeat(2000)}`]);
  }

  const tokens = [
    boardA.ownerToken,
    tokenOf(boardA.links.edit),
    tokenOf(boardA.links.view),
    boardB.ownerToken,
    'garbage',
    `${boardA.ownerToken.slice(0, -4)}AAAA`,
    boardA.ownerToken.slice(0, 30),
    'eyJhbGciOiJub25lIn0.eyJiaWQiOiJ4In0.',
    'a.b.c',
    '.'.repeat(50),
    'x'.repeat(4000),
  ];
  const headers: Record<string, string> = {};
  if (rng.bool(0.5)) {
    headers.authorization = rng.pick([
      () => `Bearer ${rng.pick(tokens)}`,
      () => `bearer ${rng.pick(tokens)}`,
      () => 'Bearer',
      () => 'Bearer ',
      () => `Basic ${Buffer.from('a:b').toString('base64')}`,
      () => `Bearer ${rng.pick(tokens)} ${rng.pick(tokens)}`,
      () => junkSegment(),
    ])();
  }
  if (rng.bool(0.6)) {
    headers['content-type'] = rng.pick([
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/jsonx',
      'application/json-patch+json',
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/octet-stream',
      ';;;',
      junkSegment(),
    ]);
  }
  if (rng.bool(0.4)) {
    const v4 = () => `${rng.below(256)}.${rng.below(256)}.${rng.below(256)}.${rng.below(256)}`;
    const v6 = () => `2001:db8:${rng.below(65536).toString(16)}::${rng.below(65536).toString(16)}`;
    headers['x-forwarded-for'] = rng.pick([
      v4,
      v6,
      () => `::ffff:${v4()}`,
      () => `${v4()}, ${v4()}, 127.0.0.1`,
      () => `[${v6()}]:443`,
      () => 'unknown',
      () => junkSegment(),
      () => `${v4()},`.repeat(200),
      () => ',,,',
      () => `${v4()}:99999`,
      () => '999.1.1.1',
    ])();
  }
  if (rng.bool(0.1)) headers.origin = rng.pick(['https://evil.example', 'null', 'http://127.0.0.1']);
  if (rng.bool(0.1)) headers['accept-encoding'] = rng.pick(['gzip', 'br', 'gzip, deflate, br', 'identity', '*', 'x']);
  if (rng.bool(0.05)) headers.range = rng.pick(['bytes=0-10', 'bytes=-5', 'bytes=999999999-', 'bytes=5-2', 'bytes=abc', 'lines=1-2']);
  if (rng.bool(0.05)) headers['access-control-request-method'] = rng.pick(['POST', 'DELETE', 'X']);
  if (rng.bool(0.05)) headers[`x-${junkSegment().replace(/[^a-z0-9]/gi, '') || 'junk'}`] = junkSegment();

  let method = rng.pick(['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND', 'QUERY', 'PURGE']);
  // Half the requests are plausible calls of a real endpoint (each part may still be wrong),
  // so the run gets past routing into the handlers; the rest is chaos.
  if (rng.bool(0.5)) {
    const endpoint = rng.pick<[string, () => string]>([
      ['POST', () => '/api/boards'],
      ['POST', () => '/api/boards'],
      ['POST', () => '/api/boards'],
      ['GET', () => `/api/boards/${rng.bool(0.7) ? rng.pick([boardA.id, boardB.id]) : id()}`],
      ['GET', () => `/api/boards/${rng.bool(0.7) ? rng.pick([boardA.id, boardB.id]) : id()}`],
      ['POST', () => `/api/boards/${rng.bool(0.7) ? rng.pick([boardA.id, boardB.id]) : id()}/links`],
      ['GET', () => '/healthz'],
      ['GET', () => '/metrics'],
      ['GET', () => rng.pick(['/', `/b/${boardA.id}`])],
      ['GET', () => `/assets/${rng.pick(f.assets)}`],
      ['GET', () => `/sync/${rng.pick([boardA.id, id()])}`],
    ]);
    method = rng.bool(0.9) ? endpoint[0] : rng.pick(['HEAD', 'OPTIONS', 'PUT', 'DELETE']);
    target = endpoint[1]() + (rng.bool(0.1) ? rng.pick(['?', '?x=1', '?token=%ZZ']) : '');
    if (rng.bool(0.8)) headers['content-type'] = rng.pick(['application/json', 'application/json; charset=utf-8']);
    if (rng.bool(0.8)) headers.authorization = `Bearer ${rng.pick(tokens)}`;
    else delete headers.authorization;
    // Many distinct clients behind the trusted proxy, so not every creation hits the per-address limit.
    if (rng.bool(0.5)) headers['x-forwarded-for'] = `198.18.${rng.below(256)}.${rng.below(256)}`;
  }
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'TRACE' && rng.bool(0.85)) {
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const createInput = () => ({ title: 'Fuzzbord', municipality: 'Tilburg', neighbourhood: 'Noord', template: rng.pick(['blank', 'sociale-koppelkansen']), language: rng.pick(['nl', 'en']) });
    const make = rng.pick<() => string | Buffer>([
      () => JSON.stringify(createInput()),
      () => JSON.stringify(createInput()),
      () => JSON.stringify(createInput()),
      () => JSON.stringify({ title: 'Fuzz' }),
      () => JSON.stringify({ title: 'Fuzz' }),
      () => JSON.stringify({ ...createInput(), template: rng.pick(['nope', 42, null, ['blank']]) }),
      () => JSON.stringify({ title: rng.pick([42, null, true, [], {}, '', ' ', 'x'.repeat(201), '\u0000', '\ud800']) }),
      () => JSON.stringify({ title: 'x', extra: { nested: deep(10) } }),
      () => JSON.stringify(createInput()).slice(0, rng.below(40)),
      () => deep(rng.pick([100, 1000, 4000])),
      () => `{"title":${deep(3000)}}`,
      () => `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`,
      () => JSON.stringify('x'.repeat(maxBodyBytes - 10)),
      () => JSON.stringify({ title: 'x'.repeat(maxBodyBytes * 2) }),
      () => Buffer.from(rng.bytes(rng.below(200))),
      () => Buffer.from(rng.bytes(maxBodyBytes + 1 + rng.below(20_000))),
      () => '',
      () => 'null',
      () => '[]',
      () => '"title"',
      () => '{"__proto__":{"polluted":true},"title":"x"}',
      () => '{"title":"x","title":"y"}',
      () => '\ufeff{"title":"bom"}',
    ]);
    const value = make();
    body = typeof value === 'string' ? Buffer.from(value) : value;
  }
  // Keep the request head well under Node's 16 KiB limit (past it Node answers 431 itself).
  const headSize = () => target.length + Object.entries(headers).reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
  if (headSize() > 12_000) delete headers.authorization;
  if (headSize() > 12_000) delete headers['x-forwarded-for'];
  if (headSize() > 12_000) target = target.slice(0, 11_000);
  return { method, path: target, headers, body };
}

/** The problems with one response; empty if it is fine. */
function check(request: FuzzRequest, outcome: Outcome): string[] {
  const problems = securityHeaderProblems(outcome.headers).map((problem) => `header ${problem}`);
  if (outcome.status >= 500) problems.push(`status ${outcome.status}`);
  if (accessControlHeaders(outcome.headers).length > 0) problems.push(`CORS headers without CORS_ORIGINS: ${accessControlHeaders(outcome.headers).join(', ')}`);
  if (outcome.status >= 400) {
    if (request.method === 'HEAD') {
      if (!/^application\/json\b/.test(outcome.headers['content-type'] ?? '')) problems.push(`HEAD error content-type ${outcome.headers['content-type'] ?? '(missing)'}`);
    } else {
      problems.push(...errorBodyProblems(outcome.status, outcome.headers['content-type'], outcome.body));
    }
  }
  return problems;
}

const describeRequest = (r: FuzzRequest) =>
  `${r.method} ${r.path.length > 120 ? `${r.path.slice(0, 120)}…(${r.path.length})` : r.path} ${JSON.stringify(r.headers).slice(0, 300)} body=${r.body ? `${r.body.length} B ${JSON.stringify(r.body.subarray(0, 60).toString('latin1'))}` : 'none'}`;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'koppelbord-http-fuzz-'));
  server = await startChildServer(dataDir, {
    WEB_DIST_DIR: webDistDir,
    // X-Forwarded-For junk goes through the proxy-parsing path; CORS_ORIGINS stays unset.
    TRUSTED_PROXIES: '127.0.0.1',
    MAX_BODY_BYTES: String(maxBodyBytes),
  });
  const page = await send(server.port, { method: 'GET', path: '/', headers: {} }, false);
  const assets = [...page.body.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((match) => match[1]!);
  expect(assets.length).toBeGreaterThan(0);
  fixture = { boardA: await createBoard('Fuzz A', '192.0.2.1'), boardB: await createBoard('Fuzz B', '192.0.2.2'), assets };
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  agent.destroy();
  if (server) await server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('HTTP fuzz', () => {
  it(`survives ${requestCount} random requests (seed ${seed})`, async () => {
    console.log(`HTTP fuzz: seed ${seed} (replay with HTTP_FUZZ_SEED=${seed}), ${requestCount} requests`);
    const rng = new Prng(seed);
    // Generated up front, in order, so concurrency does not change what a seed produces.
    const requests = Array.from({ length: requestCount }, () => randomRequest(rng, fixture));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let resets = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) {
          const index = next++;
          const request = requests[index]!;
          const oversized = (request.body?.length ?? 0) > maxBodyBytes;
          let outcome: Outcome;
          try {
            // A body the server refuses unread ends its connection: give it one of its own.
            outcome = await send(server.port, request, oversized);
          } catch (error) {
            // The server may answer 413 and reset the connection while the client is still
            // writing an over-limit body; anything else without an answer is a failure.
            if (oversized && /EPIPE|ECONNRESET|socket hang up/.test(String(error))) {
              resets++;
              continue;
            }
            failures.push(`#${index} ${describeRequest(request)}: no response (${String(error)})`);
            continue;
          }
          statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
          const problems = check(request, outcome);
          if (problems.length > 0 && failures.length < 20) failures.push(`#${index} ${describeRequest(request)} → ${outcome.status}: ${problems.join('; ')} ${outcome.body.slice(0, 200)}`);
        }
      }),
    );
    const ms = Math.round(performance.now() - started);
    console.log(
      `HTTP fuzz: ${requestCount} requests in ${ms} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; ${resets} over-limit uploads cut off by the server`,
    );
    expect(failures, `seed ${seed}`).toEqual([]);
    // The run reached the interesting answers, not only 404s.
    for (const status of [200, 201, 400, 401, 403, 404, 413, 415]) expect(statuses.get(status) ?? 0, `status ${status} seen (seed ${seed})`).toBeGreaterThan(0);

    // Still healthy, and still syncing.
    const health = await send(server.port, { method: 'GET', path: '/healthz', headers: {} }, false);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    // A new board: the fuzz's owner tokens may have deleted the fixture's boards (DELETE /api/boards/:id).
    const board = await createBoard('Na de fuzz', '192.0.2.3');
    const token = tokenOf(board.links.edit);
    const [alice, bob] = [await connectSynced(server.wsUrl, board.id, token), await connectSynced(server.wsUrl, board.id, token)];
    clients.push(alice, bob);
    alice.doc.getMap('shapes').set('after-fuzz', seed);
    await waitFor(() => bob.doc.getMap('shapes').get('after-fuzz') === seed, 'an edit to reach the other client after the fuzz');

    // Nothing went wrong inside: no error or fatal log line, no uncaught exception.
    const bad = server.logs.filter((entry) => typeof entry.level === 'number' && entry.level >= 50);
    expect(bad.map((entry) => JSON.stringify(entry).slice(0, 400)), `seed ${seed}`).toEqual([]);
    const metrics = (await send(server.port, { method: 'GET', path: '/metrics', headers: {} }, false)).body;
    expect(metrics).toMatch(/^koppelbord_uncaught_exceptions_total 0$/m);
    expect(metrics).toMatch(/^koppelbord_handler_errors_total 0$/m);
    expect(server.process.exitCode).toBeNull();
  });
});
