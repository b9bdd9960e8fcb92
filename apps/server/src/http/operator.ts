import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the request carries `Authorization: Bearer <OPERATOR_TOKEN>` (compared in constant time). */
export function hasOperatorToken(c: Context, operatorToken: string | null): boolean {
  if (!operatorToken) return false;
  const token = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return token !== undefined && timingSafeEqual(digest(token), digest(operatorToken));
}
