import type { RawData, WebSocket } from 'ws';
import { CloseCode, type Role } from '@koppelbord/contract';
import { createBoardSchema } from '@koppelbord/board-model';
import type { BoardGrant } from '../auth/index.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics, RejectReason } from '../metrics/index.ts';
import type { BoardStore } from '../storage/index.ts';
import type { BoardRoom, RoomContext, RoomSession } from './board-room.ts';
import type { ClusterFanout } from './cluster-fanout.ts';
import { CommitPipeline } from './commit-pipeline.ts';
import { SyncConnection, type ConnectionContext } from './connection.ts';
import { keepaliveMessage } from './protocol.ts';
import { RoomRegistry } from './room-registry.ts';
import { TrafficCounters } from './traffic.ts';

export interface SyncServiceDeps {
  store: BoardStore;
  config: ServerConfig;
  metrics: Metrics;
  log: Logger;
  /** Called when the last loaded board has been unloaded. */
  onIdle?: (() => void) | undefined;
  /** Called after each commit that stored a board's changes (snapshots: automatic versions). */
  onCommitted?: ((room: BoardRoom) => void) | undefined;
  /** Called when the last participant left a board (snapshots: the end-of-session snapshot). */
  onSessionEnd?: ((room: BoardRoom, session: RoomSession) => void) | undefined;
  /** Called when a write is refused (RoomContext.refusedWrite): the audit log (access/). */
  onWriteRefused?: RoomContext['refusedWrite'] | undefined;
  /** Called when scaffolding is locked or unlocked (RoomContext.lockChanged): the audit log. */
  onLockChanged?: RoomContext['lockChanged'] | undefined;
  /** Several instances (REDIS_URL): cross-instance fan-out of the open boards. */
  fanout?: ClusterFanout | undefined;
}

/** How often rooms expire stale presence and updates that waited too long (both time out after tens of seconds). */
const maintenanceIntervalMs = 2_000;

/**
 * The y-websocket sync endpoint behind `/sync/:boardId`: rooms, the durable commit
 * pipeline, keepalive and shutdown. The HTTP layer authenticates, then hands it sockets.
 */
export class SyncService {
  readonly traffic = new TrafficCounters();
  readonly registry: RoomRegistry;
  readonly #pipeline: CommitPipeline;
  readonly #connections = new Set<SyncConnection>();
  readonly #connectionContext: ConnectionContext;
  readonly #config: ServerConfig;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #timers: NodeJS.Timeout[];
  #draining = false;
  /** Boards being deleted: their last participant leaving is no session end (no snapshot of a deleted board). */
  readonly #ending = new Set<string>();

  readonly #onSessionEnd: SyncServiceDeps['onSessionEnd'];
  readonly #fanout: ClusterFanout | undefined;

