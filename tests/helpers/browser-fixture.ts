import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { webDistDir } from './build-web.ts';
import { startTestServer, type TestServer } from './server.ts';

export interface BrowserFixture {
  /** The real server with the production web build; a test may replace it (restart). */
  server: TestServer;
  browser: Browser;
  /** Every request any page made to a host other than the app's own origin. */
  foreign: string[];
  /** A fresh browser profile (its own storage), watched for foreign requests. */
  newContext(): Promise<BrowserContext>;
}

/** One server and one Chromium for a browser-test file, both stopped after it. */
export function useBrowserBoard(): BrowserFixture {
  const fixture: BrowserFixture = {
    server: undefined as unknown as TestServer,
    browser: undefined as unknown as Browser,
    foreign: [],
    async newContext() {
      const context = await fixture.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
      context.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.host !== new URL(fixture.server.url).host) fixture.foreign.push(request.url());
      });
      return context;
    },
  };
  beforeAll(async () => {
    fixture.server = await startTestServer({ webDistDir });
    fixture.browser = await launchBrowser();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.stop();
  });
  return fixture;
}
