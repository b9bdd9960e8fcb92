import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The production web client, built once per test run, as `pnpm start` serves it. */
export const webDistDir = path.resolve(import.meta.dirname, '../../apps/web/dist');

/** Vitest global setup: several test files serve the build, so it must exist before any starts. */
export default function buildWeb(): void {
  const webDir = path.dirname(webDistDir);
  execFileSync(process.execPath, [path.join(webDir, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', 'dist', '--logLevel', 'error'], {
    cwd: webDir,
    stdio: 'inherit',
  });
}
