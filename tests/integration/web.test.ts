import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webDistDir } from '../helpers/build-web.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  // The real production build (made once by the global setup), served as `pnpm start` does.
  server = await startTestServer({ webDistDir });
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
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await asset.text()).toContain('Nieuw bord');
  });

  it('serves the app for board links (client-side route)', async () => {
    const response = await fetch(`${server.url}/b/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  });
});
