import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log.ts';

/**
 * One log line per request with the path only: query strings (`?token=` on /sync) and
 * headers (`Authorization`) carry tokens and are never logged.
 */
export function accessLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 },
      'request',
    );
  };
}
