import { randomUUID } from 'node:crypto';
import type { SnapshotKind } from '@koppelbord/contract';
import { automaticSnapshotLabels } from '@koppelbord/board-model';
import type { SnapshotRecords } from '../archive/index.ts';
import type { Logger } from '../log.ts';
import { scavengeSoon } from '../memory/index.ts';
import type { BoardRecord, Store, SnapshotMeta, SnapshotRecord, StoredActor, StoredParticipant } from '../storage/index.ts';
import type { BoardRoom, RoomSession, SyncService } from '../sync/index.ts';
import type { SnapshotAnalyzer } from './analyzer.ts';
import type { PackageJobs } from './package-jobs.ts';
import { sessionParticipants } from './participants.ts';
import { writeRecordsAs } from './revert.ts';
import { versionsToDrop } from './version-thinning.ts';

export interface SnapshotServiceOptions {
  autoSnapshot: boolean;
  versionIntervalMs: number;
}

export interface TakeOptions {
  kind: SnapshotKind;
  label: string;
  includeNames: boolean;
  actor: StoredActor;
}

/** A request about a snapshot that cannot be met; the HTTP layer maps `problem` to a status. */
export class SnapshotProblem extends Error {
  readonly problem: 'board_not_found' | 'snapshot_not_found' | 'not_a_version';
  constructor(problem: SnapshotProblem['problem'], message: string) {
    super(message);
    this.problem = problem;
  }
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

/**
 * Snapshots and versions of boards: taken from the server's own doc once everything applied
 * is durable, stored immutably (storage/types.ts SnapshotStore), archived snapshots handed
 * to the package jobs. Also the automatic ones: a snapshot at the end of a session that
 * changed the board, a version at most every `versionIntervalMs` while it is changed (thinned
 * with age), and a version before every revert.
 */
export class SnapshotService {
  readonly #store: Store;
  readonly #sync: SyncService;
  readonly #packages: PackageJobs;
  readonly #analyzer: SnapshotAnalyzer;
  readonly #options: SnapshotServiceOptions;
  readonly #log: Logger;
  /** When each board last got a version (loaded from the store the first time it is needed). */
  readonly #lastVersionAt = new Map<string, number>();
  /** Boards with an automatic version being taken: one at a time per board. */
  readonly #versioning = new Set<string>();
  /** Per board, the entry being kept (see #keep). */
  readonly #keeping = new Map<string, Promise<void>>();
  /** Background work (automatic snapshots and versions), awaited by `idle()`. */
  readonly #background = new Set<Promise<unknown>>();

  constructor(store: Store, sync: SyncService, packages: PackageJobs, analyzer: SnapshotAnalyzer, options: SnapshotServiceOptions, log: Logger) {
    this.#analyzer = analyzer;
    this.#store = store;
    this.#sync = sync;
    this.#packages = packages;
    this.#options = options;
    this.#log = log;
  }

  /** Takes a snapshot or version of the board as it is now (durable state only). */
  async take(boardId: string, options: TakeOptions): Promise<SnapshotMeta> {
    const board = await this.#board(boardId);
    const room = await this.#sync.loadRoom(boardId);
    return this.#keep(board, await this.#durableState(room), options, sessionParticipants(room.session().awareness));
  }

  /**
   * The board's state once everything pending is durable, as the store holds it: its compacted
   * state and the log after it, merged in the analyzer's worker. The same records as the
   * server's doc, without encoding the doc on the event loop (30–40 ms for a 626-shape board,
   * for every snapshot and version of a board in use). On several instances it may hold
   * another instance's commits this one has not applied yet: a later durable state, no less.
   */
  async #durableState(room: BoardRoom): Promise<Uint8Array[]> {
    await room.whenDurable();
    const stored = await this.#store.readUpdatesAfter(room.boardId, 0);
    return [...(stored.snapshot ? [stored.snapshot.state] : []), ...stored.updates.map((update) => update.data)];
  }

