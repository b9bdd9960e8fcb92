/**
 * The reference row for the board-load figures: a bare tldraw app that shows the same board
 * without anything of ours. `<Tldraw />` with tldraw's own shapes and self-hosted assets (as
 * Koppelbord bundles them), built as bundle.ts builds its bare apps and precompressed by
 * apps/web's own Vite plugin, served from a small static server on 127.0.0.1. It fetches the
 * board as a tldraw store snapshot (a JSON file written from the server's doc after seeding),
 * loads it into a fresh store (migrated and validated: a record bare tldraw does not know
 * throws, and the page reports it), mounts `<Tldraw>`, sets `window.editor` and places the
 * camera as Koppelbord's first view does. No sync, no server of ours, no custom shapes: the
 * load probe (board.ts) then times it exactly as our loads.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readDocSnapshot } from '@koppelbord/tldraw-yjs';
import { connectSynced } from '../helpers/client.ts';
import type { BenchBoard } from './board.ts';
import { buildBareSources, webDir } from './bundle.ts';

/**
 * The page: `?board=<name>` picks `<name>.snapshot.json` beside index.html. Runs in the browser
 * (Vite compiles it; tests/ has no tldraw to type-check it against). On any load error it sets
 * `window.__kbLoadError`, which makes waitForPainted (board.ts) fail at once.
 */
const mainTsx = `import { createRoot } from 'react-dom/client';
import { Tldraw, createTLStore, loadSnapshot, type Editor, type TLStoreSnapshot } from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import 'tldraw/tldraw.css';

const assetUrls = getAssetUrlsByImport();
const board = new URLSearchParams(location.search).get('board') ?? 'board';

// Koppelbord's first view (fitWholeBoard in apps/web): everything on the page, never closer than 100 %.
function fitWholeBoard(editor: Editor): void {
  const content = editor.getCurrentPageBounds();
  if (content) editor.zoomToBounds(content, { targetZoom: 1, immediate: true });
}

const countOf = (records: Iterable<{ typeName: string }>, typeName: string) => [...records].filter((record) => record.typeName === typeName).length;

async function start(): Promise<void> {
  const response = await fetch('./' + encodeURIComponent(board) + '.snapshot.json');
  if (!response.ok) throw new Error('GET ' + board + '.snapshot.json: HTTP ' + response.status);
  const snapshot = (await response.json()) as TLStoreSnapshot;
  const store = createTLStore();
  // Migrates, then validates every record against bare tldraw's schema: throws on any it does not accept.
  loadSnapshot(store, snapshot);
  for (const typeName of ['shape', 'binding']) {
    const want = countOf(Object.values(snapshot.store), typeName);
    const have = countOf(store.allRecords(), typeName);
    if (have !== want) throw new Error('the store holds ' + have + ' ' + typeName + ' records of the snapshot\\'s ' + want);
  }
  createRoot(document.getElementById('root')!).render(
    <div style={{ position: 'fixed', inset: 0 }}>
      <Tldraw
        store={store}
        assetUrls={assetUrls}
        onMount={(editor) => {
          (window as unknown as { editor?: Editor }).editor = editor;
          fitWholeBoard(editor);
        }}
      />
    </div>,
  );
}

start().catch((error: unknown) => {
  (window as unknown as { __kbLoadError?: string }).__kbLoadError = error instanceof Error ? error.message : String(error);
  console.error(error);
});
`;

/** Builds the bare load app into `outDir` (index.html and assets/, with .br/.gz beside each file as apps/web's build writes them). */
export async function buildBareLoadApp(outDir: string): Promise<number> {
  // apps/web's plugin, imported at run time like Vite itself (bundle.ts): served compressed exactly as our assets are.
  const { precompress } = (await import(pathToFileURL(path.join(webDir, 'precompress.ts')).href)) as { precompress(): unknown };
  const { buildMs } = await buildBareSources([{ name: 'bareLoad', mainTsx, outDir, plugins: [precompress()] }]);
  return buildMs[0]!;
}

/** The fields of a stored record the mapping reads; the rest is copied as it is. */
interface SnapshotRecord {
  readonly id: string;
  readonly typeName: string;
}
export interface BoardSnapshot {
  schema: unknown;
  store: Record<string, SnapshotRecord>;
}

/** tldraw 5's own shape types (defaultShapeUtils); any other type is one of ours. */
const tldrawShapeTypes = new Set(['arrow', 'bookmark', 'draw', 'embed', 'frame', 'geo', 'group', 'highlight', 'image', 'line', 'note', 'text', 'video']);

