import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webDistDir } from '../helpers/build-web.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  // The real production build (made once by the global setup), served as `pnpm start` does.
  server = await startTestServer({ webDistDir, tldrawLicenseKey: 'test-license-key-<not>-"escaped"' });
}, 120_000);
afterAll(async () => {
  await server.stop();
});

describe('web client hosting', () => {
  it('serves the start page at / and its assets', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="nl">');
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // The app's texts are in the entry or a chunk it imports (the render page shares them).
    const entry = await asset.text();
    const chunks = [...new Set([...entry.matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g)].map((match) => match[1]!))];
    const texts = [entry, ...(await Promise.all(chunks.map(async (chunk) => (await fetch(`${server.url}/assets/${chunk}`)).text())))];
    expect(texts.some((text) => text.includes('Nieuw bord'))).toBe(true);
  });

  it('loads a board page without the parts a board does not need to show (they are chunks of their own)', async () => {
    const html = await (await fetch(`${server.url}/b/AAAAAAAAAAAAAAAAAAAAAA`)).text();
    const loaded = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((match) => match[1]!);
    expect(loaded.some((file) => file.endsWith('.js'))).toBe(true);
    const entry = loaded.find((file) => /^main-.*\.js$/.test(file));
    expect(entry).toBeDefined();
    // What the entry imports statically (`import {…}from"./x.js"`) loads with it.
    const entryCode = await (await fetch(`${server.url}/assets/${entry}`)).text();
    const staticImports = [...entryCode.matchAll(/(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g)].map((match) => match[1]!);
    expect(staticImports.length).toBeGreaterThan(0);
    const deferredParts = ['StartPage', 'ArchivePage', 'archive', 'ShareDialog', 'InviteManager', 'RenameDialog', 'FacilitationDialog', 'StartRoundDialog', 'CardPanel', 'RegisterPanel', 'CoveragePanel', 'HistoryPanel', 'OutlinePanel'];
    const isDeferred = (file: string) => deferredParts.some((part) => file.startsWith(`${part}-`));
    expect([...loaded, ...staticImports].filter(isDeferred)).toEqual([]);
    // They are still served, each fetched by a dynamic import() from the entry.
    const dynamicImports = [...entryCode.matchAll(/import\(\s*[`"']\.\/([\w.-]+\.js)[`"']\s*\)/g)].map((match) => match[1]!);
    for (const part of ['ShareDialog', 'CardPanel', 'HistoryPanel', 'OutlinePanel', 'StartPage']) {
      const file = dynamicImports.find((name) => name.startsWith(`${part}-`));
      expect(file, part).toBeDefined();
      expect((await fetch(`${server.url}/assets/${file}`)).status).toBe(200);
    }
  });

  it('sends a strict Content-Security-Policy with the app', async () => {
    const response = await fetch(`${server.url}/b/AAAAAAAAAAAAAAAAAAAAAA`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    // No directive names any other host.
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it('puts TLDRAW_LICENSE_KEY into the served page, escaped', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain('<meta name="tldraw-license-key" content="test-license-key-&#60;not&#62;-&#34;escaped&#34;" />');
  });

  it('serves the app for board links (client-side route)', async () => {
    const response = await fetch(`${server.url}/b/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  });
});