  /** A version becomes an archived snapshot (a new, immutable row; the version stays). */
  async promote(boardId: string, versionId: string, label: string, includeNames: boolean, actor: StoredActor): Promise<SnapshotMeta> {
    const board = await this.#board(boardId);
    const version = await this.#snapshot(boardId, versionId);
    if (version.kind !== 'version') throw new SnapshotProblem('not_a_version', 'Only a version can be promoted; this is an archived snapshot already');
    return this.#keep(board, [version.state], { kind: 'snapshot', label, includeNames, actor }, version.participants, version.board);
  }

  /**
   * Reverts the board to a snapshot or version as a forward change made on the server, after
   * keeping a version of the current state (so the revert can itself be undone). Returns that
   * version. Resolves once the change is durable.
   */
  async revert(boardId: string, snapshotId: string, actor: StoredActor): Promise<SnapshotMeta> {
    const board = await this.#board(boardId);
    const target = await this.#snapshot(boardId, snapshotId);
    const label = fill(automaticSnapshotLabels.beforeRevert[board.language], { label: target.label });
    const before = await this.take(boardId, { kind: 'version', label, includeNames: false, actor });
    const { records } = await this.#analyzer.records(target.state);
    const room = await this.#sync.loadRoom(boardId);
    room.changeAsServer((doc) => writeRecordsAs(doc, records));
    await room.whenDurable();
    this.#log.info({ boardId, snapshotId, actorRole: actor.role }, 'board reverted to a snapshot');
    return before;
  }

  /** The snapshot's valid records and its metadata, for a new board ("open as new board"). */
  async forRestore(boardId: string, snapshotId: string): Promise<{ snapshot: SnapshotRecord; records: SnapshotRecords['records'] }> {
    const snapshot = await this.#snapshot(boardId, snapshotId);
    return { snapshot, records: (await this.#analyzer.records(snapshot.state)).records };
  }

  /** Deletes an archived snapshot or a version; kept in the board's audit log. */
  async delete(boardId: string, snapshotId: string, actor: StoredActor): Promise<void> {
    const snapshot = await this.#snapshot(boardId, snapshotId);
    await this.#store.deleteSnapshot(boardId, snapshotId, {
      boardId,
      at: new Date(),
      actor,
      action: 'snapshot.delete',
      detail: { snapshotId, kind: snapshot.kind, label: snapshot.label, createdAt: snapshot.createdAt.toISOString() },
    });
  }

  /** SyncService.onSessionEnd: the automatic snapshot of a session that changed the board. */
  readonly onSessionEnd = (room: BoardRoom, session: RoomSession): void => {
    if (!this.#options.autoSnapshot || !session.changed) return;
    const participants = sessionParticipants(session.awareness);
    this.#inBackground(
      (async () => {
        const board = await this.#board(room.boardId);
        await this.#keep(board, await this.#durableState(room), { kind: 'snapshot', label: automaticSnapshotLabels.sessionEnd[board.language], includeNames: false, actor: { role: 'system', name: null } }, participants);
      })(),
      room.boardId,
      'automatic end-of-session snapshot failed',
    );
  };

