import { useState, type FormEvent } from 'react';
import { canEdit, type RestoreResponse, type Role, type SnapshotSummary } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { deleteSnapshot, downloadPackage, downloadReportPdf, promoteVersion, restoreAsNewBoard, revertBoard, type DownloadedFile } from '../sync/snapshots-api.ts';
import { ChangeList } from './ChangeList.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { describeActor, describePackage, formatTime } from './describe.ts';
import type { BrowserRenderState } from './use-browser-render.ts';
import { saveFile } from './save-file.ts';
import { PromoteDialog } from './PromoteDialog.tsx';
import { RenderProgress } from './RenderProgress.tsx';
import { snapshotInputFrom } from './SnapshotLabelFields.tsx';
import { Thumbnail } from './Thumbnail.tsx';

export interface SnapshotEntryProps {
  boardId: string;
  token: string;
  role: Role;
  snapshot: SnapshotSummary;
  t: Messages;
  /** The name this participant gave, recorded with revert, promote, restore and delete. */
  actorName?: string;
  /** This browser's render of an incomplete package (owner only). */
  render?: BrowserRenderState;
  onRetryRender?(): void;
  /** Something was done: say it (polite status, in the UI's language even after a switch) and fetch the list again. */
  onDone(message: StatusMessage): void;
  onRestored(board: RestoreResponse): void;
}

type Dialog = 'revert' | 'promote' | 'restore' | 'delete' | null;

/** A status line worded when shown, so it follows a language switch. */
export type StatusMessage = (t: Messages) => string;

const message = (reason: unknown) => (reason instanceof Error ? reason.message : String(reason));

/**
 * One snapshot or version: what it is, who made it when, its package and thumbnail, what
 * changed since the one before, and the actions the token's role allows (the server checks
 * them again): revert for editors, and for the owner promote, restore as new, delete,
 * downloads.
 */
export function SnapshotEntry({ boardId, token, role, snapshot, t, actorName, render, onRetryRender, onDone, onRestored }: SnapshotEntryProps) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const h = t.history;
  const time = formatTime(snapshot.createdAt, t);
  const headingId = `snapshot-${snapshot.id}`;
  const owner = role === 'owner';
  const isSnapshot = snapshot.kind === 'snapshot';
  const ready = snapshot.package?.status === 'ready';

  /** Runs one action: busy while it runs, its error shown here, the dialog closed after. */
  async function act(action: () => Promise<StatusMessage | undefined>) {
    setBusy(true);
    setError(undefined);
    try {
      const done = await action();
      setDialog(null);
      if (done) onDone(done);
    } catch (reason) {
      setError(message(reason));
      setDialog(null);
    } finally {
      setBusy(false);
    }
  }
  const save = (fetchFile: () => Promise<DownloadedFile>) =>
    act(async () => {
      saveFile(await fetchFile());
      return undefined;
    });

  const promote = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = snapshotInputFrom(event.currentTarget);
    if (!input.label) return;
    void act(async () => {
      const made = await promoteVersion(boardId, snapshot.id, token, input, actorName);
      return (m: Messages) => m.history.promoted(made.label);
    });
  };

  return (
    <li className={`snapshot snapshot--${snapshot.kind}`} data-snapshot-id={snapshot.id} aria-labelledby={headingId}>
      <div className="snapshot-head">
        {isSnapshot && <Thumbnail boardId={boardId} snapshotId={snapshot.id} token={token} available={snapshot.thumbnail} alt={h.thumbnail(snapshot.label)} />}
        <div>
          <h4 id={headingId}>{snapshot.label}</h4>
          <p className="snapshot-meta">
            <span className="snapshot-kind">{h.kinds[snapshot.kind]}</span> · <time dateTime={snapshot.createdAt}>{time}</time>
            <br />
            {h.takenBy} {describeActor(snapshot.actor, t)}
          </p>
        </div>
      </div>
      {snapshot.package && <p className={`snapshot-package snapshot-package--${snapshot.package.status}`}>{describePackage(snapshot, t)}</p>}
      {render && <RenderProgress render={render} t={t} onRetry={onRetryRender} />}
      {snapshot.invalidRecords > 0 && <p className="snapshot-invalid">{h.invalidRecords(snapshot.invalidRecords)}</p>}
      <ChangeList changes={snapshot.changes} t={t} />
      <div className="snapshot-actions" role="group" aria-label={h.actions(snapshot.label)}>
        {isSnapshot && ready && (
          <>
            <button type="button" className="secondary" disabled={busy} onClick={() => save(() => downloadPackage(boardId, snapshot.id, token))}>
              {h.downloadPackage}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => save(() => downloadReportPdf(boardId, snapshot.id, token))}>
              {h.downloadPdf}
            </button>
          </>
        )}
        {canEdit(role) && (
          <button type="button" className="secondary" disabled={busy} onClick={() => setDialog('revert')}>
            {h.revert}
          </button>
        )}
        {owner && !isSnapshot && (
          <button type="button" className="secondary" disabled={busy} onClick={() => setDialog('promote')}>
            {h.promote}
          </button>
        )}
        {owner && (
          <button type="button" className="secondary" disabled={busy} onClick={() => setDialog('restore')}>
            {h.restore}
          </button>
        )}
        {owner && isSnapshot && (
          <button type="button" className="secondary danger-text" disabled={busy} onClick={() => setDialog('delete')}>
            {h.delete}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {t.errorPrefix} {error}
        </p>
      )}

      {dialog === 'revert' && (
        <ConfirmDialog
          title={h.revertConfirm.title}
          confirmLabel={h.revertConfirm.confirm}
          cancelLabel={h.cancel}
          busy={busy}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            void act(async () => {
              await revertBoard(boardId, snapshot.id, token, actorName);
              return (m: Messages) => m.history.reverted;
            })
          }
        >
          <p>{h.revertConfirm.text(snapshot.label, time)}</p>
          <p>{h.revertConfirm.everyone}</p>
          <p>{h.revertConfirm.undo}</p>
        </ConfirmDialog>
      )}
      {dialog === 'restore' && (
        <ConfirmDialog
          title={h.restoreConfirm.title}
          confirmLabel={h.restoreConfirm.confirm}
          cancelLabel={h.cancel}
          busy={busy}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            void act(async () => {
              onRestored(await restoreAsNewBoard(boardId, snapshot.id, token, actorName));
              return undefined;
            })
          }
        >
          <p>{h.restoreConfirm.text}</p>
        </ConfirmDialog>
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={h.deleteConfirm.title}
          confirmLabel={h.deleteConfirm.confirm}
          cancelLabel={h.cancel}
          danger
          busy={busy}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            void act(async () => {
              await deleteSnapshot(boardId, snapshot.id, token, actorName);
              return (m: Messages) => m.history.deleted(snapshot.label);
            })
          }
        >
          <p>{h.deleteConfirm.text(snapshot.label)}</p>
          <p>{h.deleteConfirm.logged}</p>
        </ConfirmDialog>
      )}
      {dialog === 'promote' && <PromoteDialog t={t} busy={busy} onSubmit={promote} onClose={() => setDialog(null)} />}
    </li>
  );
}
