import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.ts';

describe('database configuration', () => {
  it('defaults to SQLite (no URL) with a pool of 10 for when one is set', () => {
    expect(configFromEnv({}).database).toEqual({ url: null, poolSize: 10, connectTimeoutMs: 5_000, queryTimeoutMs: 30_000 });
  });

  it('reads DATABASE_URL, the pool size and the timeouts', () => {
    const url = 'postgresql://koppelbord:s3cret@db.gemeente.nl:5432/koppelbord';
    expect(
      configFromEnv({ DATABASE_URL: url, DATABASE_POOL_SIZE: '25', DATABASE_CONNECT_TIMEOUT_MS: '2000', DATABASE_QUERY_TIMEOUT_MS: '9000' }).database,
    ).toEqual({ url, poolSize: 25, connectTimeoutMs: 2_000, queryTimeoutMs: 9_000 });
  });

  it('refuses bad values with a message naming the variable and never the value (it may hold a password)', () => {
    for (const bad of ['mysql://root:s3cret@db/koppelbord', 'not a url s3cret', 'postgres://']) {
      expect(() => configFromEnv({ DATABASE_URL: bad })).toThrow(/DATABASE_URL: must be a PostgreSQL URL/);
      expect(() => configFromEnv({ DATABASE_URL: bad })).not.toThrow(/s3cret/);
    }
    expect(() => configFromEnv({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => configFromEnv({ DATABASE_QUERY_TIMEOUT_MS: '5' })).toThrow(/DATABASE_QUERY_TIMEOUT_MS/);
  });
});
