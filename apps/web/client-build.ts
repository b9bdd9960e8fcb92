/**
 * Whether the built client in `dist/` was built from the sources as they are now: a
 * fingerprint (SHA-256 over the path and content of every input file) is kept beside the
 * build, so `pnpm start` can skip a build of the same sources (about 7 s of its start).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What the client build reads, relative to the repository root: its own files and the workspace packages it bundles. */
export const clientBuildInputs = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/render.html',
  'apps/web/vite.config.ts',
  'apps/web/precompress.ts',
  'apps/web/package.json',
  'packages/board-model/src',
  'packages/contract/src',
  'packages/tldraw-yjs/src',
  'pnpm-lock.yaml',
] as const;

const fingerprintFile = 'apps/web/dist/.build-inputs';

function filesUnder(file: string): string[] {
  if (!existsSync(file)) return [];
  if (!statSync(file).isDirectory()) return [file];
  return readdirSync(file)
    .sort()
    .flatMap((name) => filesUnder(path.join(file, name)));
}

/** The fingerprint of the client's inputs under the repository `root`. */
export function clientInputsFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const input of clientBuildInputs) {
    for (const file of filesUnder(path.join(root, input))) {
      hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

/** Whether `dist/` holds a build of exactly the current inputs. */
export function builtClientIsCurrent(root: string): boolean {
  const stored = path.join(root, fingerprintFile);
  return existsSync(path.join(root, 'apps/web/dist/index.html')) && existsSync(stored) && readFileSync(stored, 'utf8') === clientInputsFingerprint(root);
}

/** Records that `dist/` now holds a build of the current inputs. */
export function recordClientBuild(root: string): void {
  writeFileSync(path.join(root, fingerprintFile), clientInputsFingerprint(root));
}
