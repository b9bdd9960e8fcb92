import { STATUS_CODES } from 'node:http';
import { Hono } from 'hono';
import type { ApiErrorBody } from '@koppelbord/contract';
import { securityHeaders } from './security-headers.ts';

/**
 * Errors answered below the Hono app — requests Node's parser refuses, requests
 * `@hono/node-server` cannot turn into a `Request` (a bad `Host`, a backslash in the path),
 * upgrades that are not for `/sync/:boardId` — get the same JSON body and the same security
 * headers as every other response, instead of a bare status line.
 */
export interface LowLevelErrors {
  /** `@hono/node-server`'s errorHandler: 400 for a request it could not read, 500 otherwise. */
  response(error: unknown): Response;
  /** A whole HTTP/1.1 response, for a socket the app never saw. */
  raw(status: number, code: string, message: string): string;
}

export async function lowLevelErrors(): Promise<LowLevelErrors> {
  // The headers come from the same middleware as every other response.
  const probe = new Hono();
  probe.use(securityHeaders());
  probe.get('/', (c) => c.body(null, 204));
  const headers = new Headers((await probe.request('/')).headers);
  headers.set('content-type', 'application/json');
  const body = (code: string, message: string) => JSON.stringify({ error: { code, message } } satisfies ApiErrorBody);

  return {
    response(error) {
      const unreadable = error instanceof Error && error.name === 'RequestError';
      return unreadable
        ? new Response(body('bad_request', `The request could not be read: ${error.message}`), { status: 400, headers })
        : new Response(body('internal_error', 'Something went wrong on the server'), { status: 500, headers });
    },
    raw(status, code, message) {
      const text = body(code, message);
      const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, 'Connection: close', `Content-Length: ${Buffer.byteLength(text)}`];
      headers.forEach((value, name) => lines.push(`${name}: ${value}`));
      return `${lines.join('\r\n')}\r\n\r\n${text}`;
    },
  };
}
