import { useId, useRef } from 'react';
import type { OutlineControls } from './outline-controls.ts';
import type { OutlineEntry } from './outline-entries.ts';
import { OutlineCardFields } from './OutlineCardFields.tsx';

/**
 * One card: its name as a heading (a screen reader's heading keys walk the cards), what is
 * known about it as a description list, and its Edit (a disclosure of the card's own fields)
 * and Delete buttons, each named after the card.
 */
export function OutlineItem({ entry, controls }: { entry: OutlineEntry; controls: OutlineControls }) {
  const { t, readOnly, editing } = controls;
  const fieldsId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const open = editing?.id === entry.id;
  const close = () => {
    controls.setEditing(null);
    toggle.current?.focus();
  };
  return (
    <li className="outline-item" data-shape-id={entry.id}>
      <h4>{entry.name}</h4>
      <dl className="outline-facts">
        {entry.facts.map((fact) => (
          <div key={fact.term}>
            <dt>{fact.term}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
      {!readOnly && (
        <div className="row">
          <button
            ref={toggle}
            type="button"
            className="secondary"
            aria-expanded={open}
            aria-controls={open ? fieldsId : undefined}
            aria-label={t.outline.editOf(entry.name)}
            onClick={() => controls.setEditing(open ? null : { id: entry.id, focus: false })}
          >
            {t.outline.edit}
          </button>
          <button type="button" className="secondary" aria-label={t.outline.removeOf(entry.name)} onClick={() => controls.askDelete(entry)}>
            {t.outline.remove}
          </button>
        </div>
      )}
      {open && editing && <OutlineCardFields id={fieldsId} shapeId={entry.id} name={entry.name} focusFirst={editing.focus} controls={controls} onDone={close} />}
    </li>
  );
}
