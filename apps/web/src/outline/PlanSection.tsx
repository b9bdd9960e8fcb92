import { useCallback } from 'react';
import type { TLRecord } from 'tldraw';
import type { OutlineControls } from './outline-controls.ts';
import { planEntries } from './outline-entries.ts';
import { OutlineSection } from './OutlineSection.tsx';
import { useBoardEntries } from './use-board-entries.ts';

/** The plans in the neighbourhood, by period: firmness, owner, coupling moments and linked opportunities. */
export function PlanSection({ controls }: { controls: OutlineControls }) {
  const { editor, t, locale } = controls;
  const derive = useCallback((records: readonly TLRecord[]) => planEntries(records, t, locale), [t, locale]);
  return <OutlineSection kind="plan" entries={useBoardEntries(editor, derive)} controls={controls} />;
}
