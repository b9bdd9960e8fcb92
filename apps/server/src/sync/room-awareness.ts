/**
 * A board's awareness (presence: names, cursors, selections), held by the server as the JSON
 * text each client sent, never re-encoded from parsed values. The wire format is y-protocols'
 * awareness update:
 *   [varUint count, count × (varUint clientId, varUint clock, varString state JSON)]
 * with the state `null` for a client that left.
 *
 * What y-protocols' own `Awareness` does not guard against, this does:
 * - a client id belongs to the connection that introduced it, until that connection closes or
 *   lets the state expire (30 s without renewal, as in y-protocols); states and removals for
 *   someone else's id are ignored. Stock clients echo every state they receive back to the
 *   server, so such entries are common and only counted, never relayed. A stock client
 *   announces its presence under its Yjs client id when it connects, so the room also uses
 *   this owner to keep others from writing document changes under that id;
 * - a state is at most `maxStateBytes` of JSON, nested at most `maxDepth` deep, and an object
 *   (or null); one connection introduces at most `maxClientsPerConnection` ids;
 * - nothing is parsed that will not be kept, and nothing is stringified: what joiners and
 *   query replies get is the text that passed these checks;
 * - a policy (`AwarenessPolicy`: the owner's facilitation state only from an owner, a presence
 *   only under its sender's own user id) is checked on the parsed state; a state it refuses
 *   is dropped (counted in `restricted`), never relayed.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '@koppelbord/contract';

export interface AwarenessLimits {
  maxStateBytes: number;
  maxDepth: number;
  maxClientsPerConnection: number;
}

/** What a connection may say in its states, beyond the limits (e.g. fields only an owner may publish). */
export interface AwarenessPolicy<Owner> {
  allows(owner: Owner, state: object): boolean;
}

/** A state not renewed for this long is removed (clients renew theirs every 15 s). */
export const awarenessTimeoutMs = 30_000;
/** Removed ids keep their clock this long, so a late, older update cannot bring them back. */
const removedRetentionMs = 10 * awarenessTimeoutMs;

/** A refused awareness update: the sender is closed with `code`. */
export class AwarenessRefused extends Error {
  readonly code: CloseCode;
  constructor(code: CloseCode, message: string) {
    super(message);
    this.code = code;
  }
}

interface PresenceEntry<Owner> {
  clock: number;
  /** The state as the client sent it; null once the client left. */
  json: string | null;
  owner: Owner | null;
  updatedAt: number;
}

export interface AwarenessApplied {
  /** Entries that changed a state (relayed to everyone). */
  changed: number;
  /** Entries for an id another connection owns, with a newer clock (not applied). */
  notOwned: number;
  /**
   * States for a free id with a clock no newer than its removal: a client that reconnected
   * still counts from its old clock. Send it `encode(stale)`: a stock client that sees its own
   * id removed at a newer clock counts past it and announces itself again.
   */
  stale: number[];
  /** States dropped because the policy refused them. */
  restricted: number;
}

const textDecoder = new TextDecoder();
const isUint32 = (value: number) => value >= 0 && value < 2 ** 32;

/** Presence of one room. `Owner` is the connection type (kept generic so this file stands alone). */
export class RoomAwareness<Owner extends object> {
  readonly #limits: AwarenessLimits;
  readonly #policy: AwarenessPolicy<Owner> | undefined;
  readonly #entries = new Map<number, PresenceEntry<Owner>>();
  readonly #owned = new Map<Owner, Set<number>>();
  readonly #changed = new Set<number>();
  /** Ids that lost their owner since the last `takeReleased`. */
  #released: number[] = [];

  constructor(limits: AwarenessLimits, policy?: AwarenessPolicy<Owner>) {
    this.#limits = limits;
    this.#policy = policy;
  }

  /** Ids with a live state. */
  get size(): number {
    let count = 0;
    for (const entry of this.#entries.values()) if (entry.json !== null) count++;
    return count;
  }

  get hasChanges(): boolean {
    return this.#changed.size > 0;
  }

  /** The connection that holds `clientId`'s live state, if any. */
  ownerOf(clientId: number): Owner | null {
    const entry = this.#entries.get(clientId);
    return entry && entry.json !== null ? entry.owner : null;
  }

  /** Ids whose owner removed them, closed or let them expire since the last call. */
  takeReleased(): number[] {
    const released = this.#released;
    this.#released = [];
    return released;
  }

  /**
   * Applies one awareness update from `owner`. Throws AwarenessRefused for a malformed
   * update or a state over the limits; then nothing of it is applied. Entries for `remote` ids
   * (held by a client of another instance) are skipped.
   */
  apply(owner: Owner, update: Uint8Array, now: number, remote?: (clientId: number) => boolean): AwarenessApplied {
    const accepted: { clientId: number; clock: number; json: string | null }[] = [];
    const stale: number[] = [];
    let notOwned = 0;
    let restricted = 0;
    const decoder = decoding.createDecoder(update);
    try {
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder);
        const clock = decoding.readVarUint(decoder);
        const raw = decoding.readVarUint8Array(decoder);
        if (!isUint32(clientId)) throw new AwarenessRefused(CloseCode.policy, 'awareness client id out of range');
        // A client on another instance (cluster), echoed back by a stock client here: not this connection's.
        if (remote?.(clientId)) continue;
        const current = this.#entries.get(clientId);
        const removal = raw.length === 4 && textDecoder.decode(raw) === 'null';
        // As in y-protocols, an unknown id counts as clock 0: a client's very first state
        // (clock 0) is taken only with its first renewal, everywhere alike; relaying it would
        // only make every stock client drop it.
        const known = current?.clock ?? 0;
        const newer = known < clock || (current !== undefined && current.clock === clock && removal && current.json !== null);
        if (!newer) {
          if (current?.json === null && !removal) stale.push(clientId);
          continue;
        }
        if (current && current.json !== null && current.owner !== null && current.owner !== owner) {
          notOwned++;
          continue;
        }
        const checked = removal ? null : this.#checkedState(raw);
        if (checked !== null && this.#policy && !this.#policy.allows(owner, checked.state)) {
          restricted++;
          continue;
        }
        accepted.push({ clientId, clock, json: checked?.json ?? null });
      }
    } catch (error) {
      if (error instanceof AwarenessRefused) throw error;
      throw new AwarenessRefused(CloseCode.policy, 'malformed awareness update');
    }
    if (decoding.hasContent(decoder)) throw new AwarenessRefused(CloseCode.policy, 'trailing bytes after awareness update');

