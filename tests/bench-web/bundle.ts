/**
 * Production bundle size: the Koppelbord web client (apps/web/dist, as `pnpm build` makes it)
 * against a bare tldraw app (`<Tldraw />` and nothing else) built with the same Vite, React
 * and tldraw from apps/web/node_modules, in a temporary directory outside the repository.
 *
 * Two bare variants: `bare` is tldraw's quick start (fonts, icons and translations come from
 * tldraw's CDN at run time, so its dist holds only script and style), `bareSelfHosted` bundles
 * them through `@tldraw/assets/imports.vite` exactly as Koppelbord does (no CDN). Compare
 * script+style with `bare`, the whole dist with `bareSelfHosted`. `buildBareSources` builds any
 * such app; bare-load.ts uses it for the bare app the load figures are compared with.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const webDir = path.resolve(import.meta.dirname, '../../apps/web');

export type AssetKind = 'js' | 'css' | 'fonts' | 'icons' | 'translations' | 'embedIcons' | 'other';

export interface SizeFigures {
  files: number;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

export interface DistSizes {
  /** JS + CSS: what the browser must download and parse before the board can show. */
  code: SizeFigures;
  /**
   * The JS + CSS the page itself names (`index.html`'s script, module preloads and style sheets,
   * which Vite writes for every chunk the entry imports statically): what a board page loads
   * before it can show the board. Chunks fetched later by a dynamic `import()` are not in it.
   */
  pageCode: SizeFigures;
  byKind: Record<AssetKind, SizeFigures>;
  /** Every file under dist/assets. */
  total: SizeFigures;
  largestFiles: { file: string; kind: AssetKind; rawBytes: number; gzipBytes: number }[];
}

function kindOf(file: string): AssetKind {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.js' || ext === '.mjs') return 'js';
  if (ext === '.css') return 'css';
  if (ext === '.woff2' || ext === '.woff' || ext === '.ttf' || ext === '.otf') return 'fonts';
  if (ext === '.svg') return 'icons';
  if (ext === '.json') return 'translations';
  if (ext === '.png') return 'embedIcons';
  return 'other';
}

const empty = (): SizeFigures => ({ files: 0, rawBytes: 0, gzipBytes: 0, brotliBytes: 0 });

function add(target: SizeFigures, raw: number, gzip: number, brotli: number): void {
  target.files++;
  target.rawBytes += raw;
  target.gzipBytes += gzip;
  target.brotliBytes += brotli;
}

function listFiles(dir: string): string[] {
  // The build's own .br/.gz copies are the same files again, precompressed for serving.
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (entry) => !/\.(br|gz)$/.test(entry) && statSync(path.join(dir, entry)).isFile(),
  );
}

