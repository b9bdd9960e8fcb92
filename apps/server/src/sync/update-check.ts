/**
 * Checks a client's Yjs update before the server's doc applies it, and trims it to what may be
 * applied. Yjs trusts its input: a hand-built update can make `Y.applyUpdate` throw half-way
 * through integrating it (leaving the doc with part of it), or integrate state that no stock
 * client can apply again. This decodes the whole update first and refuses what could do either:
 *
 * - it must decode (`Y.decodeUpdate`): unknown content or type refs, truncated or trailing
 *   garbage in a struct, and values nested so deep that decoding overflows the stack all fail;
 * - every client id is a 32-bit number (as Yjs makes them), every clock and length stays
 *   below 2^32, no struct is empty, and each client's structs come in one unbroken run (a
 *   second run of the same client would silently replace the first inside Yjs);
 * - an item may only refer (origin, right origin, parent) to an earlier change of its own
 *   client: Yjs looks such references up without checking and throws "Unexpected case";
 * - no subdocuments (every one would become a Y.Doc on the server), no value or shared type
 *   nested deeper than `maxValueDepth` (Yjs and every client walk those recursively: encoding,
 *   `toJSON`, deleting a subtree), and no more than `maxRootTypes` root names in the doc.
 *
 * Then it leaves out (`Y.diffUpdate` against the doc's state vector) what the doc already has
 * — Yjs integrates a struct that starts inside known state from the struct before it, and
 * throws when that one is a tombstone (GC) — and the new changes of `foreign` clients: client
 * ids that belong to another participant (the room decides), so nobody can write changes under
 * someone else's id and make that participant's own changes at those clocks vanish.
 *
 * References to changes the doc does not have yet are fine here: Yjs keeps such updates
 * pending, and the room keeps them apart (pending-updates.ts) until their dependencies arrive.
 */
import * as Y from 'yjs';

export interface UpdateCheckLimits {
  maxValueDepth: number;
  maxRootTypes: number;
}

export class InvalidUpdate extends Error {}

/** Clocks, lengths and client ids stay below this (Yjs client ids are random 32-bit numbers). */
const maxClock = 2 ** 32;

type Struct = Y.Item | Y.GC | Y.Skip;
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];
/** How `Y.decodeUpdate` gives an item's parent: a root name, the id of the parent type's item, or implied by an origin. */
type DecodedParent = string | Y.ID | null;

const isUint32 = (value: number) => Number.isInteger(value) && value >= 0 && value < maxClock;

export interface PrepareOptions {
  /** `v2` for updates the room kept pending (Yjs keeps those in v2). */
  format?: 'v1' | 'v2';
  /** Clients whose new changes must be left out. */
  foreign?: (client: number) => boolean;
}

export interface PreparedUpdate {
  /** What to apply: the update itself, or a copy without the parts described above. */
  update: Uint8Array;
  /** Foreign clients whose new changes were left out. */
  dropped: number[];
}

/** Checks `update` against `doc` (throws InvalidUpdate) and returns what to apply. */
export function prepareUpdate(doc: Y.Doc, update: Uint8Array, limits: UpdateCheckLimits, options: PrepareOptions = {}): PreparedUpdate {
  const v2 = options.format === 'v2';
  let decoded: { structs: Struct[]; ds: DeleteSet };
  try {
    decoded = v2 ? Y.decodeUpdateV2(update) : Y.decodeUpdate(update);
  } catch {
    throw new InvalidUpdate('the update does not decode');
  }
  const structs = decoded.structs;
  checkClientRuns(structs);
  checkDeleteSet(decoded.ds);
  const depths = new TypeDepths(doc, structs, limits.maxValueDepth);
  const newRoots = new Set<string>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    checkReferences(struct);
    checkContent(struct, depths, limits.maxValueDepth);
    const parent = struct.parent as DecodedParent;
    if (typeof parent === 'string' && !doc.share.has(parent)) newRoots.add(parent);
  }
  if (doc.share.size + newRoots.size > limits.maxRootTypes) {
    throw new InvalidUpdate(`the document may hold at most ${limits.maxRootTypes} root types`);
  }

  let overlaps = false;
  const dropped = new Set<number>();
  for (const struct of structs) {
    const known = Y.getState(doc.store, struct.id.client);
    if (struct.id.clock + struct.length <= known) continue; // Yjs skips it
    if (struct.id.clock < known) overlaps = true;
    if (options.foreign?.(struct.id.client)) dropped.add(struct.id.client);
  }
  if (!overlaps && dropped.size === 0) return { update, dropped: [] };
  const target = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const client of dropped) target.set(client, maxClock);
  const stateVector = Y.encodeStateVector(target);
  return { update: v2 ? Y.diffUpdateV2(update, stateVector) : Y.diffUpdate(update, stateVector), dropped: [...dropped] };
}

