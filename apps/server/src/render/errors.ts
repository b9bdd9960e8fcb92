/** What can go wrong making or accepting a board's images; `code` is the API's error code. */
export type RenderErrorCode = 'render_timeout' | 'render_queue_full' | 'render_failed' | 'renderer_closed' | 'web_client_not_built';

export class RenderError extends Error {
  override name = 'RenderError';
  readonly code: RenderErrorCode;
  constructor(code: RenderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export type UploadedRenderErrorCode = 'invalid_render' | 'render_too_large';

/** An uploaded render refused (the owner's browser's images): 400 `invalid_render`, 413 `render_too_large`. */
export class UploadedRenderError extends Error {
  override name = 'UploadedRenderError';
  readonly code: UploadedRenderErrorCode;
  readonly status: 400 | 413;
  constructor(code: UploadedRenderErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = code === 'render_too_large' ? 413 : 400;
  }
}
