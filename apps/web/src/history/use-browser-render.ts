import { useCallback, useEffect, useRef, useState } from 'react';
import type { Role, SnapshotSummary } from '@koppelbord/contract';
import { renderAndUpload, type RenderStage } from './render-upload.ts';

export type BrowserRenderState = { state: RenderStage | 'done' } | { state: 'failed'; message: string };

/**
 * The owner's browser makes the images of every snapshot whose package is `incomplete` (the
 * server has no Chromium), one at a time, and uploads them. Each snapshot is tried once per
 * visit; a failure is shown with a retry. Other roles never render (the server refuses them).
 */
export function useBrowserRender(boardId: string, token: string, role: Role, snapshots: readonly SnapshotSummary[] | undefined, onUploaded: () => void) {
  const [states, setStates] = useState<ReadonlyMap<string, BrowserRenderState>>(new Map());
  const tried = useRef(new Set<string>());
  const running = useRef(false);
  const live = useRef(true);
  const [retries, setRetries] = useState(0);
  const uploaded = useRef(onUploaded);
  uploaded.current = onUploaded;

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const set = useCallback((id: string, state: BrowserRenderState) => {
    if (live.current) setStates((current) => new Map(current).set(id, state));
  }, []);

  useEffect(() => {
    if (role !== 'owner' || !snapshots || running.current) return;
    const next = snapshots.find((snapshot) => snapshot.kind === 'snapshot' && snapshot.package?.status === 'incomplete' && !tried.current.has(snapshot.id));
    if (!next) return;
    tried.current.add(next.id);
    running.current = true;
    renderAndUpload(boardId, next.id, token, (stage) => set(next.id, { state: stage }))
      .then(
        () => {
          set(next.id, { state: 'done' });
          uploaded.current();
        },
        (reason: unknown) => set(next.id, { state: 'failed', message: reason instanceof Error ? reason.message : String(reason) }),
      )
      .finally(() => {
        running.current = false;
        // Look again: another snapshot may be waiting.
        if (live.current) setRetries((n) => n + 1);
      });
  }, [boardId, token, role, snapshots, retries, set]);

  /** Tries one snapshot's render again (after a failure). */
  const retry = useCallback((snapshotId: string) => {
    tried.current.delete(snapshotId);
    setRetries((n) => n + 1);
  }, []);

  return { states, retry };
}