function checkClientRuns(structs: readonly Struct[]): void {
  const seen = new Set<number>();
  let client = -1;
  let nextClock = 0;
  for (const struct of structs) {
    const { id, length } = struct;
    if (!isUint32(id.client)) throw new InvalidUpdate('client id out of range');
    if (!Number.isSafeInteger(length) || length <= 0) throw new InvalidUpdate('empty or malformed struct');
    if (id.clock + length > maxClock) throw new InvalidUpdate('clock out of range');
    if (id.client !== client) {
      if (seen.has(id.client)) throw new InvalidUpdate('a client appears twice in one update');
      seen.add(id.client);
      client = id.client;
    } else if (id.clock !== nextClock) {
      // Yjs would keep only the last of two runs of one client; the decoder reads them as one.
      throw new InvalidUpdate('structs of one client overlap or leave a gap');
    }
    nextClock = id.clock + length;
  }
}

function checkDeleteSet(ds: DeleteSet): void {
  for (const [client, ranges] of ds.clients) {
    if (!isUint32(client)) throw new InvalidUpdate('client id out of range in deletions');
    for (const { clock, len } of ranges) {
      if (!Number.isSafeInteger(len) || len <= 0 || clock + len > maxClock) throw new InvalidUpdate('deletion out of range');
    }
  }
}

function checkReferences(item: Y.Item): void {
  const parent = item.parent as DecodedParent;
  for (const ref of [item.origin, item.rightOrigin, parent instanceof Y.ID ? parent : null]) {
    if (ref === null) continue;
    if (!isUint32(ref.client) || !isUint32(ref.clock)) throw new InvalidUpdate('reference out of range');
    // Yjs integrates one client's changes in clock order and looks these up unchecked.
    if (ref.client === item.id.client && ref.clock >= item.id.clock) throw new InvalidUpdate('an item refers to itself or to a later item');
  }
}

function checkContent(item: Y.Item, depths: TypeDepths, maxDepth: number): void {
  const content = item.content;
  if (content instanceof Y.ContentDoc) throw new InvalidUpdate('subdocuments are not supported');
  if (content instanceof Y.ContentType) {
    const depth = depths.parentDepth(item);
    if (depth !== null && depth + 1 > maxDepth) throw new InvalidUpdate(`shared types nested deeper than ${maxDepth}`);
    return;
  }
  const values: readonly unknown[] =
    content instanceof Y.ContentAny || content instanceof Y.ContentJSON
      ? content.arr
      : content instanceof Y.ContentEmbed
        ? [content.embed]
        : content instanceof Y.ContentFormat
          ? [content.value]
          : [];
  for (const value of values) {
    if (valueDepth(value, maxDepth) > maxDepth) throw new InvalidUpdate(`a value nested deeper than ${maxDepth}`);
  }
}

/** Nesting depth of arrays and objects in `value` (a scalar is 0); stops counting past `limit`. */
export function valueDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null || current instanceof Uint8Array) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, here]);
  }
  return deepest;
}

/**
 * How deep the parent of each item in an update is nested (a root type is 0), resolved
 * through the doc and through the other items of the same update, without recursion and
 * with each item resolved once. `null`: not known yet (a dependency is missing).
 */
