/**
 * The render page's files, served to the headless page itself (Playwright's request
 * interception) from the built web client: no HTTP server, no network. Requests anywhere
 * else are aborted, so a board image never fetches anything from outside.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Route } from 'playwright-core';

/** A made-up origin (`.invalid` never resolves) that only this worker answers. https, so the page is a secure context. */
export const renderOrigin = 'https://render.koppelbord.invalid';
export const renderPageUrl = `${renderOrigin}/render.html`;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * A route handler serving `distDir`; files are read once (a build does not change under a
 * running server). `onBlocked` hears of every request it refused (a sign that something in
 * the page tried to reach outside).
 */
export function distRouteHandler(distDir: string, onBlocked: (url: string) => void = () => {}): (route: Route) => Promise<void> {
  const root = path.resolve(distDir);
  const cache = new Map<string, Promise<Buffer | null>>();
  const read = (file: string) => {
    let pending = cache.get(file);
    if (!pending) {
      pending = readFile(file).catch(() => null);
      cache.set(file, pending);
    }
    return pending;
  };
  return async (route) => {
    const request = route.request();
    let url: URL | undefined;
    try {
      url = new URL(request.url());
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== renderOrigin || request.method() !== 'GET') {
      onBlocked(url ? url.origin + url.pathname : 'an unreadable URL');
      return route.abort('blockedbyclient');
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return route.fulfill({ status: 400, body: 'bad path' });
    }
    const file = path.resolve(root, `.${pathname === '/' ? '/render.html' : pathname}`);
    const body = file.startsWith(root + path.sep) ? await read(file) : null;
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, body, headers: { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' } });
  };
}
