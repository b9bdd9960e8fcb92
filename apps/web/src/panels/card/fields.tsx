import { useEffect, useId, useState, type ReactNode } from 'react';
import type { LocalizedText } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';

/**
 * Labelled form controls for the card panel. Each writes through `onChange` on every edit,
 * so the card on the canvas (and at every other participant) follows as one types; limits
 * mirror the validators in @koppelbord/board-model, which remain the authority.
 */

/**
 * A label tied to its control by id (not by wrapping): the control's accessible name is then
 * exactly the label, not the label plus, say, the options of a select.
 */
function Field({ label, children, after }: { label: string; children: (id: string) => ReactNode; after?: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {after}
    </div>
  );
}

export function TextField({ label, value, max, onChange }: { label: string; value: string; max: number; onChange(next: string): void }) {
  return (
    <Field label={label}>{(id) => <input id={id} type="text" value={value} maxLength={max} onChange={(event) => onChange(event.currentTarget.value)} />}</Field>
  );
}

export function TextArea({ label, value, max, onChange }: { label: string; value: string; max: number; onChange(next: string): void }) {
  return (
    <Field
      label={label}
      after={
        <span className="hint">
          {value.length} / {max}
        </span>
      }
    >
      {(id) => <textarea id={id} value={value} maxLength={max} rows={3} onChange={(event) => onChange(event.currentTarget.value)} />}
    </Field>
  );
}

export interface Option<V extends string> {
  value: V;
  label: string;
}

/** Options from one of the model's label tables, in the order of the model's value list. */
export function optionsOf<V extends string>(values: readonly V[], labels: Record<V, LocalizedText>, locale: BoardLanguage): Option<V>[] {
  return values.map((value) => ({ value, label: labels[value][locale] }));
}

export function SelectField<V extends string>({ label, value, options, onChange }: { label: string; value: V; options: readonly Option<V>[]; onChange(next: V): void }) {
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value as V)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function DateField({ label, value, onChange }: { label: string; value: string; onChange(next: string): void }) {
  return (
    <Field label={label}>{(id) => <input id={id} type="date" value={value} onChange={(event) => onChange(event.currentTarget.value)} />}</Field>
  );
}

/**
 * A whole number within bounds. Kept as text while typing ("20" on the way to "2030"); only a
 * valid value is written, an out-of-range one is announced instead.
 */
export function YearField({ label, value, min, max, invalidText, onChange }: { label: string; value: number | null; min: number; max: number; invalidText: string; onChange(next: number): void }) {
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  useEffect(() => setDraft(value === null ? '' : String(value)), [value]);
  const parsed = Number(draft);
  const valid = draft !== '' && Number.isInteger(parsed) && parsed >= min && parsed <= max;
  return (
    <Field label={label} after={draft !== '' && !valid && <span className="error">{invalidText}</span>}>
      {(id) => (
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={draft}
        aria-invalid={draft !== '' && !valid}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setDraft(next);
          const number = Number(next);
          if (next !== '' && Number.isInteger(number) && number >= min && number <= max) onChange(number);
        }}
      />
      )}
    </Field>
  );
}

/** A group of checkboxes for a set of values (Wijkkompas tracks, linked cards). */
export function CheckboxGroup<V extends string>({ legend, options, checked, onToggle, empty }: { legend: string; options: readonly Option<V>[]; checked: ReadonlySet<V>; onToggle(value: V, on: boolean): void; empty?: ReactNode }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.length === 0 && empty}
      <div className="checks">
        {options.map((option) => (
          <label key={option.value} className="check">
            <input type="checkbox" checked={checked.has(option.value)} onChange={(event) => onToggle(option.value, event.currentTarget.checked)} />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export interface ListFieldText {
  legend: string;
  add: string;
  remove: (position: number) => string;
  item: (position: number) => string;
  full: string;
}

/**
 * An editable list (benefits, risks): one row of inputs per item, a remove button per row
 * and an add button that stops at the validator's item limit.
 */
export function ListField<I>({
  text,
  items,
  maxItems,
  blank,
  onChange,
  renderItem,
}: {
  text: ListFieldText;
  items: readonly I[];
  maxItems: number;
  blank: I;
  onChange(next: I[]): void;
  renderItem(item: I, position: number, update: (next: I) => void): ReactNode;
}) {
  const replace = (index: number, next: I) => onChange(items.map((item, at) => (at === index ? next : item)));
  return (
    <fieldset>
      <legend>{text.legend}</legend>
      <ol className="list-field">
        {items.map((item, index) => (
          <li key={index}>
            {renderItem(item, index + 1, (next) => replace(index, next))}
            <button type="button" className="secondary" aria-label={text.remove(index + 1)} onClick={() => onChange(items.filter((_, at) => at !== index))}>
              ×
            </button>
          </li>
        ))}
      </ol>
      {items.length < maxItems ? (
        <button type="button" className="secondary" onClick={() => onChange([...items, blank])}>
          {text.add}
        </button>
      ) : (
        <span className="hint">{text.full}</span>
      )}
    </fieldset>
  );
}

/**
 * A catalogue choice with an escape hatch: pick an entry, or "Other…" and type one's own
 * (the method always allows a custom domain or organisation kind).
 */
export function CatalogueField({
  label,
  value,
  groups,
  otherLabel,
  ownTextLabel,
  max,
  onChange,
}: {
  label: string;
  value: string;
  groups: readonly { label: string; options: readonly Option<string>[] }[];
  otherLabel: string;
  ownTextLabel: string;
  max: number;
  onChange(next: string): void;
}) {
  const known = groups.some((group) => group.options.some((option) => option.value === value));
  const [custom, setCustom] = useState(!known);
  useEffect(() => setCustom(!known), [known]);
  const other = '\u0000other';
  return (
    <>
      <Field label={label}>
        {(id) => (
        <select
          id={id}
          value={custom ? other : value}
          onChange={(event) => {
            const next = event.currentTarget.value;
            if (next === other) {
              setCustom(true);
              return;
            }
            setCustom(false);
            onChange(next);
          }}
        >
          {groups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={other}>{otherLabel}</option>
        </select>
        )}
      </Field>
      {custom && <TextField label={ownTextLabel} value={known ? '' : value} max={max} onChange={onChange} />}
    </>
  );
}
