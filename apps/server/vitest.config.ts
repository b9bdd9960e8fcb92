import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    // The storage contract suite runs against PostgreSQL too: a throwaway cluster for the run.
    globalSetup: ['../../tests/helpers/postgres-global-setup.ts'],
  },
});
