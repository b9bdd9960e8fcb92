import { useState } from 'react';
import type { BoardLanguage, RestoreResponse, Role } from '@koppelbord/contract';
import { storedParticipant, storedToken, storeShareLinks, storeToken } from '../device/storage.ts';
import { AuditLog, SnapshotEntry, TakeSnapshotForm, useBrowserRender, useSnapshotList, type StatusMessage } from '../history/index.ts';
import { messages, type Messages } from '../i18n/messages.ts';

export interface HistoryPanelProps {
  boardId: string;
  role: Role;
  locale: BoardLanguage;
  /** The board token; by default the one this device keeps for the board (the board page stores the link's token there). */
  token?: string;
}

/**
 * The history tab: the owner takes archived snapshots; everyone sees the snapshots and
 * versions with what changed in each; editors can revert the board to one; the owner can
 * also archive a version, open one as a new board, delete a snapshot and download its
 * package and report, and reads the audit log. An incomplete package is rendered here, in
 * the owner's browser.
 */
export function HistoryPanel({ boardId, role, locale, token: given }: HistoryPanelProps) {
  const t = messages[locale];
  const h = t.history;
  const token = given ?? storedToken(boardId) ?? '';
  // Who does it, as the participant list shows them: recorded with the snapshot and in the audit log.
  const actorName = storedParticipant()?.name;
  const { list, refresh } = useSnapshotList(boardId, token);
  const snapshots = list.state === 'loading' ? undefined : list.snapshots;
  const render = useBrowserRender(boardId, token, role, snapshots, () => void refresh());
  const [status, setStatus] = useState<StatusMessage>();
  const [restored, setRestored] = useState<RestoreResponse>();
  // Bumped after every action here, so an open audit log reads the entry just made.
  const [actions, setActions] = useState(0);

  // Kept as a function of the texts: set as a state value it must be wrapped once more.
  const done = (message: StatusMessage) => {
    setStatus(() => message);
    setActions((n) => n + 1);
    void refresh();
  };
  const onRestored = (board: RestoreResponse) => {
    // As the start page does: the new board's owner token and links stay on this device.
    storeToken(board.id, board.ownerToken);
    storeShareLinks(board.id, board.links);
    setRestored(board);
    setStatus(() => (m: Messages) => m.history.restored);
  };

  return (
    <section className="history" aria-label={t.tabs.history}>
      {role === 'owner' ? (
        <TakeSnapshotForm boardId={boardId} token={token} t={t} actorName={actorName} onTaken={(taken) => done((m) => m.history.take.taken(taken.label))} />
      ) : (
        role === 'viewer' && <p className="hint">{h.readOnly}</p>
      )}
      <p role="status" className="history-status">
        {status?.(t)}
        {restored && (
          <>
            {' '}
            <a href={`/b/${restored.id}`} target="_blank" rel="noopener">
              {h.openRestored}
            </a>
          </>
        )}
      </p>
      <div className="history-list-head">
        <h3>{h.listHeading}</h3>
        <button type="button" className="link-button" onClick={() => void refresh()}>
          {h.refresh}
        </button>
      </div>
      <p className="hint">{h.versionsHint}</p>
      {list.state === 'failed' && (
        <p role="alert" className="error">
          {t.errorPrefix} {list.message}
        </p>
      )}
      {list.state === 'loading' && <p className="hint">{h.loading}</p>}
      {snapshots && snapshots.length === 0 && <p className="hint">{h.empty}</p>}
      {snapshots && snapshots.length > 0 && (
        <ol className="snapshot-list">
          {snapshots.map((snapshot) => {
            const rendering = render.states.get(snapshot.id);
            return (
              <SnapshotEntry
                key={snapshot.id}
                boardId={boardId}
                token={token}
                role={role}
                snapshot={snapshot}
                t={t}
                actorName={actorName}
                // Once the package is ready, how it got its images is no news.
                render={snapshot.package?.status === 'ready' ? undefined : rendering}
                onRetryRender={() => render.retry(snapshot.id)}
                onDone={done}
                onRestored={onRestored}
              />
            );
          })}
        </ol>
      )}
      {role === 'owner' && <AuditLog boardId={boardId} token={token} t={t} refreshKey={actions} />}
    </section>
  );
}
