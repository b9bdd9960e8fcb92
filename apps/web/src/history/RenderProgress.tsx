import type { Messages } from '../i18n/messages.ts';
import type { BrowserRenderState } from './use-browser-render.ts';

/** Where this browser's render of a snapshot's images is, or why it failed (with a retry). */
export function RenderProgress({ render, t, onRetry }: { render: BrowserRenderState; t: Messages; onRetry?: () => void }) {
  const r = t.history.render;
  if (render.state === 'failed') {
    return (
      <div role="alert" className="error">
        <p>
          {r.failed} {render.message}
        </p>
        {onRetry && (
          <button type="button" className="secondary" onClick={onRetry}>
            {r.retry}
          </button>
        )}
      </div>
    );
  }
  return (
    <p role="status" className="hint">
      {r[render.state]}
    </p>
  );
}
