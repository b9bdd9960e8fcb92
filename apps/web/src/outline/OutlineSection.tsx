import { useId, useRef } from 'react';
import type { TLShapeId } from 'tldraw';
import type { OutlineControls, OutlineKind } from './outline-controls.ts';
import { keepOrder, type OutlineEntry } from './outline-entries.ts';
import { OutlineItem } from './OutlineItem.tsx';

/** The section's element id, the target of the outline's jump links. */
export const outlineSectionId = (kind: OutlineKind): string => `outline-${kind}`;

export interface OutlineSectionProps {
  kind: OutlineKind;
  entries: readonly OutlineEntry[];
  controls: OutlineControls;
}

/**
 * One kind of card as a list under its own heading (level 3, under the tab's), with the
 * button that adds one first: it is reached without walking the whole list.
 */
export function OutlineSection({ kind, entries, controls }: OutlineSectionProps) {
  const { t, readOnly } = controls;
  const headingId = useId();
  // The order first shown stays while the tab is open (keepOrder says why).
  const order = useRef<readonly TLShapeId[]>([]);
  const shown = keepOrder(entries, order.current);
  order.current = shown.map((entry) => entry.id);
  return (
    // tabIndex -1: the outline's jump links move the focus here.
    <section id={outlineSectionId(kind)} tabIndex={-1} className="outline-section" aria-labelledby={headingId} data-outline-section={kind}>
      <h3 id={headingId}>
        {t.outline.sections[kind]} <span className="outline-count">({entries.length})</span>
      </h3>
      {!readOnly && (
        <button type="button" className="secondary outline-add" onClick={() => controls.add(kind)}>
          {`+ ${t.outline.add[kind]}`}
        </button>
      )}
      {entries.length === 0 ? (
        <p className="hint">{t.outline.empty[kind]}</p>
      ) : (
        <ul className="outline-list">
          {shown.map((entry) => (
            <OutlineItem key={entry.id} entry={entry} controls={controls} />
          ))}
        </ul>
      )}
    </section>
  );
}
