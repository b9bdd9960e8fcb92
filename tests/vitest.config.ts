import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['integration/**/*.test.ts'],
    // Real servers and sockets: give slow CI machines room, but every wait polls a condition.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
