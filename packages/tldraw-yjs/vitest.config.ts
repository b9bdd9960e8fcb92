import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'tldraw-yjs', include: ['test/**/*.test.ts'] },
});
