import type Database from 'better-sqlite3';
import { latestVersion, pendingSteps, type MigrationStep } from './plan.ts';
import { sqliteSteps } from './sqlite-steps.ts';

/**
 * Brings the SQLite database to the latest schema: every pending step and the new version
 * (`PRAGMA user_version`) in one transaction, so a failed step leaves the database as it was.
 * Returns the version it found.
 */
export function migrateSqlite(db: Database.Database, steps: readonly MigrationStep[] = sqliteSteps): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  const pending = pendingSteps(`the SQLite database ${db.name}`, found, steps);
  if (pending.length === 0) return found;
  db.transaction(() => {
    for (const step of pending) db.exec(step.sql);
    db.pragma(`user_version = ${latestVersion(steps)}`);
  })();
  return found;
}
