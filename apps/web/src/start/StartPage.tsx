import { useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { boardTemplates, boardTextLimits, type BoardLanguage, type BoardTemplate, type CreateBoardResponse } from '@koppelbord/contract';
import { archivePath } from '../archive/path.ts';
import { recentBoards, storeShareLinks, storeToken } from '../device/storage.ts';
import type { Messages } from '../i18n/messages.ts';
import { CopyLink } from '../panels/CopyLink.tsx';
import { createBoard, importBoard } from '../sync/boards-api.ts';
import './StartPage.css';

/** Typed, so renaming a template in the contract breaks this form at compile time. */
const templateValue = (name: BoardTemplate) => name;

export function StartPage({ t, locale }: { t: Messages; locale: BoardLanguage }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // With the title typed, which the form no longer shows once it is cleared.
  const [created, setCreated] = useState<CreateBoardResponse & { title: string }>();
  const templateHintId = useId();
  const formRef = useRef<HTMLFormElement>(null);

  /** A new board (made or imported): its owner token and links stay on this device. */
  function keep(board: CreateBoardResponse, title: string) {
    storeToken(board.id, board.ownerToken);
    storeShareLinks(board.id, board.links);
    formRef.current?.reset();
    setCreated({ ...board, title });
  }

  /** "Bord openen uit bestand": the form's title, municipality and neighbourhood (or the file's name). */
  async function importFromFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const form = new FormData(formRef.current ?? undefined);
    const title = String(form.get('title') ?? '').trim() || file.name.replace(/\.tldr$/i, '').trim() || file.name;
    setBusy(true);
    setError(undefined);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw new Error(t.importNotTldr);
      }
      const board = await importBoard({
        title: title.slice(0, boardTextLimits.title),
        municipality: String(form.get('municipality') ?? ''),
        neighbourhood: String(form.get('neighbourhood') ?? ''),
        language: locale,
        file: parsed,
      });
      keep(board, title);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      input.value = '';
      setBusy(false);
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    const title = String(form.get('title') ?? '');
    try {
      const board = await createBoard({
        title,
        municipality: String(form.get('municipality') ?? ''),
        neighbourhood: String(form.get('neighbourhood') ?? ''),
        // Only the name goes to the server, which builds the template's shapes itself.
        template: boardTemplates.find((name) => name === form.get('template')) ?? 'blank',
        language: locale,
      });
      // The creator keeps the owner token on this device: it opens the board and shares it;
      // and its links, so the board's share dialog shows these instead of making new ones.
      // An empty form: a second click on "Bord maken" must not make the same board twice.
      keep(board, title.trim());
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  }

  const recent = recentBoards();

  return (
    <>
      <section aria-labelledby="new-board">
        <h2 id="new-board">{t.newBoard}</h2>
        <form ref={formRef} onSubmit={submit}>
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
          <fieldset className="template-choice">
            <legend>{t.startWith}</legend>
            <label>
              {/* The template is the default: most boards follow the method's step. */}
              <input type="radio" name="template" value={templateValue('sociale-koppelkansen')} defaultChecked aria-describedby={templateHintId} />
              {t.templateKoppelkansen}
            </label>
            <p id={templateHintId} className="hint">
              {t.templateKoppelkansenHint}
            </p>
            <label>
              <input type="radio" name="template" value={templateValue('blank')} />
              {t.templateBlank}
            </label>
          </fieldset>
          <button type="submit" disabled={busy}>
            {busy ? t.creating : t.create}
          </button>
        </form>
        <div className="import-file">
          <label>
            {t.importFile}
            <input type="file" accept=".tldr,application/vnd.tldraw+json,application/json" disabled={busy} onChange={importFromFile} />
          </label>
          <p className="hint">{t.importFileHint}</p>
        </div>
        {error && (
          <p role="alert" className="error">
            {t.errorPrefix} {error}
          </p>
        )}
        {created && (
          <div role="status" className="created">
            <p>{t.createdBoard(created.title)}</p>
            <CopyLink label={t.editLink} link={created.links.edit} t={t} />
            <CopyLink label={t.viewLink} link={created.links.view} t={t} />
            <a className="button" href={`/b/${created.id}`}>
              {t.open}
            </a>
          </div>
        )}
      </section>
      <section aria-labelledby="recent-boards">
        <h2 id="recent-boards">{t.recentBoards}</h2>
        {recent.length === 0 ? (
          <p className="hint">{t.noRecentBoards}</p>
        ) : (
          <ul className="recent">
            {recent.map((board) => (
              <li key={board.id}>
                <a href={`/b/${board.id}`}>{board.title}</a>
                <span className="hint">
                  {[board.municipality, board.neighbourhood].filter(Boolean).join(' · ')} ({t.roles[board.role]},{' '}
                  {new Date(board.openedAt).toLocaleDateString(t.dateLocale)})
                </span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={archivePath}>{t.archive.link}</a> <span className="hint">{t.archive.linkHint}</span>
        </p>
      </section>
    </>
  );
}
