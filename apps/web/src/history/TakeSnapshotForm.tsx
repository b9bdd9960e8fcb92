import { useState, type FormEvent } from 'react';
import type { CreateSnapshotResponse } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { takeSnapshot } from '../sync/snapshots-api.ts';
import { snapshotInputFrom, SnapshotLabelFields } from './SnapshotLabelFields.tsx';

/** Owner only: freezes the board now as an archived snapshot with the label typed. */
export interface TakeSnapshotFormProps {
  boardId: string;
  token: string;
  t: Messages;
  /** The name the owner gave on joining: the snapshot's actor. */
  actorName?: string;
  onTaken(snapshot: CreateSnapshotResponse): void;
}

export function TakeSnapshotForm({ boardId, token, t, actorName, onTaken }: TakeSnapshotFormProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const input = snapshotInputFrom(form);
    if (!input.label) return;
    setBusy(true);
    setError(undefined);
    try {
      const taken = await takeSnapshot(boardId, token, input, actorName);
      // An empty form: a second click must not take the same snapshot twice.
      form.reset();
      onTaken(taken);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="take-snapshot" aria-labelledby="take-snapshot-heading">
      <h3 id="take-snapshot-heading">{t.history.take.heading}</h3>
      <p className="hint">{t.history.take.intro}</p>
      <form onSubmit={submit}>
        <SnapshotLabelFields t={t} />
        <button type="submit" disabled={busy}>
          {busy ? t.creating : t.history.take.submit}
        </button>
        {error && (
          <p role="alert" className="error">
            {t.errorPrefix} {error}
          </p>
        )}
      </form>
    </section>
  );
}
