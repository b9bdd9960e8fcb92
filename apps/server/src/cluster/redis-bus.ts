import type { Redis } from 'ioredis';
import { lazyModule } from '../lazy-module.ts';
import type { Logger } from '../log.ts';
import { boardChannel, boardOfChannel, controlChannel, decodeClusterMessage, encodeClusterMessage, instanceKey, MalformedClusterMessage, type ClusterMessage } from './wire.ts';

const ioredis = lazyModule<typeof import('ioredis')>('ioredis');

export interface RedisBusOptions {
  url: string;
  instanceId: string;
  /** How often this instance renews its liveness key … */
  instanceHeartbeatMs: number;
  /** … which expires this long after the last renewal (a killed instance's cursors go then). */
  instanceTtlMs: number;
}

/** What the bus reports to the sync and access layers above it. */
export interface BusListener {
  /** A message on a board channel from another instance. */
  boardMessage(boardId: string, message: ClusterMessage): void;
  /** A message on the control channel from another instance. */
  controlMessage(message: ClusterMessage): void;
  /**
   * Every channel is subscribed again after a (re)connect: what was published meanwhile is
   * lost, so each open board must catch up from the store now.
   */
  resubscribed(): void;
  /** Redis became reachable (true) or not (false). */
  connectionChanged(connected: boolean): void;
}

export interface BusCounters {
  publishFailures(): void;
  malformed(): void;
}

/** A subscribe that Redis does not confirm within this long is left to the next reconnect (the poll covers meanwhile). */
const subscribeTimeoutMs = 1_000;
/** Reconnect attempts back off up to this delay, forever: Redis coming back is the normal case. */
const maxReconnectDelayMs = 1_000;
/** Deletes a lock only if it still holds this instance's id. */
const releaseLockScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** The same Redis error is logged at most this often. */
const errorLogIntervalMs = 10_000;

/**
 * The Redis transport: one connection that publishes (and renews the liveness key), one that
 * subscribes. Neither queues commands while Redis is away: a publish that cannot go out now is
 * counted and dropped (the receivers' poll reads it from the store), and a load never waits
 * for Redis longer than `subscribeTimeoutMs`. Both reconnect by themselves; after each
 * reconnect the subscriber subscribes every wanted channel again and says so (`resubscribed`).
 * The URL is never logged: it may hold a password.
 */
export class RedisBus {
  readonly instanceId: string;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #options: RedisBusOptions;
  readonly #log: Logger;
  readonly #counters: BusCounters;
  #listener: BusListener | null = null;
  /** Board channels wanted by open (or loading) boards, with how many holders each. */
  readonly #boards = new Map<string, number>();
  #heartbeat: NodeJS.Timeout | undefined;
  #publisherReady = false;
  #subscriberReady = false;
  #connected = false;
  #closed = false;
  #lastErrorLog = new Map<string, number>();
  #dropIncoming: ((channel: string, message: ClusterMessage) => boolean) | null = null;

