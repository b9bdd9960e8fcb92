import type { BoardGrant } from '../auth/index.ts';
import type { SyncConnection } from '../sync/index.ts';

/** Longest delay setTimeout takes; a later expiry is armed again when this fires. */
const maxTimerMs = 2 ** 31 - 1;

interface Tracked {
  grant: BoardGrant;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The open connections by the invite they were opened with, each with a timer at its expiry,
 * so revoking, expiring or changing an invite reaches its live connections without waiting
 * for a client message.
 */
export class LiveConnections {
  readonly #byConnection = new Map<SyncConnection, Tracked>();
  readonly #byInvite = new Map<string, Set<SyncConnection>>();

  add(connection: SyncConnection, grant: BoardGrant): void {
    this.#byConnection.set(connection, { grant, timer: undefined });
    if (!grant.inviteId) return;
    let set = this.#byInvite.get(grant.inviteId);
    if (!set) this.#byInvite.set(grant.inviteId, (set = new Set()));
    set.add(connection);
  }

  /** Calls `onDue` at `at` (re-armed in steps when it is further away than a timer reaches). */
  armExpiry(connection: SyncConnection, at: Date, onDue: () => void): void {
    const tracked = this.#byConnection.get(connection);
    if (!tracked) return;
    clearTimeout(tracked.timer);
    const delay = at.getTime() - Date.now();
    if (delay > maxTimerMs) {
      tracked.timer = setTimeout(() => this.armExpiry(connection, at, onDue), maxTimerMs);
    } else {
      tracked.timer = setTimeout(onDue, Math.max(0, delay));
    }
    tracked.timer.unref();
  }

  remove(connection: SyncConnection): void {
    const tracked = this.#byConnection.get(connection);
    if (!tracked) return;
    clearTimeout(tracked.timer);
    this.#byConnection.delete(connection);
    const inviteId = tracked.grant.inviteId;
    if (!inviteId) return;
    const set = this.#byInvite.get(inviteId);
    set?.delete(connection);
    if (set?.size === 0) this.#byInvite.delete(inviteId);
  }

  grantOf(connection: SyncConnection): BoardGrant | undefined {
    return this.#byConnection.get(connection)?.grant;
  }

  /** The open connections opened with the invite (a copy: closing them while iterating is safe). */
  ofInvite(inviteId: string): SyncConnection[] {
    return [...(this.#byInvite.get(inviteId) ?? [])];
  }

  countOf(inviteId: string): number {
    return this.#byInvite.get(inviteId)?.size ?? 0;
  }
}
