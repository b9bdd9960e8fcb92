export { SchemaTooNewError, pendingSteps, latestVersion, type MigrationStep } from './plan.ts';
export { migrateSqlite } from './sqlite-migrate.ts';
export { sqliteSteps } from './sqlite-steps.ts';
export { migratePg } from './pg-migrate.ts';
export { pgSteps } from './pg-steps.ts';