/** GeoShapeUtil.getDefaultProps() of tldraw 5.4: a plain rectangle, no label. */
const geoRectangleProps = {
  geo: 'rectangle',
  dash: 'draw',
  growY: 0,
  url: '',
  scale: 1,
  flipX: false,
  flipY: false,
  color: 'black',
  labelColor: 'black',
  fill: 'none',
  size: 'm',
  font: 'draw',
  align: 'middle',
  verticalAlign: 'middle',
  richText: { type: 'doc', content: [{ type: 'paragraph' }] },
};

export interface BareSnapshot {
  snapshot: BoardSnapshot;
  records: number;
  shapes: number;
  bindings: number;
  /** Shapes of our own types, now geo rectangles. */
  asGeo: number;
}

/**
 * The board as bare tldraw can hold it. tldraw's own shapes stay exactly as they are; each shape
 * of our own types (cards, quadrant) becomes a geo rectangle of its w × h at the same place
 * (x, y, rotation, index, parentId and id kept, so arrow bindings and cards inside the quadrant
 * still resolve), without text or meta. The schema stays the doc's: tldraw migrates only the
 * sequences it knows and ignores ours.
 */
export function toBareSnapshot(snapshot: BoardSnapshot): BareSnapshot {
  const store: Record<string, SnapshotRecord> = {};
  let shapes = 0;
  let bindings = 0;
  let asGeo = 0;
  for (const [id, record] of Object.entries(snapshot.store)) {
    if (record.typeName === 'binding') bindings++;
    if (record.typeName !== 'shape') {
      store[id] = record;
      continue;
    }
    shapes++;
    const shape = record as SnapshotRecord & { type: string; props: { w?: unknown; h?: unknown } };
    if (tldrawShapeTypes.has(shape.type)) {
      store[id] = record;
      continue;
    }
    const { w, h } = shape.props;
    if (typeof w !== 'number' || typeof h !== 'number' || !(w > 0) || !(h > 0)) throw new Error(`${id} (${shape.type}) has no positive w × h to draw it as a rectangle`);
    store[id] = { ...shape, type: 'geo', meta: {}, props: { ...geoRectangleProps, w, h } } as SnapshotRecord;
    asGeo++;
  }
  return { snapshot: { schema: snapshot.schema, store }, records: Object.keys(store).length, shapes, bindings, asGeo };
}

/** Reads the board from the server as a fresh stock client sees it. */
export async function readBoardSnapshot(wsUrl: string, target: BenchBoard): Promise<BoardSnapshot> {
  const client = await connectSynced(wsUrl, target.board.id, target.token);
  try {
    const snapshot = readDocSnapshot(client.doc);
    if (!snapshot) throw new Error(`board ${target.board.id} has no schema in its doc`);
    return snapshot;
  } finally {
    client.destroy();
  }
}

/** Writes `<board>.snapshot.json` (with .br and .gz, as our assets are served) into the bare app's dir; returns its size. */
export function writeBareSnapshot(appDir: string, board: string, snapshot: BoardSnapshot): { file: string; bytes: number; gzipBytes: number } {
  const file = `${board}.snapshot.json`;
  const content = Buffer.from(JSON.stringify(snapshot));
  const gzip = gzipSync(content, { level: 9 });
  writeFileSync(path.join(appDir, file), content);
  writeFileSync(path.join(appDir, `${file}.gz`), gzip);
  writeFileSync(path.join(appDir, `${file}.br`), brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  return { file, bytes: content.length, gzipBytes: gzip.length };
}

/** The bare page for `board`, as a BenchBoard so load.ts measures it as ours (the participant in its localStorage goes unused). */
export function bareBoard(target: BenchBoard, serverUrl: string, board: string): BenchBoard {
  return { ...target, url: `${serverUrl}/?board=${encodeURIComponent(board)}` };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `dir` on 127.0.0.1 (ephemeral port): `/` is index.html, /favicon.ico is empty, a file with a .br/.gz copy
 * beside it goes out compressed when the browser accepts it (as our server's precompressed
 * assets do), anything else is a 404. Files are read per request; they are few and small.
 */
export function serveDir(dir: string): Promise<StaticServer> {
  const root = path.resolve(dir);
  const isFile = (file: string) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    // Chromium asks for one unprompted; a 404 would be a console error in the report.
    if (pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !file.startsWith(`${root}${path.sep}`) || !isFile(file)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const accepted = String(request.headers['accept-encoding'] ?? '');
    const encoding = [['br', '.br'], ['gzip', '.gz']].find(([name, ext]) => accepted.includes(name!) && isFile(`${file}${ext}`));
    const headers: Record<string, string> = { 'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream', Vary: 'Accept-Encoding' };
    if (encoding) headers['Content-Encoding'] = encoding[0]!;
    const body = readFileSync(encoding ? `${file}${encoding[1]}` : file);
    headers['Content-Length'] = String(body.length);
    response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : body);
  };
  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end(error instanceof Error ? error.message : String(error));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            // Browsers keep connections open; without this close() waits for them.
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
