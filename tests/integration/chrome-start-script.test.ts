import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtClientIsCurrent, recordClientBuild } from '../../apps/web/client-build.ts';
import { tempDataDir } from '../helpers/server.ts';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** A repository tree with a client source, a package source and a finished build. */
function fakeRepository(): string {
  const dir = tempDataDir();
  for (const [file, content] of [
    ['apps/web/src/App.tsx', 'export const a = 1;'],
    ['packages/board-model/src/labels.ts', 'export const b = 2;'],
    ['pnpm-lock.yaml', 'lockfileVersion: 9'],
    ['apps/web/dist/index.html', '<!doctype html>'],
  ] as const) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('pnpm start builds the client only when its sources changed', () => {
  it('a build is current after it is recorded, and stale once a source, a package or the lockfile changes', () => {
    root = fakeRepository();
    expect(builtClientIsCurrent(root)).toBe(false);
    recordClientBuild(root);
    expect(builtClientIsCurrent(root)).toBe(true);

    writeFileSync(path.join(root, 'apps/web/src/App.tsx'), 'export const a = 2;');
    expect(builtClientIsCurrent(root)).toBe(false);
    recordClientBuild(root);
    writeFileSync(path.join(root, 'packages/board-model/src/new-file.ts'), 'export {};');
    expect(builtClientIsCurrent(root)).toBe(false);
    recordClientBuild(root);
    writeFileSync(path.join(root, 'pnpm-lock.yaml'), 'lockfileVersion: 10');
    expect(builtClientIsCurrent(root)).toBe(false);
  });

  it('no build at all is never current', () => {
    root = fakeRepository();
    recordClientBuild(root);
    rmSync(path.join(root, 'apps/web/dist/index.html'));
    expect(builtClientIsCurrent(root)).toBe(false);
  });
});
