/**
 * Presence of a board's participants on other instances, as their instances published it
 * (y-protocols awareness updates, see room-awareness.ts for the layout). Kept apart from the
 * room's own awareness: those ids belong to connections of other processes, this instance
 * only relays them to its clients and never publishes them again (no echo between instances).
 * The states were checked by the instance their client is on; here only the clock decides.
 *
 * An entry goes when its instance removes it, when it is not renewed within the awareness
 * timeout, or when its instance's liveness key expires (`dropInstance`): each removal is
 * sent to local clients as a `null` state one clock past the last, as a leaving client would.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { awarenessTimeoutMs } from './room-awareness.ts';

interface RemoteEntry {
  instanceId: string;
  clock: number;
  json: string;
  updatedAt: number;
}

/** Remote ids one board keeps at most (a flood from a broken peer cannot grow without bound). */
const maxRemoteEntries = 5_000;

const textDecoder = new TextDecoder();

export class RemotePresence {
  readonly #entries = new Map<number, RemoteEntry>();
  /** Clocks of removed ids, so an older update arriving late does not bring them back. */
  readonly #removedClocks = new Map<number, number>();

  get size(): number {
    return this.#entries.size;
  }

  has(clientId: number): boolean {
    return this.#entries.has(clientId);
  }

  /** The instances whose clients are present here. */
  instances(): Set<string> {
    return new Set([...this.#entries.values()].map((entry) => entry.instanceId));
  }

  /**
   * Takes an update from `instanceId`. Returns the update to relay to local clients (the
   * entries that changed something), or null when nothing changed. `isLocal` ids (announced by
   * a connection of this instance) are left alone. Throws on a malformed update.
   */
  apply(instanceId: string, update: Uint8Array, now: number, isLocal: (clientId: number) => boolean): Uint8Array | null {
    const decoder = decoding.createDecoder(update);
    const changed: { clientId: number; clock: number; json: string }[] = [];
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = textDecoder.decode(decoding.readVarUint8Array(decoder));
      if (isLocal(clientId)) continue;
      const current = this.#entries.get(clientId);
      const known = current?.clock ?? this.#removedClocks.get(clientId) ?? -1;
      if (clock <= known && !(current && clock === known && json === 'null')) continue;
      if (json === 'null') {
        this.#entries.delete(clientId);
        this.#removedClocks.set(clientId, clock);
      } else {
        if (!current && this.#entries.size >= maxRemoteEntries) continue;
        this.#entries.set(clientId, { instanceId, clock, json, updatedAt: now });
        this.#removedClocks.delete(clientId);
      }
      changed.push({ clientId, clock, json });
    }
    if (changed.length === 0) return null;
    return encodeEntries(changed);
  }

  /** Every remote state, for a joining client and query-awareness; null when there are none. */
  encodeAll(): Uint8Array | null {
    if (this.#entries.size === 0) return null;
    return encodeEntries([...this.#entries].map(([clientId, entry]) => ({ clientId, clock: entry.clock, json: entry.json })));
  }

  /** Removes the states of a dead instance; returns the removals to send, or null. */
  dropInstance(instanceId: string): Uint8Array | null {
    return this.#removeWhere((entry) => entry.instanceId === instanceId);
  }

  /** Removes states not renewed within the awareness timeout; returns the removals to send, or null. */
  expire(now: number): Uint8Array | null {
    if (this.#removedClocks.size > maxRemoteEntries) this.#removedClocks.clear();
    return this.#removeWhere((entry) => now - entry.updatedAt >= awarenessTimeoutMs);
  }

  #removeWhere(condition: (entry: RemoteEntry) => boolean): Uint8Array | null {
    const removed: { clientId: number; clock: number; json: string }[] = [];
    for (const [clientId, entry] of this.#entries) {
      if (!condition(entry)) continue;
      this.#entries.delete(clientId);
      this.#removedClocks.set(clientId, entry.clock + 1);
      removed.push({ clientId, clock: entry.clock + 1, json: 'null' });
    }
    return removed.length === 0 ? null : encodeEntries(removed);
  }
}

function encodeEntries(entries: readonly { clientId: number; clock: number; json: string }[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}
