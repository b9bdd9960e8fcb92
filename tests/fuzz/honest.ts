/**
 * An honest participant: a stock y-websocket client that keeps writing unique keys into its
 * own root map (`honest-<i>`) and moving its cursor, remembers everything it wrote, and
 * watches what the server relays to it:
 *  - a close of its socket (the server must never close an honest client),
 *  - an exception while applying a server message (the server must only forward what applies),
 *  - pending structs or deletes in its doc (the server forwarded updates with missing dependencies),
 *  - awareness states for an honest client id that the honest client never set (spoofing),
 *    and removals of an honest client that is still connected,
 *  - relayed awareness states over the size or depth limit.
 */
import * as Y from 'yjs';
import { inspectAwarenessUpdate, inspectMessage, MessageType } from './frames.ts';
import { honestMapName, type HonestInfo } from './context.ts';
import { connectGuardedClient, type GuardedClient } from './stock-client.ts';

export type HonestViolationKind = 'awareness-spoofed-state' | 'awareness-spoofed-removal' | 'awareness-oversized-relayed' | 'awareness-deep-relayed' | 'honest-pending-state';

export interface HonestViolation {
  at: number;
  kind: HonestViolationKind;
  /** The honest client that saw it. */
  observer: number;
  detail: string;
}

export interface HonestLimits {
  /** Largest awareness state (JSON bytes) the server should relay. */
  maxAwarenessBytes: number;
  /** Deepest awareness state the server should relay. */
  maxAwarenessDepth: number;
}

export interface HonestOptions {
  index: number;
  wsUrl: string;
  boardId: string;
  token: string;
  clientId: number;
  limits: HonestLimits;
  /** All honest writers of the run (to recognise each other's awareness ids). */
  peers: () => readonly HonestWriter[];
}

/** A removal of an honest client within this long of its socket closing is no spoofing. */
const removalGraceMs = 1_000;

/** Violations of one kind are kept up to this many (counted beyond). */
const keepPerKind = 50;

export class HonestWriter {
  readonly index: number;
  readonly client: GuardedClient;
  readonly awarenessId: number;
  readonly mapName: string;
  /** Every key written, with its value. */
  readonly keys = new Map<string, string>();
  readonly violations: HonestViolation[] = [];
  readonly violationCounts = new Map<HonestViolationKind, number>();
  /** Largest relayed awareness state seen (bytes) and deepest. */
  maxRelayedBytes = 0;
  maxRelayedDepth = 0;
  readonly #sentStates = new Map<number, string>();
  readonly #options: HonestOptions;
  #timer: NodeJS.Timeout | undefined;
  #written = 0;
  #seq = 0;
  #watching = false;
  /** Removals of honest clients seen, judged by `settle()` once any close of the peer is known. */
  #removals: { at: number; peer: HonestWriter; detail: string }[] = [];

