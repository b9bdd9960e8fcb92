import { useCallback, useEffect, useState } from 'react';
import { storedSidePanelWidth, storeSidePanelWidth } from '../device/storage.ts';

/**
 * How wide the side panel may be, in CSS pixels: narrower and the register's columns no longer
 * fit; wider than `max` (or half the window) and the board is left too little room.
 */
export const sidePanelWidths = {
  min: 320,
  max: 640,
  /** Until one resizes it: the width it had before it could be (23.25 rem and its border). */
  initial: 373,
} as const;

/** Keyboard steps of the resize handle: an arrow key, and with Shift. */
export const sidePanelSteps = { small: 16, large: 64 } as const;

/** The bounds for a window `windowWidth` wide: never more than half of it, never below the minimum. */
export function sidePanelBounds(windowWidth: number): { min: number; max: number } {
  const { min, max } = sidePanelWidths;
  return { min, max: Math.max(min, Math.min(max, Math.floor(windowWidth / 2))) };
}

export function clampSidePanelWidth(width: number, windowWidth: number): number {
  const { min, max } = sidePanelBounds(windowWidth);
  return Math.round(Math.min(max, Math.max(min, width)));
}

export interface SidePanelWidth {
  /** The width to draw, within the bounds of the window as it is now. */
  width: number;
  min: number;
  max: number;
  /** Sets the width (kept within the bounds); `keep` also remembers it on this device. */
  setWidth(width: number, keep: boolean): void;
}

/**
 * The side panel's width: as last set on this device, kept within bounds as the window is
 * resized (the wish stays as it was, so a window made wider again gets it back).
 */
export function useSidePanelWidth(): SidePanelWidth {
  const [wanted, setWanted] = useState(() => storedSidePanelWidth() ?? sidePanelWidths.initial);
  const [windowWidth, setWindowWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const follow = () => setWindowWidth(window.innerWidth);
    window.addEventListener('resize', follow);
    return () => window.removeEventListener('resize', follow);
  }, []);
  const setWidth = useCallback((width: number, keep: boolean) => {
    const next = clampSidePanelWidth(width, window.innerWidth);
    setWanted(next);
    if (keep) storeSidePanelWidth(next);
  }, []);
  return { width: clampSidePanelWidth(wanted, windowWidth), ...sidePanelBounds(windowWidth), setWidth };
}
