import { useEffect, useId, useRef, useState } from 'react';
import { useValue, type Editor } from 'tldraw';
import { catalogueLabel, commentCount, commentLabels, commentTextProblem, formatMoment, textLimits, type CardComment, type CommentAuthor } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { addComment, cardThread, deleteComment, editComment, setCommentResolved } from '../../editor/card-comments.ts';
import { ConfirmDialog } from '../../history/ConfirmDialog.tsx';
import { messages, type Messages } from '../../i18n/messages.ts';
import { TextArea } from './fields.tsx';

export interface CardCommentsProps {
  editor: Editor;
  cardId: string;
  locale: BoardLanguage;
  /** Who writes here: the participant as they joined (name and domain are self-declared). */
  author: CommentAuthor;
  readOnly: boolean;
  /** The thread's heading: h3 under the card panel's h2, h5 under an outline row's h4. */
  headingLevel?: 3 | 5;
}

/**
 * The card's thread in the card panel: every comment with its author, the domain they speak
 * for and its time, a form to add one, and per comment edit and delete (the author's own,
 * delete after confirmation) and resolve or reopen (anyone who can write). The server holds
 * the same rules (comment-guard.ts); the buttons only spare a refused write. A comment by
 * someone else that arrives while the card is open is announced politely.
 *
 * It sits inside the card panel's form, so its own controls are plain buttons (forms do not
 * nest), and outside the card's fieldset, so that viewers still read the thread.
 */
export function CardComments({ editor, cardId, locale, author, readOnly, headingLevel = 3 }: CardCommentsProps) {
  const Heading = headingLevel === 3 ? 'h3' : 'h5';
  const t = messages[locale].comments;
  const thread = useValue('card thread', () => cardThread(editor, cardId), [editor, cardId]);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const now = useNow();
  const announcement = useArrivals(thread, author.id, t);
  const count = commentCount(thread);

  return (
    <section className="card-comments" aria-labelledby={headingId} data-comment-count={count.total} data-open-count={count.open}>
      <Heading id={headingId} ref={heading} tabIndex={-1}>
        {t.heading(count.total)}
      </Heading>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {thread.length === 0 ? (
        <p className="hint">{t.none}</p>
      ) : (
        <ol className="comment-thread" aria-label={t.thread}>
          {thread.map((comment) => (
            <CommentItem key={comment.id} comment={comment} editor={editor} locale={locale} author={author} readOnly={readOnly} now={now} onDeleted={() => heading.current?.focus()} />
          ))}
        </ol>
      )}
      {readOnly ? <p className="hint">{t.readOnly}</p> : <NewComment editor={editor} cardId={cardId} author={author} t={t} />}
    </section>
  );
}

type CommentMessages = Messages['comments'];

/** The latest comment by someone else that arrived while this card was open, as one sentence (empty until one does). */
function useArrivals(thread: readonly CardComment[], me: string, t: CommentMessages): string {
  const seen = useRef<Set<string> | null>(null);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    // The thread as the card was opened is read by the user, not announced.
    if (seen.current === null) {
      seen.current = new Set(thread.map((comment) => comment.id));
      return;
    }
    const known = seen.current;
    const arrived = thread.filter((comment) => !known.has(comment.id) && comment.authorId !== me);
    for (const comment of thread) known.add(comment.id);
    const latest = arrived.at(-1);
    if (latest) setAnnouncement(t.announce(latest.authorName, latest.text));
  }, [thread, me, t]);
  return announcement;
}