  /** SyncService.onCommitted: a version when the last one is older than the interval. */
  readonly onCommitted = (room: BoardRoom): void => {
    const last = this.#lastVersionAt.get(room.boardId);
    if ((last !== undefined && Date.now() - last < this.#options.versionIntervalMs) || this.#versioning.has(room.boardId)) return;
    this.#versioning.add(room.boardId);
    this.#inBackground(
      (async () => {
        const latest = last ?? (await this.#latestVersionAt(room.boardId));
        if (Date.now() - latest < this.#options.versionIntervalMs) {
          this.#lastVersionAt.set(room.boardId, latest);
          return;
        }
        const board = await this.#board(room.boardId);
        await this.#keep(board, await this.#durableState(room), { kind: 'version', label: automaticSnapshotLabels.interval[board.language], includeNames: false, actor: { role: 'system', name: null } }, []);
      })().finally(() => this.#versioning.delete(room.boardId)),
      room.boardId,
      'automatic version failed',
    );
  };

  /** Resolves when the automatic snapshots and versions started so far are stored. */
  async idle(): Promise<void> {
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
  }

  /**
   * Keeps one board's entries one at a time: each is compared with the one stored before it,
   * so two (a version and a snapshot of the same moment) must not both compare with the same.
   */
  #keep(board: BoardRecord, parts: Uint8Array[], options: TakeOptions, participants: StoredParticipant[], boardMeta?: SnapshotRecord['board']): Promise<SnapshotMeta> {
    const before = this.#keeping.get(board.id) ?? Promise.resolve();
    const kept = before.catch(() => {}).then(() => this.#keepNow(board, parts, options, participants, boardMeta));
    const settled = kept.then(
      () => undefined,
      () => undefined,
    );
    this.#keeping.set(board.id, settled);
    void settled.then(() => {
      if (this.#keeping.get(board.id) === settled) this.#keeping.delete(board.id);
    });
    return kept;
  }

  async #keepNow(board: BoardRecord, parts: Uint8Array[], options: TakeOptions, participants: StoredParticipant[], boardMeta?: SnapshotRecord['board']): Promise<SnapshotMeta> {
    const latest = await this.#store.latestSnapshotMeta(board.id);
    const previous = latest ? await this.#store.getSnapshot(board.id, latest.id) : undefined;
    const { state, ...summary } = await this.#analyzer.summary(parts, previous?.state ?? null, board.language);
    const snapshot: SnapshotRecord = {
      id: randomUUID(),
      boardId: board.id,
      kind: options.kind,
      label: options.label,
      createdAt: new Date(),
      actor: options.actor,
      board: boardMeta ?? { title: board.title, municipality: board.municipality, neighbourhood: board.neighbourhood, language: board.language },
      includeNames: options.includeNames,
      participants,
      state,
      invalidRecords: summary.invalid,
      changes: summary.changes,
    };
    await this.#store.insertSnapshot(snapshot);
    if (snapshot.kind === 'snapshot') this.#packages.start(board.id, snapshot.id);
    else await this.#thinVersions(board.id, snapshot);
    // The board's state came through here from the store and the analyzer: megabytes of garbage now.
    scavengeSoon();
    const { state: _state, ...meta } = snapshot;
    return meta;
  }

  async #thinVersions(boardId: string, added: SnapshotRecord): Promise<void> {
    this.#lastVersionAt.set(boardId, added.createdAt.getTime());
    const versions = (await this.#store.listSnapshots(boardId)).filter((entry) => entry.kind === 'version');
    await this.#store.deleteVersions(boardId, versionsToDrop(versions, Date.now()));
  }

  async #latestVersionAt(boardId: string): Promise<number> {
    const latest = await this.#store.latestSnapshotMeta(boardId, 'version');
    return latest?.createdAt.getTime() ?? 0;
  }

  #inBackground(work: Promise<unknown>, boardId: string, failure: string): void {
    const tracked = work.catch((error: unknown) => this.#log.error({ err: error, boardId }, failure)).finally(() => this.#background.delete(tracked));
    this.#background.add(tracked);
  }

  async #board(boardId: string): Promise<BoardRecord> {
    const board = await this.#store.getBoard(boardId);
    if (!board) throw new SnapshotProblem('board_not_found', 'No such board');
    return board;
  }

  async #snapshot(boardId: string, snapshotId: string): Promise<SnapshotRecord> {
    const snapshot = await this.#store.getSnapshot(boardId, snapshotId);
    if (!snapshot) throw new SnapshotProblem('snapshot_not_found', 'No such snapshot on this board');
    return snapshot;
  }
}
