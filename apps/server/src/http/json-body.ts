import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from './errors.ts';

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
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  requireJsonBody(c);
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body must be JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new HttpError(400, 'invalid_input', issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; '), issues);
  }
  return parsed.data;
}
