import type pg from 'pg';
import { lazyModule } from '../lazy-module.ts';

/** The pg driver, loaded when a PostgreSQL store opens (a SQLite server never loads it). */
export const loadPg = lazyModule<typeof pg>('pg');

let int8AsNumber: pg.TypeOverrides | undefined;

/**
 * bigint columns (seqs, audit ids, byte counts) as numbers, not strings: every value here
 * stays far below 2^53. Per pool, so nothing else in the process changes.
 */
function typeOverrides(): pg.TypeOverrides {
  if (int8AsNumber) return int8AsNumber;
  const { TypeOverrides, types } = loadPg();
  int8AsNumber = new TypeOverrides();
  int8AsNumber.setTypeParser(types.builtins.INT8, (value: string) => Number(value));
  return int8AsNumber;
}

export interface PoolOptions {
  /** Most connections this process opens. */
  poolSize: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  /** An idle connection failed (the server restarted, say): reported here instead of crashing the process. */
  onError: (error: Error) => void;
}

export function createPool(url: string, options: PoolOptions): pg.Pool {
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max: options.poolSize,
    types: typeOverrides(),
    // A database that does not answer fails the write soon, so the commit pipeline's retries
    // and its 1013 for editors start, instead of every commit hanging. A timed-out query's
    // connection is dropped, not reused (see inTransaction).
    connectionTimeoutMillis: options.connectTimeoutMs,
    query_timeout: options.queryTimeoutMs,
    keepAlive: true,
    application_name: 'koppelbord',
  });
  pool.on('error', options.onError);
  return pool;
}

/** The URL with its password masked: what may go into a log line or an error message. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable database URL)';
  }
}

export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
 * when it throws. `repeatable` reads every statement from one snapshot (REPEATABLE READ), for
 * reads that must see the board's rows and its snapshot as of one moment.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, { repeatable = false } = {}): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(repeatable ? 'BEGIN ISOLATION LEVEL REPEATABLE READ' : 'BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A lost connection cannot roll back; it goes instead of back to the pool.
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}
