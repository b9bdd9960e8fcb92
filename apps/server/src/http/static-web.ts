import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/**
 * Serves the built web client from `distDir`: files as they are, and `index.html` for
 * client-side routes such as `/b/:boardId`. Without a build it says how to make one.
 */
export function staticWebRoutes(distDir: string) {
  const app = new Hono();
  const indexFile = path.join(distDir, 'index.html');
  let indexHtml: string | undefined;

  if (existsSync(distDir)) app.use('/*', serveStatic({ root: distDir }));
  app.get('/*', (c) => {
    indexHtml ??= existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;
    if (indexHtml === undefined) {
      return c.text('The web client is not built: run `pnpm build` (`pnpm start` builds it).', 503);
    }
    return c.html(indexHtml);
  });
  return app;
}
