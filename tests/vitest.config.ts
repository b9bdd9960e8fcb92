import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['integration/**/*.test.ts'],
    globalSetup: ['./helpers/build-web.ts', './helpers/postgres-global-setup.ts'],
    // Real servers, sockets and a real browser: give slow CI machines room, but every wait
    // polls a condition.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