  constructor(options: HonestOptions) {
    this.#options = options;
    this.index = options.index;
    this.mapName = honestMapName(options.index);
    const doc = new Y.Doc();
    // A seeded client id keeps the run reproducible (Yjs may still pick a new one if another
    // client writes with this id: that is one of the things the fuzz tries).
    doc.clientID = options.clientId;
    this.awarenessId = options.clientId;
    this.client = connectGuardedClient(options.wsUrl, options.boardId, options.token, { doc, onInbound: (bytes) => this.#inspect(bytes) });
    this.#setPresence(0, 0);
    this.client.provider.awareness.on('change', this.#onAwarenessChange);
  }

  /** Starts checking awareness (once every honest client is connected and announced). */
  watch(): void {
    this.#watching = true;
  }

  /** Writes one key every `intervalMs`, and moves the cursor every tenth time. */
  start(intervalMs: number): void {
    this.#timer = setInterval(() => this.tick(), intervalMs);
  }

  tick(): void {
    const n = this.#written++;
    const key = `k${n}`;
    const value = `${this.index}:${n}`;
    this.keys.set(key, value);
    this.client.doc.getMap<string>(this.mapName).set(key, value);
    if (n % 10 === 9) this.#setPresence(n % 997, (n * 7) % 991);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  get connected(): boolean {
    return this.client.provider.wsconnected;
  }

  get synced(): boolean {
    return this.client.provider.synced;
  }

  info(): HonestInfo {
    const { doc, provider } = this.client;
    return {
      index: this.index,
      clientId: doc.clientID,
      nextClock: Y.getState(doc.store, doc.clientID),
      awarenessId: this.awarenessId,
      awarenessClock: provider.awareness.meta.get(this.awarenessId)?.clock ?? 0,
      mapName: this.mapName,
    };
  }

  /** Whether `state` is one this client announced. */
  isOwnState(state: unknown): boolean {
    if (typeof state !== 'object' || state === null) return false;
    const seq = (state as { seq?: unknown }).seq;
    if (typeof seq !== 'number') return false;
    try {
      return this.#sentStates.get(seq) === JSON.stringify(state);
    } catch {
      return false;
    }
  }

  /** Records pending structs/deletes in the doc (the server forwarded something that does not apply). */
  samplePending(): void {
    const { store } = this.client.doc;
    if (store.pendingStructs || store.pendingDs) {
      const missing = store.pendingStructs ? [...store.pendingStructs.missing].slice(0, 3).map(([client, clock]) => `${client}@${clock}`) : [];
      this.#violate('honest-pending-state', `pendingStructs=${store.pendingStructs ? `${store.pendingStructs.update.length}B missing ${missing.join(',')}` : 'null'} pendingDs=${store.pendingDs ? `${store.pendingDs.length}B` : 'null'}`);
    }
  }

  /**
   * Judges the removals seen so far: the server also announces a removal when it closes the
   * peer, and the peer may learn of that close a moment after this client hears of the
   * removal. A removal without a close of the peer within a second of it is spoofed.
   */
  settle(): void {
    const now = Date.now();
    const ready = this.#removals.filter((removal) => now - removal.at >= removalGraceMs || !removal.peer.connected);
    this.#removals = this.#removals.filter((removal) => !ready.includes(removal));
    for (const removal of ready) {
      if (removal.peer.client.closes.some((close) => Math.abs(close.at - removal.at) < removalGraceMs)) continue;
      this.#violate('awareness-spoofed-removal', removal.detail);
    }
  }

  destroy(): void {
    this.stop();
    this.client.provider.awareness.off('change', this.#onAwarenessChange);
    this.client.destroy();
  }

  #setPresence(x: number, y: number): void {
    const seq = ++this.#seq;
    const state = { user: { name: `honest-${this.index}`, color: '#2a7' }, presence: { cursor: { x, y } }, seq };
    this.#sentStates.set(seq, JSON.stringify(state));
    this.client.provider.awareness.setLocalState(state);
  }

  #violate(kind: HonestViolationKind, detail: string): void {
    const count = (this.violationCounts.get(kind) ?? 0) + 1;
    this.violationCounts.set(kind, count);
    if (count <= keepPerKind) this.violations.push({ at: Date.now(), kind, observer: this.index, detail });
  }

  #inspect(bytes: Uint8Array): void {
    const message = inspectMessage(bytes);
    if (message.type !== MessageType.awareness || !message.payload) return;
    const entries = inspectAwarenessUpdate(message.payload);
    if (!entries) return;
    const { maxAwarenessBytes, maxAwarenessDepth } = this.#options.limits;
    for (const entry of entries) {
      this.maxRelayedBytes = Math.max(this.maxRelayedBytes, entry.jsonBytes);
      this.maxRelayedDepth = Math.max(this.maxRelayedDepth, entry.depth);
      if (entry.jsonBytes > maxAwarenessBytes) this.#violate('awareness-oversized-relayed', `client ${entry.clientId}: ${entry.jsonBytes} B state relayed (limit ${maxAwarenessBytes})`);
      if (entry.depth > maxAwarenessDepth) this.#violate('awareness-deep-relayed', `client ${entry.clientId}: state ${entry.depth} levels deep relayed (limit ${maxAwarenessDepth})`);
    }
  }

  readonly #onAwarenessChange = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    // Remote updates arrive with the provider as origin; the provider also removes every peer
    // itself when its socket closes (then it is no longer connected): that is no spoofing.
    if (!this.#watching || origin === 'local' || origin === 'timeout' || !this.client.provider.wsconnected) return;
    const states = this.client.provider.awareness.getStates();
    for (const peer of this.#options.peers()) {
      const id = peer.awarenessId;
      if (change.added.includes(id) || change.updated.includes(id)) {
        const state = states.get(id);
        if (!peer.isOwnState(state)) this.#violate('awareness-spoofed-state', `honest-${peer.index} (${id}) shown as ${excerpt(state)}`);
      }
      if (change.removed.includes(id) && peer.connected) {
        this.#removals.push({ at: Date.now(), peer, detail: `honest-${peer.index} (${id}) removed while connected${peer === this ? ' (its own state)' : ''}` });
      }
    }
  };
}

function excerpt(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? 'undefined').slice(0, 120);
  } catch {
    return '[unserialisable]';
  }
}
