import { useValue } from 'tldraw';
import type { Messages } from '../i18n/messages.ts';
import type { ConnectionStatus } from '../sync/board-connection.ts';
import type { Atom } from 'tldraw';

/** Always visible: connected, reconnecting, offline, or read-only. */
export function ConnectionBadge({ status, readOnly, t }: { status: Atom<ConnectionStatus>; readOnly: boolean; t: Messages }) {
  const current = useValue('connection status', () => status.get(), [status]);
  const label = current === 'connected' ? t.statusConnected : current === 'connecting' ? t.statusConnecting : t.statusOffline;
  return (
    <span className="badges">
      <span className={`badge badge-${current}`} role="status" aria-live="polite" data-status={current}>
        {label}
      </span>
      {readOnly && (
        <span className="badge badge-readonly" data-status="read-only">
          {t.statusReadOnly}
        </span>
      )}
    </span>
  );
}
