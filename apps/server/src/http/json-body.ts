import type { Context } from 'hono';
// The contract's schemas are zod/mini ones; Zod's core takes them as well as classic schemas.
import { en } from 'zod/locales';
import * as zod from 'zod/v4/core';
import { HttpError } from './errors.ts';

// The messages of a 400 body: zod/mini registers no language of its own.
zod.config(en());

/** `application/json`, with or without parameters such as `charset=utf-8`. */
export const isJson = (contentType: string | undefined) => /^application\/json\s*(;|$)/i.test(contentType?.trim() ?? '');

/** 415 unless the body is declared JSON (checked before anything of the body is read). */
export function requireJsonBody(c: Context): void {
  if (!isJson(c.req.header('content-type'))) throw new HttpError(415, 'unsupported_media_type', 'The request body must be sent as Content-Type: application/json');
}

/**
 * The request's JSON body parsed with `schema`; 415 for another content type (a form or
 * text/plain post, which a foreign page may send without a CORS preflight, is refused
 * before its body is read), 400 with every problem listed for a body that does not fit.
 */
export async function readJsonBody<S extends zod.$ZodType>(c: Context, schema: S): Promise<zod.output<S>> {
  requireJsonBody(c);
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body must be JSON');
  }
  const parsed = zod.safeParse(schema, body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new HttpError(400, 'invalid_input', issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; '), issues);
  }
  return parsed.data;
}
