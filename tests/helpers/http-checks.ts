import { expect } from 'vitest';

/** Minimal view of a response's headers: fetch's `Headers` or node:http's `IncomingHttpHeaders`. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

const header = (headers: HeaderSource, name: string): string | undefined => {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
};

const headerNames = (headers: HeaderSource): string[] => (headers instanceof Headers ? [...headers.keys()] : Object.keys(headers)).map((name) => name.toLowerCase());

/** The policy the server sends with every response (`'self'` only, nobody may frame it). */
export const expectedCsp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; media-src 'self' blob:; object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** The security headers every response carries; returns the problems (empty when all is well). */
export function securityHeaderProblems(headers: HeaderSource): string[] {
  const problems: string[] = [];
  const want: Record<string, string> = {
    'content-security-policy': expectedCsp,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
  for (const [name, value] of Object.entries(want)) {
    if (header(headers, name) !== value) problems.push(`${name}: ${header(headers, name) ?? '(missing)'}`);
  }
  // Plain-http intranet installations: the TLS-terminating proxy decides about HSTS.
  if (header(headers, 'strict-transport-security') !== undefined) problems.push('strict-transport-security is sent');
  if (header(headers, 'x-powered-by') !== undefined) problems.push('x-powered-by is sent');
  return problems;
}

export function expectSecurityHeaders(headers: HeaderSource, what: string): void {
  expect(securityHeaderProblems(headers), what).toEqual([]);
}

export function accessControlHeaders(headers: HeaderSource): string[] {
  return headerNames(headers).filter((name) => name.startsWith('access-control-'));
}

/** What is wrong with an error response's body (empty when it is `{error: {code, message}}` JSON without a stack). */
export function errorBodyProblems(status: number, contentType: string | undefined, body: string): string[] {
  const problems: string[] = [];
  if (!/^application\/json\b/.test(contentType ?? '')) problems.push(`content-type ${contentType ?? '(missing)'}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [...problems, `body is not JSON: ${body.slice(0, 120)}`];
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || !/^[a-z_]+$/.test(error.code)) problems.push(`no error.code: ${body.slice(0, 120)}`);
  if (typeof error?.message !== 'string' || error.message === '') problems.push(`no error.message: ${body.slice(0, 120)}`);
  if (/\bat .*\.(ts|js|mjs):\d+|node:internal|Error: /.test(body)) problems.push(`looks like a stack: ${body.slice(0, 200)}`);
  if (status < 400) problems.push(`status ${status} is not an error`);
  return problems;
}

/** Checks a fetch error response: status, JSON shape and the code; returns the parsed body. */
export async function expectJsonError(response: Response, status: number, code: string): Promise<{ error: { code: string; message: string } }> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(errorBodyProblems(response.status, response.headers.get('content-type') ?? undefined, text)).toEqual([]);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  return body;
}
