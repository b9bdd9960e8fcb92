import { useId } from 'react';
import { snapshotTextLimits } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';

/**
 * The label of an archived snapshot and the "namen opnemen" choice, off by default: the
 * report then names roles and domains only (AVG); the hint says so beside the box.
 */
export function SnapshotLabelFields({ t, autoFocus = false }: { t: Messages; autoFocus?: boolean }) {
  const hintId = useId();
  return (
    <>
      <label>
        {t.history.take.label}
        <input name="label" required maxLength={snapshotTextLimits.label} placeholder={t.history.take.placeholder} autoComplete="off" autoFocus={autoFocus} />
      </label>
      <label className="check">
        <input type="checkbox" name="includeNames" aria-describedby={hintId} />
        {t.history.take.includeNames}
      </label>
      <p id={hintId} className="hint">
        {t.history.take.includeNamesHint}
      </p>
    </>
  );
}

/** The fields' values from their form, as `POST …/snapshots` takes them. */
export function snapshotInputFrom(form: HTMLFormElement): { label: string; includeNames: boolean } {
  const data = new FormData(form);
  return { label: String(data.get('label') ?? '').trim(), includeNames: data.get('includeNames') === 'on' };
}