  constructor(options: RedisBusOptions, log: Logger, counters: BusCounters) {
    this.instanceId = options.instanceId;
    this.#options = options;
    this.#log = log;
    this.#counters = counters;
    const common = {
      // Fail at once while disconnected instead of queueing: Redis is only a shortcut.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResubscribe: false,
      connectTimeout: 2_000,
      retryStrategy: (attempt: number) => Math.min(50 * attempt, maxReconnectDelayMs),
      lazyConnect: true,
    };
    const { Redis: Client } = ioredis();
    this.#publisher = new Client(options.url, { ...common, connectionName: `koppelbord-pub-${options.instanceId}` });
    this.#subscriber = new Client(options.url, { ...common, connectionName: `koppelbord-sub-${options.instanceId}` });
    this.#publisher.on('ready', () => {
      this.#publisherReady = true;
      this.#renewLiveness();
      this.#updateConnected();
    });
    this.#subscriber.on('ready', () => void this.#onSubscriberReady());
    for (const [name, client] of [['publisher', this.#publisher], ['subscriber', this.#subscriber]] as const) {
      client.on('close', () => {
        if (name === 'publisher') this.#publisherReady = false;
        else this.#subscriberReady = false;
        this.#updateConnected();
      });
      // Without a listener ioredis errors would be uncaught; reconnecting is ioredis' job.
      client.on('error', (error: Error) => this.#logError(name, error));
    }
    this.#subscriber.on('messageBuffer', (channel: Buffer, payload: Buffer) => this.#onMessage(channel.toString(), payload));
  }

  /** Starts connecting (never throws: an unreachable Redis is retried in the background). */
  start(listener: BusListener): void {
    this.#listener = listener;
    this.#publisher.connect().catch(() => undefined);
    this.#subscriber.connect().catch(() => undefined);
    this.#heartbeat = setInterval(() => this.#renewLiveness(), this.#options.instanceHeartbeatMs);
    this.#heartbeat.unref();
  }

  /**
   * Fault injection for the repair tests: incoming messages for which `drop` answers true are
   * thrown away as if pub/sub had lost them. Null: deliver everything (the default).
   */
  dropIncoming(drop: ((channel: string, message: ClusterMessage) => boolean) | null): void {
    this.#dropIncoming = drop;
  }

  /** Both connections are up. */
  get connected(): boolean {
    return this.#connected;
  }

  /**
   * Subscribes the board's channel (counted: every holder calls `unsubscribeBoard` once).
   * Resolves when Redis confirmed it, or at once / after `subscribeTimeoutMs` when it cannot:
   * the channel is then subscribed on the next reconnect, and the poll covers the board meanwhile.
   */
  async subscribeBoard(boardId: string): Promise<void> {
    const holders = this.#boards.get(boardId) ?? 0;
    this.#boards.set(boardId, holders + 1);
    if (holders > 0 || !this.#subscriberReady) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, subscribeTimeoutMs)));
    try {
      await Promise.race([this.#subscriber.subscribe(boardChannel(boardId)).then(() => undefined), timeout]);
    } catch (error) {
      this.#logError('subscriber', error as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  unsubscribeBoard(boardId: string): void {
    const holders = this.#boards.get(boardId) ?? 0;
    if (holders > 1) {
      this.#boards.set(boardId, holders - 1);
      return;
    }
    this.#boards.delete(boardId);
    if (this.#subscriberReady) this.#subscriber.unsubscribe(boardChannel(boardId)).catch(() => undefined);
  }

  /** Publishes on the board's channel; a failure is counted, never thrown. */
  publishBoard(boardId: string, message: ClusterMessage): void {
    this.#publish(boardChannel(boardId), message);
  }

  publishControl(message: ClusterMessage): void {
    this.#publish(controlChannel, message);
  }

  #publish(channel: string, message: ClusterMessage): void {
    if (!this.#publisherReady) {
      this.#counters.publishFailures();
      return;
    }
    this.#publisher.publish(channel, encodeClusterMessage(message)).catch((error: unknown) => {
      this.#counters.publishFailures();
      this.#logError('publisher', error as Error);
    });
  }

  /** Which of these instances still have their liveness key; null when Redis cannot tell now. */
  async liveInstances(instanceIds: readonly string[]): Promise<Set<string> | null> {
    if (instanceIds.length === 0) return new Set();
    if (!this.#publisherReady) return null;
    try {
      const pipeline = this.#publisher.pipeline();
      for (const id of instanceIds) pipeline.exists(instanceKey(id));
      const results = (await pipeline.exec()) ?? [];
      const live = new Set<string>();
      for (const [index, [error, exists]] of results.entries()) {
        if (error) return null;
        if (exists === 1) live.add(instanceIds[index]!);
      }
      return live;
    } catch {
      return null;
    }
  }

  /**
   * Runs `work` while holding the named lock (SET NX PX: expires after `ttlMs` should this
   * instance die holding it); resolves false without running it when another instance holds
   * it or Redis cannot tell now.
   */
  async withLock(name: string, ttlMs: number, work: () => Promise<void>): Promise<boolean> {
    if (!this.#publisherReady) return false;
    const key = `koppelbord:lock:${name}`;
    let taken: string | null;
    try {
      taken = await this.#publisher.set(key, this.instanceId, 'PX', ttlMs, 'NX');
    } catch {
      return false;
    }
    if (taken !== 'OK') return false;
    try {
      await work();
    } finally {
      // Only our own lock: it may have expired and been taken by another instance meanwhile.
      await this.#publisher.eval(releaseLockScript, 1, key, this.instanceId).catch(() => undefined);
    }
    return true;
  }

  /** Stops: the liveness key goes at once (peers drop this instance's cursors now), then both connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    if (this.#publisherReady) await this.#publisher.del(instanceKey(this.instanceId)).catch(() => undefined);
    this.#publisher.disconnect();
    this.#subscriber.disconnect();
  }

  async #onSubscriberReady(): Promise<void> {
    const wanted = new Set(this.#boards.keys());
    try {
      await this.#subscriber.subscribe(controlChannel, ...[...wanted].map(boardChannel));
      // Boards loaded while that subscribe was under way did not subscribe themselves.
      const added = [...this.#boards.keys()].filter((boardId) => !wanted.has(boardId));
      if (added.length > 0) await this.#subscriber.subscribe(...added.map(boardChannel));
    } catch (error) {
      // The connection went again before the subscribe: the next 'ready' retries.
      this.#logError('subscriber', error as Error);
      return;
    }
    this.#subscriberReady = true;
    this.#updateConnected();
    this.#listener?.resubscribed();
  }

  #renewLiveness(): void {
    if (!this.#publisherReady || this.#closed) return;
    this.#publisher.set(instanceKey(this.instanceId), '1', 'PX', this.#options.instanceTtlMs).catch((error: unknown) => this.#logError('publisher', error as Error));
  }

  #onMessage(channel: string, payload: Buffer): void {
    let message: ClusterMessage;
    try {
      message = decodeClusterMessage(payload);
    } catch (error) {
      if (!(error instanceof MalformedClusterMessage)) throw error;
      this.#counters.malformed();
      this.#logError('subscriber', error);
      return;
    }
    if (message.origin === this.instanceId) return;
    if (this.#dropIncoming?.(channel, message)) return;
    // One board's handler failing must not stop the others' messages (see yhub#61).
    try {
      const boardId = boardOfChannel(channel);
      if (boardId !== null) this.#listener?.boardMessage(boardId, message);
      else if (channel === controlChannel) this.#listener?.controlMessage(message);
    } catch (error) {
      this.#log.error({ err: error, channel }, 'handling a cluster message failed');
    }
  }

  #updateConnected(): void {
    const connected = this.#publisherReady && this.#subscriberReady;
    if (connected === this.#connected) return;
    this.#connected = connected;
    if (connected) this.#log.info({ instanceId: this.instanceId }, 'redis connected');
    else if (!this.#closed) this.#log.warn({ instanceId: this.instanceId }, 'redis unavailable; serving local clients, converging through the store poll');
    this.#listener?.connectionChanged(connected);
  }

  #logError(connection: string, error: Error): void {
    const key = `${connection}:${error.message}`;
    const now = Date.now();
    if (now - (this.#lastErrorLog.get(key) ?? 0) < errorLogIntervalMs) return;
    this.#lastErrorLog.set(key, now);
    if (this.#lastErrorLog.size > 100) this.#lastErrorLog = new Map([[key, now]]);
    // error.message from ioredis names host and port at most, never the URL's password.
    this.#log.warn({ connection, error: error.message }, 'redis error');
  }
}
