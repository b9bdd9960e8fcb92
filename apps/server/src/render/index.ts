// Placeholder until the render worker lands (branch i11-render replaces this file).
import type { UnknownRecord, SerializedSchema } from '@tldraw/store';
import type { BoardLanguage } from '@koppelbord/contract';
import type { Logger } from '../log.ts';
export interface RenderedBoard { pages: { pageId: string; name: string; svg: string; png: Uint8Array }[]; thumbnail: Uint8Array }
export interface RendererOptions { chromiumPath: string; webDistDir: string; timeoutMs: number; maxQueue: number; log: Logger }
export function findChromium(configured: string | undefined): string | null { return configured ?? null; }
export class BoardRenderer {
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(_options: RendererOptions) {}
  render(_input: { records: UnknownRecord[]; schema: SerializedSchema; locale: BoardLanguage }): Promise<RenderedBoard> { return Promise.reject(new Error('no renderer')); }
  close(): Promise<void> { return Promise.resolve(); }
}
export function checkUploadedRender(_expected: { records: UnknownRecord[] }, uploaded: unknown, _limits: { maxBytes: number }): RenderedBoard { return uploaded as RenderedBoard; }
