import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/index.ts';
import type { BoardStore } from '../storage/index.ts';
import { BoardRoom, type RoomContext } from './board-room.ts';
import type { ClusterFanout } from './cluster-fanout.ts';

export interface RoomRegistryOptions {
  unloadGraceMs: number;
  compactRows: number;
  compactBytes: number;
  /** Called when the last loaded board has been unloaded (nothing loaded or loading). */
  onIdle?: (() => void) | undefined;
  /** Several instances: boards are subscribed before they load and fed what others commit. */
  fanout?: ClusterFanout | undefined;
}

/**
 * Loaded boards: loads each at most once at a time (concurrent joins share one load),
 * compacts their logs, and unloads them after a grace period with nobody connected and
 * nothing unpersisted.
 */
export class RoomRegistry {
  readonly #rooms = new Map<string, BoardRoom>();
  readonly #loading = new Map<string, Promise<BoardRoom>>();
  /** A board being unloaded is not loaded again until its final compaction is done. */
  readonly #unloading = new Map<string, Promise<void>>();
  readonly #compacting = new Set<BoardRoom>();
  readonly #store: BoardStore;
  readonly #context: RoomContext;
  readonly #options: RoomRegistryOptions;
  readonly #metrics: Metrics;
  readonly #log: Logger;

  constructor(store: BoardStore, context: RoomContext, options: RoomRegistryOptions, metrics: Metrics, log: Logger) {
    this.#store = store;
    this.#context = context;
    this.#options = options;
    this.#metrics = metrics;
    this.#log = log;
  }

  get size(): number {
    return this.#rooms.size;
  }

  isLoaded(boardId: string): boolean {
    return this.#rooms.has(boardId);
  }

  /** The board's room when it is loaded (never loads it). */
  get(boardId: string): BoardRoom | undefined {
    const room = this.#rooms.get(boardId);
    return room && !room.destroyed ? room : undefined;
  }

  rooms(): IterableIterator<BoardRoom> {
    return this.#rooms.values();
  }

  /** The loaded room for a board, loading it if needed. */
  async acquire(boardId: string): Promise<BoardRoom> {
    for (;;) {
      const unloading = this.#unloading.get(boardId);
      if (unloading) await unloading;
      const loaded = this.#rooms.get(boardId);
      if (loaded && !loaded.destroyed) {
        // Held until a connection attaches; if none does, the grace timer unloads it again.
        this.releaseIfIdle(loaded);
        return loaded;
      }
      let loading = this.#loading.get(boardId);
      if (!loading) {
        loading = this.#load(boardId).finally(() => this.#loading.delete(boardId));
        this.#loading.set(boardId, loading);
      }
      const room = await loading;
      if (!room.destroyed) return room;
    }
  }

  async #load(boardId: string): Promise<BoardRoom> {
    const fanout = this.#options.fanout;
    // Subscribed before the read: a commit landing between the two arrives as a message.
    await fanout?.beforeLoad(boardId);
    let stored;
    try {
      stored = await this.#store.loadDocument(boardId);
    } catch (error) {
      fanout?.loadFailed(boardId);
      throw error;
    }
    const room = new BoardRoom(boardId, stored, this.#context);
    this.#rooms.set(boardId, room);
    fanout?.loaded(room, stored.headSeq);
    this.#metrics.boardLoads.inc();
    this.#metrics.loadedBoards.set(this.#rooms.size);
    this.releaseIfIdle(room);
    this.#log.debug({ boardId, rows: stored.updates.length }, 'board loaded');
    return room;
  }

  /** (Re)arms the unload timer of a room nobody is connected to. */
  releaseIfIdle(room: BoardRoom): void {
    room.cancelUnload();
    if (room.connectionCount > 0 || room.destroyed) return;
    room.scheduleUnload(this.#options.unloadGraceMs, () => void this.#unloadIfIdle(room));
  }

  /** A connection is about to attach: the room stays loaded. */
  cancelRelease(room: BoardRoom): void {
    room.cancelUnload();
  }

  async #unloadIfIdle(room: BoardRoom): Promise<void> {
    if (room.destroyed || room.connectionCount > 0) return;
    if (room.dirty) {
      // Never drop updates that are not durable: try again after the next grace period.
      this.releaseIfIdle(room);
      return;
    }
    const done = this.#unload(room).finally(() => this.#unloading.delete(room.boardId));
    this.#unloading.set(room.boardId, done);
    await done;
  }

