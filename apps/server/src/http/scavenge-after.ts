import type { HttpBindings } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { scavengeSoon } from '../memory/index.ts';

/**
 * For a route that reads or sends megabytes (a board's state, a package): a young-generation
 * scavenge once its answer has gone out and those Buffers are garbage (memory/young-gc.ts).
 */
export const scavengeAfter: MiddlewareHandler = async (c, next) => {
  await next();
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (outgoing) outgoing.once('close', scavengeSoon);
  else scavengeSoon();
};
