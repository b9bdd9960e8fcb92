/** The standard tools the archive tests check packages with (coreutils, unzip, libxml2, poppler, Ghostscript). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export function run(command: string, args: string[], cwd?: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function hasTool(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Unzips with Info-ZIP's `unzip` into a fresh temp dir; returns the dir. */
export function unzipToTemp(zip: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'koppelbord-archive-test-'));
  writeFileSync(join(dir, 'package.zip'), zip);
  run('unzip', ['-q', 'package.zip', '-d', 'out'], dir);
  return join(dir, 'out');
}

/** Every file under `root`, as paths relative to it with `/`. */
export function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(root, path) : [relative(root, path).split('\\').join('/')];
  });
}
