import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Tokens travel in URL fragments, `?token=` and `Authorization`;
 * none of those may reach a log line, so the places they could appear are redacted and
 * request logging only ever records the path (see http/access-log.ts).
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'koppelbord' },
    redact: {
      paths: ['token', '*.token', 'ownerToken', '*.ownerToken', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'url', '*.url'],
      censor: '[redacted]',
    },
  });
}
