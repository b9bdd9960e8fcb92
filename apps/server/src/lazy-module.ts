import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS dependency loaded on first use instead of at start-up. Chromium's driver
 * (playwright-core), pdfkit, ioredis and pg together hold ~120 MiB that a server without
 * renders in this process, without Redis and on SQLite never needs (issue 15: idle memory).
 * Only the type of `T` is imported where this is used, so nothing loads it earlier.
 */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
