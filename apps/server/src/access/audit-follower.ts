import type { AccessChange } from '../cluster/index.ts';
import { isAccessAction } from '../cluster/index.ts';
import type { Logger } from '../log.ts';
import type { AuditEntry } from '../storage/index.ts';

/** The part of the store the follower reads: the audit log by its global, commit-ordered id. */
export interface AuditLog {
  listAuditAfter(afterId: number, limit: number): Promise<{ id: number; entry: AuditEntry }[]>;
  lastAuditId(): Promise<number>;
}

export interface AuditFollowerOptions {
  intervalMs: number;
  apply(change: AccessChange): Promise<void>;
  /** Counted per change applied (`koppelbord_cluster_access_changes_total{via="poll"}`). */
  applied(): void;
  log: Logger;
}

/** Entries read per poll; more are read by the next poll right away. */
const batchSize = 500;

/** What an audit entry says about access, when it says anything. */
export function accessChangeOf(entry: AuditEntry): AccessChange | null {
  if (!isAccessAction(entry.action)) return null;
  const { inviteId, clientId } = entry.detail;
  return {
    boardId: entry.boardId,
    action: entry.action,
    inviteId: typeof inviteId === 'string' ? inviteId : null,
    clientId: typeof clientId === 'number' ? clientId : null,
  };
}

/**
 * Follows the audit log: the guarantee that an access change made on any instance (a
 * revocation, a role change, a new owner link, a deletion, an ended session) takes effect on
 * this one within `intervalMs`, whatever happened to its Redis announcement. Audit ids are
 * gapless and commit-ordered, so following the highest id seen misses nothing. The poll
 * starts at the log's end: changes before this instance started have no live connections here.
 */
export class AuditFollower {
  readonly #store: AuditLog;
  readonly #options: AuditFollowerOptions;
  #lastId = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<boolean> | null = null;
  #stopped = false;

  constructor(store: AuditLog, options: AuditFollowerOptions) {
    this.#store = store;
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#lastId = await this.#store.lastAuditId();
    this.#schedule();
  }

  /** Polls once now (what the timer runs); true when there may be more to read at once. */
  poll(): Promise<boolean> {
    this.#polling ??= this.#pollOnce().finally(() => (this.#polling = null));
    return this.#polling;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(delayMs = this.#options.intervalMs): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.poll().then((full) => this.#schedule(full ? 0 : undefined));
    }, delayMs);
    this.#timer.unref();
  }

  async #pollOnce(): Promise<boolean> {
    let rows: { id: number; entry: AuditEntry }[];
    try {
      rows = await this.#store.listAuditAfter(this.#lastId, batchSize);
    } catch (error) {
      this.#options.log.warn({ err: error }, 'reading the audit log for access changes failed; retrying at the next poll');
      return false;
    }
    for (const { id, entry } of rows) {
      this.#lastId = id;
      const change = accessChangeOf(entry);
      if (!change) continue;
      try {
        await this.#options.apply(change);
        this.#options.applied();
      } catch (error) {
        this.#options.log.error({ err: error, boardId: entry.boardId, action: entry.action }, 'applying an access change from the audit log failed');
      }
    }
    return rows.length === batchSize;
  }
}