/** The current time, a minute at a time: relative times ("5 minuten geleden") move on. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const timeLocales: Record<BoardLanguage, string> = { nl: 'nl-NL', en: 'en-GB' };

/** "5 minuten geleden", "gisteren"; "nu" within the minute. */
function relativeTime(moment: number, now: number, locale: BoardLanguage): string {
  const format = new Intl.RelativeTimeFormat(timeLocales[locale], { numeric: 'auto' });
  const seconds = Math.round((moment - now) / 1000);
  if (Math.abs(seconds) < 60) return format.format(0, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}

interface CommentItemProps {
  comment: CardComment;
  editor: Editor;
  locale: BoardLanguage;
  author: CommentAuthor;
  readOnly: boolean;
  now: number;
  onDeleted(): void;
}

function CommentItem({ comment, editor, locale, author, readOnly, now, onDeleted }: CommentItemProps) {
  const t = messages[locale].comments;
  const own = comment.authorId === author.id;
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const name = comment.authorName.trim() || commentLabels.participant[locale];
  const domain = comment.authorDomain.trim() ? catalogueLabel(comment.authorDomain, locale) : t.noDomain;

  const stopEditing = () => {
    setDraft(null);
    setProblem(null);
    // Back to the button that opened the editor, once it is drawn again.
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const save = () => {
    if (draft === null) return;
    const refusal = textRefusal(draft, t);
    if (refusal) return setProblem(refusal);
    if (!editComment(editor, comment.id, draft)) return setProblem(t.notSaved);
    stopEditing();
  };

  return (
    <li className={comment.resolved ? 'comment is-resolved' : 'comment'} data-comment-id={comment.id} data-author={comment.authorId}>
      <p className="comment__meta">
        <span className="comment__author">
          {name}
          {own && ` (${t.you})`}
        </span>
        {' · '}
        <span className="comment__domain">{domain}</span>
        {' · '}
        <time dateTime={new Date(comment.createdAt).toISOString()}>
          {relativeTime(comment.createdAt, now, locale)} ({formatMoment(new Date(comment.createdAt), locale)})
        </time>
        {comment.editedAt !== null && ` ${t.edited}`}
      </p>
      {draft === null ? (
        <p className="comment__text">{comment.text}</p>
      ) : (
        <div
          className="comment__edit"
          role="group"
          aria-label={t.editLabel}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.stopPropagation();
            stopEditing();
          }}
        >
          <TextArea label={t.editLabel} value={draft} max={textLimits.comment} onChange={setDraft} limitReached={t.tooLong} />
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
          <div className="row">
            <button type="button" onClick={save}>
              {t.save}
            </button>
            <button type="button" className="secondary" onClick={stopEditing}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {comment.resolved && <p className="comment__resolved">{t.resolvedBy(comment.resolved.byName || name)}</p>}
      {!readOnly && draft === null && (
        <div className="comment__actions">
          <button type="button" className="secondary" aria-label={comment.resolved ? t.reopenFor(name) : t.resolveFor(name)} onClick={() => setCommentResolved(editor, comment.id, comment.resolved === null, author)}>
            {comment.resolved ? t.reopen : t.resolve}
          </button>
          {own && (
            <>
              <button ref={editButton} type="button" className="secondary" aria-label={t.editFor(name)} onClick={() => setDraft(comment.text)}>
                {t.edit}
              </button>
              <button type="button" className="secondary" aria-label={t.deleteFor(name)} onClick={() => setConfirming(true)}>
                {t.delete}
              </button>
            </>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={t.deleteTitle}
          confirmLabel={t.delete}
          cancelLabel={t.cancel}
          danger
          onClose={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            deleteComment(editor, comment.id);
            // The button that opened the dialog is gone with the comment: the thread's heading takes the focus.
            requestAnimationFrame(onDeleted);
          }}
        >
          <p>{t.deleteBody}</p>
          <blockquote className="comment__quote">{comment.text}</blockquote>
        </ConfirmDialog>
      )}
    </li>
  );
}

function textRefusal(text: string, t: CommentMessages): string | null {
  const problem = commentTextProblem(text);
  return problem === 'empty' ? t.empty : problem === 'too-long' ? t.tooLong(textLimits.comment) : null;
}

function NewComment({ editor, cardId, author, t }: { editor: Editor; cardId: string; author: CommentAuthor; t: CommentMessages }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    const refusal = textRefusal(text, t);
    if (refusal) return setProblem(refusal);
    if (!addComment(editor, cardId, author, text)) return setProblem(t.notSaved);
    setText('');
    setProblem(null);
  };
  return (
    <div className="comment-new">
      <TextArea label={t.newLabel} value={text} max={textLimits.comment} onChange={setText} limitReached={t.tooLong} />
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <button type="button" onClick={submit}>
        {t.add}
      </button>
    </div>
  );
}
