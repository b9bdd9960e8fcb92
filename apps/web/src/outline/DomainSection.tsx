import { useCallback } from 'react';
import type { TLRecord } from 'tldraw';
import type { OutlineControls } from './outline-controls.ts';
import { consultedEntries } from './outline-entries.ts';
import { OutlineSection } from './OutlineSection.tsx';
import { useBoardEntries } from './use-board-entries.ts';

/** The policy domains at the table, in the catalogue's order, with their consultation status. */
export function DomainSection({ controls }: { controls: OutlineControls }) {
  const { editor, t, locale } = controls;
  const derive = useCallback((records: readonly TLRecord[]) => consultedEntries('domain', records, t, locale), [t, locale]);
  return <OutlineSection kind="domain" entries={useBoardEntries(editor, derive)} controls={controls} />;
}
