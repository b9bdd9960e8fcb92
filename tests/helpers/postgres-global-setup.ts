import { provideTestPostgres } from './postgres.ts';

/** vitest globalSetup: a test PostgreSQL for the run (see postgres.ts), stopped after it. */
export default async function setup(): Promise<() => Promise<void>> {
  return provideTestPostgres();
}
