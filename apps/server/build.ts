/**
 * `pnpm start`'s server step: bundles `src/` into `dist/` with rolldown, so production runs
 * plain JavaScript. Stripping types at run time kept the TypeScript sources and their
 * transforms alive beside the code (idle RSS after start: 148 MiB from the sources, 106 MiB
 * from this bundle), and loading one file is faster (`/healthz` answers after ~0.26 s instead
 * of ~0.65 s). Tests run the sources; `built-server.test.ts` runs this bundle.
 *
 * Entries are the main program, the two files the server starts on their own (the snapshot
 * analyzer's worker thread, the package process) and the package's public surface (`index`,
 * which `pnpm bench` starts, so it measures the code production runs); every entry and chunk
 * lies in `dist/` itself, so their URLs relative to the module asking are the sources'
 * (entry-url.ts).
 * Left out: native modules (better-sqlite3, koffi), and what is loaded on first use or reads
 * files beside itself (playwright-core, pdfkit, ioredis, pg).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

export const serverDist = path.join(import.meta.dirname, 'dist');

/**
 * The glibc allocator settings `pnpm start` runs the bundle with (package.json's `start`
 * scripts spell them out; the README's Configuration explains them): for the scripts that
 * start the server the way production does.
 */
export const productionMallocEnv = { MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' } as const;

/**
 * The V8 flags `pnpm start` runs the bundle with (package.json's `start` scripts spell them
 * out). The young generation's semi-spaces are capped at 8 MiB: by default V8 grows them under
 * a busy spell and keeps them, ~60 MiB of RSS with 100 boards loaded beside a heap of 42 MiB.
 * In `pnpm bench` the cap took fanout-100x5's peak from ~300 to 251 MiB without a visible
 * cost in CPU per delivery (README: *The production bundle, one-page commits*).
 */
export const productionNodeFlags = ['--max-semi-space-size=8'] as const;

export async function buildServer(): Promise<void> {
  await build({
    cwd: import.meta.dirname,
    input: { main: 'src/main.ts', index: 'src/index.ts', 'analyze-worker': 'src/snapshots/analyze-worker.ts', child: 'src/packaging/child.ts' },
    platform: 'node',
    external: [/^better-sqlite3($|\/)/, /^koffi($|\/)/, /^playwright-core($|\/)/, /^pdfkit($|\/)/, /^ioredis($|\/)/, /^pg($|\/)/],
    logLevel: 'warn',
    output: { dir: serverDist, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', cleanDir: true },
  });
}

// Run as a script (`node apps/server/build.ts`), not when imported by the test.
if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
