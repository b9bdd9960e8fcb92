import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';

/**
 * Only our own origin: the board must work on government networks and may not leak usage
 * to third parties. tldraw needs inline style attributes, and data:/blob: URLs for images,
 * fonts and its export worker — all local to the page, none a third-party host.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface StaticWebOptions {
  distDir: string;
  /** Put into the page at serve time, so one build serves every installation. */
  tldrawLicenseKey: string | undefined;
}

/**
 * Serves the built web client: files as they are, and `index.html` for client-side routes
 * such as `/b/:boardId`. Without a build it says how to make one.
 */
export function staticWebRoutes({ distDir, tldrawLicenseKey }: StaticWebOptions) {
  const app = new Hono();
  const indexFile = path.join(distDir, 'index.html');
  let indexHtml: string | undefined;

  app.use('/*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', contentSecurityPolicy);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  // Vite puts every built file under /assets with a content hash in its name: cacheable for
  // good, and sent compressed (tldraw is ~2 MB of script) from the .br/.gz files the build
  // wrote, or compressed on the fly for a build without them.
  app.use('/assets/*', compress(), async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  if (existsSync(distDir)) app.use('/assets/*', serveStatic({ root: distDir, precompressed: true }));
  app.get('/*', (c) => {
    indexHtml ??= existsSync(indexFile) ? withLicenseKey(readFileSync(indexFile, 'utf8'), tldrawLicenseKey) : undefined;
    if (indexHtml === undefined) {
      return c.text('The web client is not built: run `pnpm build` (`pnpm start` builds it).', 503);
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
