import { useCallback } from 'react';
import type { TLRecord } from 'tldraw';
import type { OutlineControls } from './outline-controls.ts';
import { opportunityEntries } from './outline-entries.ts';
import { OutlineSection } from './OutlineSection.tsx';
import { useBoardEntries } from './use-board-entries.ts';

/** The opportunities as the register lists them: class, links, status, timing, votes. */
export function OpportunitySection({ controls }: { controls: OutlineControls }) {
  const { editor, t, locale } = controls;
  const derive = useCallback((records: readonly TLRecord[]) => opportunityEntries(records, t, locale), [t, locale]);
  return <OutlineSection kind="opportunity" entries={useBoardEntries(editor, derive)} controls={controls} />;
}