/** The files under assets/ that `<assetsDir>/../index.html` names. */
function filesThePageNames(assetsDir: string): Set<string> {
  const html = readFileSync(path.join(assetsDir, '..', 'index.html'), 'utf8');
  return new Set([...html.matchAll(/(?:src|href)="[^"]*?assets\/([^"]+)"/g)].map((match) => match[1]!));
}

/** gzip (level 9) and brotli (quality 11) sizes of every file in `assetsDir`, grouped by kind. */
export function measureDist(assetsDir: string): DistSizes {
  const byKind: Record<AssetKind, SizeFigures> = {
    js: empty(),
    css: empty(),
    fonts: empty(),
    icons: empty(),
    translations: empty(),
    embedIcons: empty(),
    other: empty(),
  };
  const total = empty();
  const pageCode = empty();
  const named = filesThePageNames(assetsDir);
  const files: DistSizes['largestFiles'] = [];
  for (const file of listFiles(assetsDir)) {
    const content = readFileSync(path.join(assetsDir, file));
    const kind = kindOf(file);
    const gzip = gzipSync(content, { level: 9 }).length;
    const brotli = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    add(byKind[kind], content.length, gzip, brotli);
    add(total, content.length, gzip, brotli);
    if (named.has(file) && (kind === 'js' || kind === 'css')) add(pageCode, content.length, gzip, brotli);
    files.push({ file, kind, rawBytes: content.length, gzipBytes: gzip });
  }
  const code: SizeFigures = {
    files: byKind.js.files + byKind.css.files,
    rawBytes: byKind.js.rawBytes + byKind.css.rawBytes,
    gzipBytes: byKind.js.gzipBytes + byKind.css.gzipBytes,
    brotliBytes: byKind.js.brotliBytes + byKind.css.brotliBytes,
  };
  files.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { code, pageCode, byKind, total, largestFiles: files.slice(0, 5) };
}

/** The part of Vite's JS API used here (Vite is a dependency of apps/web, not of tests). */
interface ViteModule {
  build(config: Record<string, unknown>): Promise<unknown>;
}
type ReactPluginFactory = (options?: Record<string, unknown>) => unknown;

async function loadVite(): Promise<{ vite: ViteModule; react: ReactPluginFactory; version: string }> {
  const requireFromWeb = createRequire(path.join(webDir, 'package.json'));
  const vite = (await import(pathToFileURL(requireFromWeb.resolve('vite')).href)) as ViteModule;
  const reactModule = (await import(pathToFileURL(requireFromWeb.resolve('@vitejs/plugin-react')).href)) as { default: ReactPluginFactory };
  const { version } = JSON.parse(readFileSync(requireFromWeb.resolve('vite/package.json'), 'utf8')) as { version: string };
  return { vite, react: reactModule.default, version };
}

const indexHtml = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>bare tldraw</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/main.tsx"></script>
  </body>
</html>
`;

function mainTsx(selfHosted: boolean): string {
  return [
    "import { createRoot } from 'react-dom/client';",
    "import { Tldraw } from 'tldraw';",
    "import 'tldraw/tldraw.css';",
    selfHosted ? "import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';" : '',
    selfHosted ? 'const assetUrls = getAssetUrlsByImport();' : '',
    '',
    "createRoot(document.getElementById('root')!).render(",
    `  <div style={{ position: 'fixed', inset: 0 }}><Tldraw${selfHosted ? ' assetUrls={assetUrls}' : ''} /></div>,`,
    ');',
    '',
  ].join('\n');
}

export interface BareBuild {
  variant: 'bare' | 'bareSelfHosted';
  sizes: DistSizes;
  buildMs: number;
}

/** One bare app: its `main.tsx` source, where its dist goes, and any Vite plugins besides React. */
export interface BareAppSource {
  name: string;
  mainTsx: string;
  outDir: string;
  plugins?: unknown[];
}

/**
 * Builds bare apps in a temporary directory whose `node_modules` is a symlink to
 * apps/web/node_modules, so `tldraw`, `react` and `@tldraw/assets` resolve to the very same
 * packages the app uses. Same build settings that matter for size as apps/web/vite.config.ts
 * (production mode, no asset inlining); Vite's cache goes to the temp dir too. Each dist goes
 * to its own `outDir` (which may lie outside the temp dir, to outlive it); returns the build times in ms.
 */
export async function buildBareSources(sources: readonly BareAppSource[]): Promise<{ viteVersion: string; buildMs: number[] }> {
  const { vite, react, version } = await loadVite();
  const root = mkdtempSync(path.join(tmpdir(), 'koppelbord-bare-tldraw-'));
  const buildMs: number[] = [];
  try {
    symlinkSync(path.join(webDir, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    for (const source of sources) {
      const dir = path.join(root, source.name);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'index.html'), indexHtml);
      writeFileSync(path.join(dir, 'main.tsx'), source.mainTsx);
      const t0 = performance.now();
      await vite.build({
        root: dir,
        configFile: false,
        envFile: false,
        mode: 'production',
        logLevel: 'error',
        cacheDir: path.join(root, '.vite-cache'),
        plugins: [react(), ...(source.plugins ?? [])],
        build: { outDir: source.outDir, emptyOutDir: true, assetsInlineLimit: 0, chunkSizeWarningLimit: 10_000, reportCompressedSize: false },
      });
      buildMs.push(Math.round(performance.now() - t0));
    }
  } finally {
    // The symlink first, on its own: nothing may ever reach into apps/web/node_modules.
    rmSync(path.join(root, 'node_modules'), { force: true });
    rmSync(root, { recursive: true, force: true });
  }
  return { viteVersion: version, buildMs };
}

/** Builds the two size variants (`<Tldraw />` and nothing else) and measures their dists. */
export async function buildBareApps(log: (message: string) => void): Promise<{ viteVersion: string; builds: BareBuild[] }> {
  const outRoot = mkdtempSync(path.join(tmpdir(), 'koppelbord-bare-tldraw-dist-'));
  try {
    const variants = ['bare', 'bareSelfHosted'] as const;
    const sources = variants.map((variant) => ({ name: variant, mainTsx: mainTsx(variant === 'bareSelfHosted'), outDir: path.join(outRoot, variant) }));
    const { viteVersion, buildMs } = await buildBareSources(sources);
    const builds = variants.map((variant, i): BareBuild => {
      const sizes = measureDist(path.join(outRoot, variant, 'assets'));
      log(`  ${variant}: built in ${(buildMs[i]! / 1000).toFixed(1)} s, JS+CSS ${kb(sizes.code.gzipBytes)} gzip, whole dist ${kb(sizes.total.gzipBytes)} gzip`);
      return { variant, sizes, buildMs: buildMs[i]! };
    });
    return { viteVersion, builds };
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * Builds apps/web for production the way the build-web test helper does (`vite build` in
 * apps/web, its own vite.config.ts), but into `outDir`: other runs (tests, a developer) rebuild
 * apps/web/dist at any moment, and a file vanishing mid-measurement or mid-load would spoil the run.
 */
export function buildWebInto(outDir: string): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [path.join(webDir, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: webDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 5 * 60_000,
  });
  return Math.round(performance.now() - t0);
}
