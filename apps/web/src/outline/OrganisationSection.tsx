import { useCallback } from 'react';
import type { TLRecord } from 'tldraw';
import type { OutlineControls } from './outline-controls.ts';
import { consultedEntries } from './outline-entries.ts';
import { OutlineSection } from './OutlineSection.tsx';
import { useBoardEntries } from './use-board-entries.ts';

/** The outside organisations, by name, with their consultation status. */
export function OrganisationSection({ controls }: { controls: OutlineControls }) {
  const { editor, t, locale } = controls;
  const derive = useCallback((records: readonly TLRecord[]) => consultedEntries('organisation', records, t, locale), [t, locale]);
  return <OutlineSection kind="organisation" entries={useBoardEntries(editor, derive)} controls={controls} />;
}