class TypeDepths {
  readonly #doc: Y.Doc;
  readonly #limit: number;
  /** Items of the update by client, in clock order, to find the one holding a clock. */
  readonly #byClient = new Map<number, Struct[]>();
  readonly #memo = new Map<Y.Item, number | null>();

  constructor(doc: Y.Doc, structs: readonly Struct[], limit: number) {
    this.#doc = doc;
    this.#limit = limit;
    for (const struct of structs) {
      let run = this.#byClient.get(struct.id.client);
      if (!run) this.#byClient.set(struct.id.client, (run = []));
      run.push(struct);
    }
  }

  parentDepth(start: Y.Item): number | null {
    // Follow the chain of items whose parent depth depends on another item's, then unwind.
    const chain: { item: Y.Item; add: number }[] = [];
    const visiting = new Set<Y.Item>();
    let item = start;
    let base: number | null;
    for (;;) {
      const known = this.#memo.get(item);
      if (known !== undefined) {
        base = known;
        break;
      }
      const next = this.#step(item);
      if (next.kind === 'depth') {
        base = next.depth;
        this.#memo.set(item, base);
        break;
      }
      if (visiting.has(next.item)) {
        base = null;
        break;
      }
      visiting.add(item);
      chain.push({ item, add: next.add });
      item = next.item;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i]!;
      base = base === null ? null : base + link.add;
      this.#memo.set(link.item, base);
    }
    return base;
  }

  /** One step up: the parent depth directly, or "that item's parent depth plus `add`". */
  #step(item: Y.Item): { kind: 'depth'; depth: number | null } | { kind: 'item'; item: Y.Item; add: number } {
    const parent = item.parent as DecodedParent;
    if (typeof parent === 'string') return { kind: 'depth', depth: 0 };
    if (parent instanceof Y.ID) {
      // The parent is the type held by the item `parent`: one deeper than that item's parent.
      const holder = this.#find(parent);
      if (holder === 'missing') return { kind: 'depth', depth: null };
      const { struct, inDoc } = holder;
      // Not a type (Yjs turns such an item into a tombstone): nothing is nested in it.
      if (!(struct instanceof Y.Item && struct.content instanceof Y.ContentType)) return { kind: 'depth', depth: 0 };
      return inDoc ? { kind: 'depth', depth: this.#depthInDoc(struct.content.type) } : { kind: 'item', item: struct, add: 1 };
    }
    // No parent written: it is the parent of the item's left (or right) neighbour.
    const ref = item.origin ?? item.rightOrigin;
    if (ref === null) return { kind: 'depth', depth: 0 };
    const neighbour = this.#find(ref);
    if (neighbour === 'missing') return { kind: 'depth', depth: null };
    const { struct, inDoc } = neighbour;
    if (!(struct instanceof Y.Item)) return { kind: 'depth', depth: 0 };
    if (!inDoc) return { kind: 'item', item: struct, add: 0 };
    return { kind: 'depth', depth: struct.parent instanceof Y.AbstractType ? this.#depthInDoc(struct.parent) : 0 };
  }

  /** The struct holding `id`: from the doc if it has it, else from the update; 'missing' if neither. */
  #find(id: Y.ID): { struct: Struct; inDoc: boolean } | 'missing' {
    if (id.clock < Y.getState(this.#doc.store, id.client)) return { struct: Y.getItem(this.#doc.store, id) as Struct, inDoc: true };
    const run = this.#byClient.get(id.client);
    if (!run) return 'missing';
    let low = 0;
    let high = run.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = run[mid]!;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return { struct, inDoc: false };
    }
    return 'missing';
  }

  /** Nesting depth of a type already in the doc (a root is 0), counted up to just past the limit. */
  #depthInDoc(type: Y.AbstractType<unknown>): number {
    let depth = 0;
    for (let current = type; current._item !== null && depth <= this.#limit; depth++) {
      const parent = current._item.parent;
      if (!(parent instanceof Y.AbstractType)) break;
      current = parent;
    }
    return depth;
  }
}
