/**
 * Board images without a person present (issue 11): the headless Chromium worker, and the
 * checks for images an owner's browser uploads when the server has no Chromium.
 */
export { BoardRenderer, type RendererOptions, type RendererStats } from './board-renderer.ts';
export { checkUploadedRender } from './check-upload.ts';
export { RenderError, UploadedRenderError, type RenderErrorCode, type UploadedRenderErrorCode } from './errors.ts';
export { findChromium } from './find-chromium.ts';
export { renderOrigin } from './serve-dist.ts';
export type { BoardRecord, RenderedBoard, RenderedPage, RenderInput } from './types.ts';
