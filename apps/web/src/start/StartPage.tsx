import { useState, type FormEvent } from 'react';
import { boardTextLimits, type CreateBoardResponse } from '@koppelbord/contract';
import { createBoard } from './api.ts';
import type { Messages } from './i18n.ts';

export function StartPage({ t }: { t: Messages }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<CreateBoardResponse>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      setCreated(
        await createBoard({
          title: String(form.get('title') ?? ''),
          municipality: String(form.get('municipality') ?? ''),
          neighbourhood: String(form.get('neighbourhood') ?? ''),
        }),
      );
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-board">
      <h2 id="new-board">{t.newBoard}</h2>
      <form onSubmit={submit}>
        <label>
          {t.title}
          <input name="title" required maxLength={boardTextLimits.title} autoComplete="off" />
        </label>
        <label>
          <span>
            {t.municipality} <span className="hint">{t.optional}</span>
          </span>
          <input name="municipality" maxLength={boardTextLimits.municipality} autoComplete="organization" />
        </label>
        <label>
          <span>
            {t.neighbourhood} <span className="hint">{t.optional}</span>
          </span>
          <input name="neighbourhood" maxLength={boardTextLimits.neighbourhood} autoComplete="off" />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t.creating : t.create}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {t.errorPrefix} {error}
        </p>
      )}
      {created && (
        <div role="status" className="created">
          <p>{t.created}</p>
          <CopyLink label={t.editLink} link={created.links.edit} t={t} />
          <CopyLink label={t.viewLink} link={created.links.view} t={t} />
          <a className="button" href={created.links.edit}>
            {t.open}
          </a>
        </div>
      )}
    </section>
  );
}

function CopyLink({ label, link, t }: { label: string; link: string; t: Messages }) {
  const [copied, setCopied] = useState(false);
  return (
    <label className="link">
      {label}
      <span className="row">
        <input readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setCopied(true));
          }}
        >
          {copied ? t.copied : t.copy}
        </button>
      </span>
    </label>
  );
}
