import { useCallback, useEffect, useRef, useState } from 'react';
import type { InviteSummary } from '@koppelbord/contract';
import { listInvites } from '../sync/invites-api.ts';

/** How often the open list is read again: use counts and "connected now" change without us. */
const refreshMs = 2000;

/** The board's invites, read on mount, every `refreshMs` while mounted, and on `refresh()`. */
export function useInvites(boardId: string, token: string): { invites: InviteSummary[] | undefined; error: string | undefined; refresh(): void } {
  const [invites, setInvites] = useState<InviteSummary[]>();
  const [error, setError] = useState<string>();
  const live = useRef(true);

  const refresh = useCallback(() => {
    listInvites(boardId, token).then(
      (list) => {
        if (!live.current) return;
        setInvites(list.invites);
        setError(undefined);
      },
      (reason: unknown) => live.current && setError(reason instanceof Error ? reason.message : String(reason)),
    );
  }, [boardId, token]);

  useEffect(() => {
    live.current = true;
    refresh();
    const timer = setInterval(refresh, refreshMs);
    return () => {
      live.current = false;
      clearInterval(timer);
    };
  }, [refresh]);

  return { invites, error, refresh };
}
