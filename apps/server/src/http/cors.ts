import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * CORS for `/api/*`, only for the configured origins. A request from any other origin (or
 * none) gets no `Access-Control-*` header at all — a preflight from it is just an unknown
 * `OPTIONS` (404) — so the browser refuses it. Tokens travel in `Authorization`, never in
 * cookies: no credentials mode.
 */
export function apiCors(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: [...allowed],
    allowMethods: ['GET', 'POST', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && allowed.has(origin)) return handler(c, next);
    await next();
    // The answer depends on Origin (the CORS handler says so for allowed ones): caches must
    // not hand this response to an allowed origin.
    c.header('Vary', 'Origin', { append: true });
  };
}
