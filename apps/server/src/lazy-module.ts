import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS dependency loaded on first use instead of at start-up. Chromium's driver
 * (playwright-core), pdfkit, ioredis and pg held ~70 MiB of the server's RSS at start, and a
 * server on SQLite without Redis never needs them in its own process (renders and PDFs run in
 * the package process).
 * Only the type of `T` is imported where this is used, so nothing loads it earlier.
 */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
