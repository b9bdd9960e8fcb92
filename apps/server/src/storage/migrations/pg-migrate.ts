import type pg from 'pg';
import { latestVersion, pendingSteps, type MigrationStep } from './plan.ts';
import { pgSteps } from './pg-steps.ts';

/** Any constant: instances starting together on one database take turns at migrating. */
const migrationLock = 7_431_013;

/**
 * Brings the PostgreSQL database to the latest schema on `client` (connected; its own, since a
 * step may run longer than the store's query timeout allows): every pending step and the new
 * version in one transaction (PostgreSQL's DDL is transactional), under an advisory lock so
 * that instances starting at once migrate one after the other. Returns the version it found.
 */
export async function migratePg(client: pg.ClientBase, steps: readonly MigrationStep[] = pgSteps): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version integer NOT NULL)');
    const found = (await client.query<{ version: number }>('SELECT version FROM schema_version')).rows[0]?.version ?? 0;
    const pending = pendingSteps('the PostgreSQL database', found, steps);
    for (const step of pending) await client.query(step.sql);
    if (pending.length > 0) {
      await client.query('INSERT INTO schema_version (version) VALUES ($1) ON CONFLICT (only_row) DO UPDATE SET version = excluded.version', [latestVersion(steps)]);
    }
    await client.query('COMMIT');
    return found;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