  constructor({ store, config, metrics, log, onIdle, onCommitted, onSessionEnd, onWriteRefused, onLockChanged, fanout }: SyncServiceDeps) {
    this.#fanout = fanout;
    this.#onSessionEnd = onSessionEnd;
    this.#config = config;
    this.#metrics = metrics;
    this.#log = log;
    const rejected = (reason: RejectReason) => metrics.rejected.inc({ reason });
    this.#pipeline = new CommitPipeline(store, metrics, log, {
      storeRetries: config.sync.storeRetries,
      onCommitted: (room) => {
        this.registry.maybeCompact(room);
        onCommitted?.(room);
      },
    });
    const { limits } = config;
    const roomContext: RoomContext = {
      schedule: (room) => this.#pipeline.schedule(room),
      rejected,
      reverted: (reason, count) => metrics.recordsReverted.inc({ reason }, count),
      parsed: () => metrics.boardParses.inc(),
      encodedFullState: () => metrics.fullStateEncodes.inc(),
      // Counted already (records_reverted_total, rejected_messages_total); this is for the audit log.
      refusedWrite: (boardId, role, reason, count, author) => onWriteRefused?.(boardId, role, reason, count, author),
      lockChanged: (boardId, role, locked, count, author) => onLockChanged?.(boardId, role, locked, count, author),
      pendingDropped: (count) => metrics.pendingDropped.inc(count),
      traffic: this.traffic,
      log,
      cluster: fanout && {
        committed: (room, seqs, update) => fanout.committed(room.boardId, seqs, update),
        awarenessChanged: (room, update) => fanout.awarenessChanged(room.boardId, update),
      },
      schema: createBoardSchema(),
      limits: {
        maxDocumentBytes: limits.maxDocumentBytes,
        updates: { maxValueDepth: limits.maxValueDepth, maxRootTypes: limits.maxRootTypes },
        pending: { maxBytes: limits.maxPendingBytes, timeoutMs: limits.pendingTimeoutMs },
        awareness: {
          maxStateBytes: limits.maxAwarenessBytes,
          maxDepth: limits.maxAwarenessDepth,
          maxClientsPerConnection: limits.maxAwarenessClients,
        },
      },
    };
    this.registry = new RoomRegistry(store, roomContext, { ...config.sync, onIdle, fanout }, metrics, log);
    this.#connectionContext = { traffic: this.traffic, maxBufferedBytes: limits.maxBufferedBytes, rejected, rates: config.rateLimits };
    this.#timers = [
      setInterval(() => this.#sendKeepalives(), Math.max(5, Math.floor(config.sync.keepaliveMs / 3))),
      setInterval(() => this.#pingAll(), config.sync.pingIntervalMs),
      setInterval(() => this.#maintainRooms(), maintenanceIntervalMs),
    ];
    for (const timer of this.#timers) timer.unref();
  }

  get draining(): boolean {
    return this.#draining;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Nothing loaded, nobody connected, not shutting down. */
  get idle(): boolean {
    return this.registry.size === 0 && this.#connections.size === 0 && !this.#draining;
  }

  get unpersistedUpdates(): number {
    return this.#pipeline.unpersisted;
  }

  isLoaded(boardId: string): boolean {
    return this.registry.isLoaded(boardId);
  }

  /** Loads the board before the websocket upgrade, so the socket opens onto a ready room. */
  loadRoom(boardId: string): Promise<BoardRoom> {
    return this.registry.acquire(boardId);
  }

  /** Takes over an upgraded socket for a verified grant, and the participant id derived from its key (null: none given). */
  open(socket: WebSocket, room: BoardRoom, grant: BoardGrant, participantId: string | null = null): SyncConnection | undefined {
    const connection = new SyncConnection(socket, room.boardId, grant.role, this.#connectionContext, participantId);
    if (this.#draining) {
      connection.close(CloseCode.serviceRestart, 'server is shutting down');
      return undefined;
    }
    if (room.destroyed) {
      // Unloaded between load and upgrade (only if the upgrade outlasted the grace period).
      connection.close(CloseCode.tryAgainLater, 'board was unloaded, reconnect');
      return undefined;
    }
    // While the store is down editors are sent away (1013); viewers may still watch.
    if (room.sendAwayIfStoreDown(connection)) return undefined;
    this.registry.cancelRelease(room);
    this.#connections.add(connection);
    this.#metrics.connections.inc({ role: grant.role });
    socket.on('pong', () => connection.pong());
    // ws reports frames it cannot parse (and frames over maxPayload) here, then closes the socket.
    socket.on('error', (error: Error & { code?: string }) => {
      this.#metrics.rejected.inc({ reason: error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'too_big' : 'malformed' });
      this.#log.debug({ boardId: room.boardId, code: error.code }, 'websocket protocol error');
    });
    socket.on('message', (data, isBinary) => this.#receive(connection, room, data, isBinary));
    room.attach(connection);
    return connection;
  }

  #receive(connection: SyncConnection, room: BoardRoom, data: RawData, isBinary: boolean): void {
    if (!isBinary) {
      this.#metrics.rejected.inc({ reason: 'text_frame' });
      connection.close(CloseCode.policy, 'text frames are not part of the protocol');
      return;
    }
    // ws hands over one Buffer per frame unless a binaryType asks for something else.
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data);
    this.traffic.bytesIn += bytes.byteLength;
    if (connection.closed) return;
    try {
      room.receive(connection, bytes);
    } catch (error) {
      // A bug, not the client's fault: its connection goes (it resyncs on reconnect), nothing else.
      this.#handlerError(error, connection, 'handling a message failed');
    }
  }

  #handlerError(error: unknown, connection: SyncConnection, what: string): void {
    this.#metrics.handlerErrors.inc();
    this.#log.error({ err: error, boardId: connection.boardId }, what);
    try {
      connection.close(CloseCode.internalError, 'internal error');
    } catch {
      connection.terminate();
    }
  }

  #maintainRooms(): void {
    const now = Date.now();
    for (const room of this.registry.rooms()) {
      try {
        room.maintain(now);
      } catch (error) {
        this.#metrics.handlerErrors.inc();
        this.#log.error({ err: error, boardId: room.boardId }, 'room upkeep failed');
      }
    }
  }

  /** The socket closed (whoever closed it): the connection leaves its room. */
  connectionClosed(connection: SyncConnection, room: BoardRoom): void {
    if (!this.#connections.delete(connection)) return;
    this.#metrics.connections.dec({ role: connection.role });
    room.detach(connection);
    if (room.connectionCount === 0 && !this.#draining && !this.#ending.has(room.boardId)) this.#onSessionEnd?.(room, room.session());
    this.registry.releaseIfIdle(room);
  }

  /** Gives an open connection another role at once (access/: its invite's role changed). */
  changeRole(connection: SyncConnection, role: Role): void {
    if (connection.role === role) return;
    if (this.#connections.has(connection)) {
      this.#metrics.connections.dec({ role: connection.role });
      this.#metrics.connections.inc({ role });
    }
    connection.changeRole(role);
  }

  /**
   * Closes one connection with `code`/`reason` and takes it out of its room at once (its
   * presence goes, it gets no more updates), not only when the peer completes the close.
   */
  endConnection(connection: SyncConnection, code: CloseCode, reason: string): void {
    connection.close(code, reason);
    const room = this.registry.get(connection.boardId);
    if (room) this.connectionClosed(connection, room);
  }

  /** The open connection on `boardId` that announced presence id `clientId`. */
  connectionOfClient(boardId: string, clientId: number): SyncConnection | undefined {
    return this.registry.get(boardId)?.connectionOf(clientId);
  }

  /** Whether presence id `clientId` is on the board through another instance (cluster). */
  hasRemoteClient(boardId: string, clientId: number): boolean {
    return this.#fanout?.hasRemoteClient(boardId, clientId) ?? false;
  }

  /**
   * The board is being deleted: closes everyone on it with `code`/`reason`, waits until what
   * they sent is stored, and unloads the room without compacting (nothing of the board may be
   * written after the store deleted it). Connections opened meanwhile are refused by the
   * caller's check, which no longer finds the board.
   */
  async endBoard(boardId: string, code: CloseCode, reason: string): Promise<void> {
    const room = this.registry.get(boardId);
    if (!room) return;
    this.#ending.add(boardId);
    try {
      for (const connection of room.openConnections()) this.endConnection(connection, code, reason);
      await room.whenDurable().catch(() => undefined);
      if (room.connectionCount === 0) this.registry.discard(room);
    } finally {
      this.#ending.delete(boardId);
    }
  }

  #sendKeepalives(): void {
    const silentSince = Date.now() - this.#config.sync.keepaliveMs;
    for (const connection of this.#connections) {
      try {
        if (connection.lastSentAt <= silentSince) connection.send(keepaliveMessage);
      } catch (error) {
        this.#handlerError(error, connection, 'sending a keepalive failed');
      }
    }
  }

  #pingAll(): void {
    for (const connection of this.#connections) {
      let answeredLastPing: boolean;
      try {
        answeredLastPing = connection.ping();
      } catch (error) {
        this.#handlerError(error, connection, 'pinging failed');
        continue;
      }
      if (answeredLastPing) continue;
      this.#log.info({ boardId: connection.boardId }, 'terminating connection that missed a pong');
      connection.terminate();
    }
  }

  /**
   * Graceful stop: refuse new sockets, make everything durable, compact what fits before
   * the deadline, then close clients with 1012 so they reconnect to the next instance.
   */
  async shutdown(deadlineMs = this.#config.sync.shutdownDeadlineMs): Promise<void> {
    this.#draining = true;
    const deadline = Date.now() + deadlineMs;
    for (const timer of this.#timers) clearInterval(timer);
    const flushed = await this.#pipeline.drain(deadline);
    if (!flushed) this.#log.error({ unpersisted: this.#pipeline.unpersisted }, 'store unavailable at shutdown; unpersisted updates remain with their clients');
    const compacted = await this.registry.compactAll(deadline);
    const closed = this.#connections.size;
    for (const connection of this.#connections) connection.close(CloseCode.serviceRestart, 'server restart');
    // Frames that arrived before the close handshake are applied; store them too.
    await this.#pipeline.drain(Math.max(deadline, Date.now() + 1000));
    this.#pipeline.stop();
    this.#log.info({ flushed, compactedBoards: compacted, closedConnections: closed }, 'sync drained');
    this.registry.destroyAll();
  }
}
