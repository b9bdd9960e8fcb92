import { useCallback, useEffect, useRef, useState } from 'react';
import type { SnapshotSummary } from '@koppelbord/contract';
import { listSnapshots } from '../sync/snapshots-api.ts';
import { hasPendingPackage } from './describe.ts';

/** While a package is being made the list is fetched this often, to show it turn ready… */
const pendingPollMs = 2_000;
/** …and otherwise now and then, for snapshots and versions others (or the server) made. */
const idlePollMs = 30_000;

export type SnapshotListState = { state: 'loading' } | { state: 'ready'; snapshots: SnapshotSummary[] } | { state: 'failed'; message: string; snapshots?: SnapshotSummary[] };

/** The board's snapshots and versions, newest first, kept fresh while the panel is open. */
export function useSnapshotList(boardId: string, token: string): { list: SnapshotListState; refresh(): Promise<void> } {
  const [list, setList] = useState<SnapshotListState>({ state: 'loading' });
  const live = useRef(true);
  // Answers can arrive out of order (a poll and a refresh after an action): the last one asked wins.
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const asked = ++generation.current;
    try {
      const { snapshots } = await listSnapshots(boardId, token);
      if (live.current && asked === generation.current) setList({ state: 'ready', snapshots });
    } catch (error) {
      if (!live.current || asked !== generation.current) return;
      const message = error instanceof Error ? error.message : String(error);
      setList((current) => ({ state: 'failed', message, snapshots: current.state === 'loading' ? undefined : current.snapshots }));
    }
  }, [boardId, token]);

  useEffect(() => {
    live.current = true;
    void refresh();
    return () => {
      live.current = false;
    };
  }, [refresh]);

  const snapshots = list.state === 'loading' ? undefined : list.snapshots;
  const pending = snapshots ? hasPendingPackage(snapshots) : false;
  useEffect(() => {
    const timer = setInterval(() => void refresh(), pending ? pendingPollMs : idlePollMs);
    return () => clearInterval(timer);
  }, [refresh, pending]);

  return { list, refresh };
}
