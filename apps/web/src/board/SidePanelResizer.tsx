import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { Messages } from '../i18n/messages.ts';
import { sidePanelSteps, type SidePanelWidth } from './side-panel-width.ts';

export interface SidePanelResizerProps {
  panel: SidePanelWidth;
  /** The id of the panel it resizes. */
  controls: string;
  t: Messages;
}

/**
 * The handle between the board and the side panel (a WAI-ARIA window splitter): drag it, or
 * focus it and use the arrow keys (Shift for larger steps), Home and End. The panel is on the
 * right, so moving the handle left makes it wider.
 */
export function SidePanelResizer({ panel, controls, t }: SidePanelResizerProps) {
  const drag = useRef<{ pointerId: number; startX: number; startWidth: number } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    // Captured, so the board under the pointer sees none of the drag.
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
    drag.current = { pointerId: event.pointerId, startX: event.clientX, startWidth: panel.width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (current?.pointerId !== event.pointerId) return;
    panel.setWidth(current.startWidth + current.startX - event.clientX, false);
  };
  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (current?.pointerId !== event.pointerId) return;
    drag.current = null;
    panel.setWidth(current.startWidth + current.startX - event.clientX, true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? sidePanelSteps.large : sidePanelSteps.small;
    const next =
      event.key === 'ArrowLeft' ? panel.width + step : event.key === 'ArrowRight' ? panel.width - step : event.key === 'Home' ? panel.min : event.key === 'End' ? panel.max : null;
    if (next === null) return;
    event.preventDefault();
    // The board's own arrow keys (moving the selected cards) are not for this key press.
    event.stopPropagation();
    panel.setWidth(next, true);
  };

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-controls={controls}
      aria-label={t.sidePanel.resize}
      aria-valuenow={panel.width}
      aria-valuemin={panel.min}
      aria-valuemax={panel.max}
      aria-valuetext={t.sidePanel.width(panel.width)}
      title={t.sidePanel.resizeHint}
      tabIndex={0}
      className="side-resizer"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      onKeyDown={onKeyDown}
    />
  );
}
