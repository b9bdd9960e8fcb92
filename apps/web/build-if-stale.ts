/** `pnpm start`'s first step: builds the client unless `dist/` is a build of the current sources. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { builtClientIsCurrent, recordClientBuild } from './client-build.ts';

const root = path.resolve(import.meta.dirname, '../..');
if (builtClientIsCurrent(root)) {
  console.log('Client build is current: not rebuilding.');
} else {
  execFileSync('pnpm', ['--filter', '@koppelbord/web', 'build'], { cwd: root, stdio: 'inherit' });
  recordClientBuild(root);
}