    const ids = this.#owned.get(owner);
    const claims = accepted.filter((entry) => entry.json !== null && !ids?.has(entry.clientId)).length;
    if ((ids?.size ?? 0) + claims > this.#limits.maxClientsPerConnection) {
      throw new AwarenessRefused(CloseCode.policy, `a connection may announce at most ${this.#limits.maxClientsPerConnection} awareness ids`);
    }
    for (const { clientId, clock, json } of accepted) this.#set(clientId, clock, json, json === null ? null : owner, now);
    return { changed: accepted.length, notOwned, stale, restricted };
  }

  /** The live states `owner` holds, as the JSON text it sent. */
  statesOf(owner: Owner): string[] {
    const out: string[] = [];
    for (const clientId of this.#owned.get(owner) ?? []) {
      const json = this.#entries.get(clientId)?.json;
      if (json) out.push(json);
    }
    return out;
  }

  /** Removes the states `owner` introduced (its connection closed). */
  release(owner: Owner, now: number): void {
    const ids = this.#owned.get(owner);
    if (!ids) return;
    for (const clientId of [...ids]) this.#remove(clientId, now);
    this.#owned.delete(owner);
  }

  /** Removes states not renewed within the timeout; forgets long-removed ids. */
  expire(now: number): void {
    for (const [clientId, entry] of this.#entries) {
      if (entry.json !== null && now - entry.updatedAt >= awarenessTimeoutMs) this.#remove(clientId, now);
      else if (entry.json === null && now - entry.updatedAt >= removedRetentionMs && !this.#changed.has(clientId)) this.#entries.delete(clientId);
    }
  }

  /** Every live state, as an awareness update (for joiners and query-awareness). */
  encodeAll(): Uint8Array {
    const ids: number[] = [];
    for (const [clientId, entry] of this.#entries) if (entry.json !== null) ids.push(clientId);
    return this.encode(ids);
  }

  /** The changes since the last call as one awareness update, or null when there are none. */
  takeChanges(): Uint8Array | null {
    if (this.#changed.size === 0) return null;
    const update = this.encode([...this.#changed]);
    this.#changed.clear();
    return update;
  }

  /** The state's JSON text and its parsed value once it passed the checks; null for a removal written with spaces. */
  #checkedState(raw: Uint8Array): { json: string; state: object } | null {
    if (raw.length > this.#limits.maxStateBytes) {
      throw new AwarenessRefused(CloseCode.tooBig, `awareness state over ${this.#limits.maxStateBytes} bytes`);
    }
    const json = textDecoder.decode(raw);
    if (nestingDepth(json, this.#limits.maxDepth) > this.#limits.maxDepth) {
      throw new AwarenessRefused(CloseCode.policy, `awareness state nested deeper than ${this.#limits.maxDepth}`);
    }
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      throw new AwarenessRefused(CloseCode.policy, 'awareness state is not JSON');
    }
    if (typeof state !== 'object' || Array.isArray(state)) throw new AwarenessRefused(CloseCode.policy, 'awareness state must be an object');
    return state === null ? null : { json, state };
  }

  #set(clientId: number, clock: number, json: string | null, owner: Owner | null, now: number): void {
    const previousOwner = this.#entries.get(clientId)?.owner ?? null;
    if (previousOwner !== null && previousOwner !== owner) {
      this.#owned.get(previousOwner)?.delete(clientId);
      this.#released.push(clientId);
    }
    if (owner !== null) {
      let ids = this.#owned.get(owner);
      if (!ids) this.#owned.set(owner, (ids = new Set()));
      ids.add(clientId);
    }
    this.#entries.set(clientId, { clock, json, owner, updatedAt: now });
    this.#changed.add(clientId);
  }

  #remove(clientId: number, now: number): void {
    const entry = this.#entries.get(clientId);
    if (!entry || entry.json === null) return;
    // One tick past the last clock, so every client takes the removal.
    this.#set(clientId, entry.clock + 1, null, null, now);
  }

  /** These ids' entries (known ones), as an awareness update. */
  encode(ids: readonly number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, ids.length);
    for (const clientId of ids) {
      const entry = this.#entries.get(clientId)!;
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, entry.json ?? 'null');
    }
    return encoding.toUint8Array(encoder);
  }
}

/**
 * Nesting depth of brackets in JSON text, outside strings (counted up to just past `limit`).
 * Checked before `JSON.parse`, so a deeply nested state costs one pass over its text.
 */
export function nestingDepth(json: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (ch === 0x5d || ch === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
