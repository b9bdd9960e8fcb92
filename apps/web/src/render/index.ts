export { renderSnapshot, type RenderedBoard, type RenderedPage, type RenderInput } from './render-snapshot.ts';
export { RenderInputError } from './board-editor.ts';
export { toBase64, toRenderResponse, type RenderRequest, type RenderResponse } from './wire.ts';
