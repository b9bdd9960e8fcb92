import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { errorResponse } from './errors.ts';

export interface StaticWebOptions {
  distDir: string;
  /** Put into the page at serve time, so one build serves every installation. */
  tldrawLicenseKey: string | undefined;
}

/**
 * Serves the built web client: files under `/assets` as they are, and `index.html` for
 * client-side routes such as `/b/:boardId`. Without a build it says how to make one (503).
 * The security headers (Content-Security-Policy among them) are set for every response in
 * security-headers.ts.
 */
export function staticWebRoutes({ distDir, tldrawLicenseKey }: StaticWebOptions) {
  const app = new Hono();
  const indexFile = path.join(distDir, 'index.html');
  let indexHtml: string | undefined;

  // Vite puts every built file under /assets with a content hash in its name: cacheable for
  // good, and sent compressed (tldraw is ~2 MB of script) from the .br/.gz files the build
  // wrote, or compressed on the fly for a build without them.
  app.use('/assets/*', compress(), async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  // Range requests are answered with the whole file (RFC 9110 allows that): the files are
  // small, hashed and sent compressed, and serveStatic's own range handling answers an
  // unsatisfiable range with a 500 and a suffix range (`bytes=-500`) with the wrong bytes.
  app.get('/assets/*', async (c, next) => {
    if (c.req.header('range') !== undefined) {
      const headers = new Headers(c.req.raw.headers);
      headers.delete('range');
      c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers });
    }
    await next();
  });
  if (existsSync(distDir)) app.get('/assets/*', serveStatic({ root: distDir, precompressed: true }));
  // A file that is not there is a 404, never the page: a stale or mistyped script URL must
  // not be answered with HTML.
  app.all('/assets/*', (c) => errorResponse(c, 404, 'not_found', 'No such file'));
  app.get('/*', (c) => {
    indexHtml ??= existsSync(indexFile) ? withLicenseKey(readFileSync(indexFile, 'utf8'), tldrawLicenseKey) : undefined;
    if (indexHtml === undefined) {
      return errorResponse(c, 503, 'web_client_not_built', 'The web client is not built: run `pnpm build` (`pnpm start` builds it).');
    }
    return c.html(indexHtml);
  });
  return app;
}

function withLicenseKey(html: string, key: string | undefined): string {
  if (!key) return html;
  const escaped = key.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return html.replace('</head>', `  <meta name="tldraw-license-key" content="${escaped}" />\n  </head>`);
}
