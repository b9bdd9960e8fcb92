import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Flags for a headless Chromium that makes no background requests of its own. */
const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const installHint = [
  'No Chromium found for the browser tests. Install one, then run the tests again:',
  '  Debian/Ubuntu:  apt-get install -y chromium        (gives /usr/bin/chromium)',
  '  any system:     CHROMIUM_PATH=/path/to/chrome pnpm test',
  '  or Playwright:  npx playwright install chromium',
].join('\n');

/** CHROMIUM_PATH, then the system Chromium, then a browser Playwright downloaded. */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // playwright-core knows no downloaded browser: fine, the others may exist.
  }
  const found = candidates.find((candidate): candidate is string => Boolean(candidate) && existsSync(candidate!));
  if (!found) throw new Error(installHint);
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: launchArgs });
}