  async #unload(room: BoardRoom): Promise<void> {
    try {
      if (room.needsCompaction) await this.compact(room);
    } catch (error) {
      // The log is durable; compaction can wait for the next load.
      this.#log.warn({ err: error, boardId: room.boardId }, 'compaction before unload failed');
    }
    if (room.connectionCount > 0 || room.dirty) {
      // Someone joined (or wrote) while compacting: keep it.
      this.releaseIfIdle(room);
      return;
    }
    this.#rooms.delete(room.boardId);
    room.destroy();
    this.#options.fanout?.unloaded(room.boardId);
    this.#metrics.boardUnloads.inc();
    this.#metrics.loadedBoards.set(this.#rooms.size);
    this.#log.debug({ boardId: room.boardId }, 'board unloaded');
    if (this.#rooms.size === 0 && this.#loading.size === 0) this.#options.onIdle?.();
  }

  /** Compacts when the log has passed its row or byte threshold. */
  maybeCompact(room: BoardRoom): void {
    if (room.loggedRows < this.#options.compactRows && room.loggedBytes < this.#options.compactBytes) return;
    this.compact(room).catch((error: unknown) => this.#log.warn({ err: error, boardId: room.boardId }, 'compaction failed'));
  }

  /** Writes the room's state as the new snapshot and deletes exactly the log rows it contains. */
  async compact(room: BoardRoom): Promise<void> {
    // A dirty doc holds updates the log does not: never let a snapshot run ahead of the log.
    if (room.dirty || room.destroyed || this.#compacting.has(room)) return;
    this.#compacting.add(room);
    try {
      const fanout = this.#options.fanout;
      // Several instances: one at a time per board, after catching up (fanout), and merging
      // only up to the seq the doc holds without a gap.
      if (fanout) await fanout.compactExclusively(room.boardId, () => this.#compactNow(room, fanout.appliedSeq(room.boardId) ?? 0));
      else await this.#compactNow(room);
    } finally {
      this.#compacting.delete(room);
    }
  }

  async #compactNow(room: BoardRoom, upToSeq?: number): Promise<void> {
    if (room.dirty || room.destroyed) return;
    const { snapshot, mergedSeqs } = room.compactionInput(upToSeq);
    await this.#store.compact(room.boardId, snapshot, mergedSeqs);
    room.markCompacted(snapshot.state.byteLength, mergedSeqs);
    this.#metrics.compactions.inc();
  }

  /** Shutdown: compacts loaded boards until the deadline passes; returns how many it compacted. */
  async compactAll(deadline: number): Promise<number> {
    let compacted = 0;
    for (const room of this.#rooms.values()) {
      if (Date.now() >= deadline) break;
      if (!room.needsCompaction) continue;
      try {
        await this.compact(room);
        compacted++;
      } catch (error) {
        this.#log.warn({ err: error, boardId: room.boardId }, 'compaction at shutdown failed');
      }
    }
    return compacted;
  }

  /**
   * Unloads the room at once without compacting (its board is being deleted): nobody may be
   * connected and nothing may wait to be stored (see SyncService.endBoard).
   */
  discard(room: BoardRoom): void {
    if (this.#rooms.get(room.boardId) !== room) return;
    this.#rooms.delete(room.boardId);
    room.destroy();
    this.#options.fanout?.unloaded(room.boardId);
    this.#metrics.boardUnloads.inc();
    this.#metrics.loadedBoards.set(this.#rooms.size);
    if (this.#rooms.size === 0 && this.#loading.size === 0) this.#options.onIdle?.();
  }

  destroyAll(): void {
    for (const room of this.#rooms.values()) {
      room.destroy();
      this.#options.fanout?.unloaded(room.boardId);
    }
    this.#rooms.clear();
    this.#metrics.loadedBoards.set(0);
  }
}
