import type { MiddlewareHandler } from 'hono';
import type { ServerConfig } from '../config.ts';
import type { Metrics } from '../metrics/index.ts';
import { KeyedLimiter } from '../rate-limit/index.ts';
import type { ClientIpResolver } from './client-ip.ts';
import { errorResponse } from './errors.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Websocket upgrades per client address: `upgradeBurstPerIp` at once, `upgradeRatePerIp` per minute. */
export function upgradeLimiter(rateLimits: ServerConfig['rateLimits']): KeyedLimiter {
  return new KeyedLimiter({ burst: rateLimits.upgradeBurstPerIp, rate: rateLimits.upgradeRatePerIp, perMs: MINUTE });
}

/**
 * `POST /api/boards` per client address: `boardCreateBurstPerIp` at once, then
 * `boardCreateRatePerIp` per hour; past it `429 rate_limited` with `Retry-After`. Every POST
 * counts, whatever its body, so a flood of invalid requests is cut off as well.
 */
export function boardCreateLimit(rateLimits: ServerConfig['rateLimits'], clientIp: ClientIpResolver, metrics: Metrics): MiddlewareHandler {
  const limiter = new KeyedLimiter({ burst: rateLimits.boardCreateBurstPerIp, rate: rateLimits.boardCreateRatePerIp, perMs: HOUR });
  // An empty bucket holds a new token after at most this long.
  const retryAfterSeconds = limiter.enabled ? Math.ceil(HOUR / rateLimits.boardCreateRatePerIp / 1000) : 0;
  return async (c, next) => {
    if (!limiter.enabled || limiter.allow(clientIp.of(c).key)) return next();
    metrics.httpRateLimited.inc({ limit: 'board_create' });
    c.header('Retry-After', String(retryAfterSeconds));
    return errorResponse(c, 429, 'rate_limited', `Too many boards created from this address; try again in ${retryAfterSeconds} s`);
  };
}
