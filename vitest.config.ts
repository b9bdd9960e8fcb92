import { defineConfig } from 'vitest/config';

// One run for the whole workspace: each package's own tests plus the end-to-end suite.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/server', 'tests'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
