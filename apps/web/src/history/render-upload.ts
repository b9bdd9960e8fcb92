/**
 * Renders a snapshot's images in this browser and uploads them, for a server without a
 * Chromium of its own: GET render-input → renderSnapshot → PUT render. The owner's browser
 * does this when it sees an `incomplete` package; the server checks what it receives.
 */
import type { BoardLanguage, SnapshotSummary } from '@koppelbord/contract';
import { fetchRenderInput, uploadRender, type RenderInput } from '../sync/snapshots-api.ts';

/** What `apps/web/src/render/render-snapshot.ts` gives back (its images as bytes). */
export interface RenderedSnapshot {
  pages: { pageId: string; name: string; svg: string; png: Uint8Array }[];
  thumbnail: Uint8Array;
}

/**
 * The render module's shape, declared here so this file typechecks whether or not that module
 * is in the build yet. Once `render/render-snapshot.ts` is merged this can become a plain
 * `import('../render/render-snapshot.ts')`.
 */
interface RenderModule {
  renderSnapshot(input: { records: unknown[]; schema: unknown; locale: BoardLanguage }): Promise<RenderedSnapshot>;
}

// Vite resolves the glob at build time into a lazy `import('../render/render-snapshot.ts')`
// (its own chunk: tldraw's exporter is only loaded when needed), or to nothing while the
// file does not exist, so the board still builds without it.
const renderModules = import.meta.glob<RenderModule>('../render/render-snapshot.ts');

/** Whether this build can render snapshots in the browser. */
export const canRenderInBrowser = (): boolean => Object.keys(renderModules).length > 0;

export type RenderStage = 'loading' | 'rendering' | 'uploading';

/** Base64 of some bytes, through the browser's own encoder (a data: URL) rather than a loop over them. */
function toBase64(bytes: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the rendered image'));
    reader.readAsDataURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  });
}

async function loadRenderer(): Promise<RenderModule> {
  const load = Object.values(renderModules)[0];
  if (!load) throw new Error('this build has no snapshot renderer');
  return load();
}

/**
 * Renders snapshot `snapshotId` of `boardId` and uploads its images (owner token). Reports
 * each stage through `onStage`; resolves with the summary the server answers with.
 */
export async function renderAndUpload(boardId: string, snapshotId: string, token: string, onStage: (stage: RenderStage) => void = () => {}): Promise<SnapshotSummary> {
  onStage('loading');
  const [input, renderer]: [RenderInput, RenderModule] = await Promise.all([fetchRenderInput(boardId, snapshotId, token), loadRenderer()]);
  onStage('rendering');
  const rendered = await renderer.renderSnapshot({ records: input.records, schema: input.schema, locale: input.locale });
  onStage('uploading');
  const pages = await Promise.all(rendered.pages.map(async (page) => ({ pageId: page.pageId, name: page.name, svg: page.svg, png: await toBase64(page.png) })));
  return uploadRender(boardId, snapshotId, token, { pages, thumbnail: await toBase64(rendered.thumbnail) });
}
