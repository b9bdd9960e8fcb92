/**
 * Renders a snapshot's images in this browser and uploads them, for a server without a
 * Chromium of its own: GET render-input → renderSnapshot → PUT render. The owner's browser
 * does this when it sees an `incomplete` package; the server checks what it receives.
 */
import type { SnapshotSummary } from '@koppelbord/contract';
import { toRenderResponse } from '../render/wire.ts';
import { fetchRenderInput, uploadRender } from '../sync/snapshots-api.ts';

export type RenderStage = 'loading' | 'rendering' | 'uploading';

/**
 * Renders snapshot `snapshotId` of `boardId` and uploads its images (owner token). Reports
 * each stage through `onStage`; resolves with the summary the server answers with.
 */
export async function renderAndUpload(boardId: string, snapshotId: string, token: string, onStage: (stage: RenderStage) => void = () => {}): Promise<SnapshotSummary> {
  onStage('loading');
  // Its own chunk: tldraw's exporter and the render editor load only when a package needs images.
  const [input, { renderSnapshot }] = await Promise.all([fetchRenderInput(boardId, snapshotId, token), import('../render/render-snapshot.ts')]);
  onStage('rendering');
  const rendered = await renderSnapshot(input);
  onStage('uploading');
  return uploadRender(boardId, snapshotId, token, toRenderResponse(rendered));
}
