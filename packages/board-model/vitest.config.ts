import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'board-model', include: ['test/**/*.test.ts'] },
});
