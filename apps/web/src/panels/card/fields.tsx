import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { formatDate, isoDate, parseTypedDate, type LocalizedText } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';

/**
 * Labelled form controls for the card panel. Each writes through `onChange` on every edit,
 * so the card on the canvas (and at every other participant) follows as one types; limits
 * mirror the validators in @koppelbord/board-model, which remain the authority.
 */

/**
 * A label tied to its control by id (not by wrapping): the control's accessible name is then
 * exactly the label, not the label plus, say, the options of a select. What is said under the
 * control (a hint, a counter, a refusal) describes it through `aria-describedby`.
 */
function Field({ label, children, notes = [] }: { label: string; children: (id: string, describedBy: string | undefined) => ReactNode; notes?: readonly Note[] }) {
  const id = useId();
  const shown = notes.filter((note) => note.text !== '');
  const describedBy = shown.length > 0 ? shown.map((_, index) => `${id}-note-${index}`).join(' ') : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {shown.map((note, index) => (
        <span key={index} id={`${id}-note-${index}`} className={note.error ? 'error' : 'hint'} aria-live={note.error ? 'polite' : undefined}>
          {note.text}
        </span>
      ))}
    </div>
  );
}

/** A line under a field; an empty text is not shown. */
interface Note {
  text: string;
  error?: boolean;
}

/**
 * How full a limited field is, "12 / 120", and once it is full what the limit means: the
 * browser stops typing (and cuts a paste) at `maxLength`, which must not happen unsaid.
 */
function lengthNotes(value: string, max: number, limitReached: ((max: number) => string) | undefined): Note[] {
  if (!limitReached) return [];
  return [{ text: `${value.length} / ${max}` }, { text: value.length >= max ? limitReached(max) : '', error: true }];
}

export interface TextFieldProps {
  label: string;
  value: string;
  max: number;
  onChange(next: string): void;
  /** Shown while the field is empty (a new card's title: the hint, not a value to type after). */
  placeholder?: string;
  /** With it the field shows its counter, and this message once the limit is reached. */
  limitReached?: (max: number) => string;
}

export function TextField({ label, value, max, onChange, placeholder, limitReached }: TextFieldProps) {
  return (
    <Field label={label} notes={lengthNotes(value, max, limitReached)}>
      {(id, describedBy) => (
        <input id={id} type="text" value={value} maxLength={max} placeholder={placeholder} aria-describedby={describedBy} onChange={(event) => onChange(event.currentTarget.value)} />
      )}
    </Field>
  );
}

export function TextArea({ label, value, max, onChange, limitReached }: { label: string; value: string; max: number; onChange(next: string): void; limitReached(max: number): string }) {
  return (
    <Field label={label} notes={lengthNotes(value, max, limitReached)}>
      {(id, describedBy) => <textarea id={id} value={value} maxLength={max} rows={3} aria-describedby={describedBy} onChange={(event) => onChange(event.currentTarget.value)} />}
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

export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  disabled = false,
  hint = '',
}: {
  label: string;
  value: V;
  options: readonly Option<V>[];
  onChange(next: V): void;
  disabled?: boolean;
  /** Said under the choice (what picking does, or why it cannot be used now). */
  hint?: string;
}) {
  return (
    <Field label={label} notes={[{ text: hint }]}>
      {(id, describedBy) => (
        <select id={id} value={value} disabled={disabled} aria-describedby={describedBy} onChange={(event) => onChange(event.currentTarget.value as V)}>
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

export interface DateFieldText {
  /** The form to type, "dag-maand-jaar, bijvoorbeeld 1-12-2026". */
  hint: string;
  /** Why a typed date is refused (no such day, or outside the accepted years). */
  invalid: string;
}

/**
 * A date typed as text, day first ('1-12-2026'): a native date input follows the browser's
 * language rather than the board's, and lets a sixth year digit through. Only an accepted
 * date is written (or nothing, to clear it); anything else is refused here with `text.invalid`
 * and the stored date stays.
 */
export function DateField({ label, value, locale, text, onChange }: { label: string; value: string; locale: BoardLanguage; text: DateFieldText; onChange(next: string): void }) {
  const shown = value === '' ? '' : formatDate(value, locale, 'short');
  const [draft, setDraft] = useState(shown);
  const [left, setLeft] = useState(false);
  useEffect(() => setDraft(shown), [shown]);
  const refused = draft.trim() !== '' && parseTypedDate(draft) === null;
  // Said once the field is left, or as soon as the year has all its digits (a fifth one too).
  const say = refused && (left || /\d{4}/.test(draft));
  return (
    <Field label={label} notes={[{ text: text.hint }, { text: say ? text.invalid : '', error: true }]}>
      {(id, describedBy) => (
        <input
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={draft}
          aria-invalid={say}
          aria-describedby={describedBy}
          onFocus={() => setLeft(false)}
          onBlur={() => setLeft(true)}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setDraft(next);
            if (next.trim() === '') return onChange('');
            const date = parseTypedDate(next);
            if (date) onChange(isoDate(date));
          }}
        />
      )}
    </Field>
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
    <Field label={label} notes={[{ text: draft !== '' && !valid ? invalidText : '', error: true }]}>
      {(id, describedBy) => (
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={draft}
        aria-invalid={draft !== '' && !valid}
        aria-describedby={describedBy}
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
  // After "add", the new row's first field takes the focus once the card has the new item.
  const list = useRef<HTMLOListElement>(null);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  useEffect(() => {
    if (focusRow === null || items.length <= focusRow) return;
    list.current?.children[focusRow]?.querySelector<HTMLElement>('input, textarea')?.focus();
    setFocusRow(null);
  }, [focusRow, items.length]);
  return (
    <fieldset>
      <legend>{text.legend}</legend>
      <ol ref={list} className="list-field">
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
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setFocusRow(items.length);
            onChange([...items, blank]);
          }}
        >
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
