/**
 * The case generator: case `i` of seed `s` is a pure function of (s, i) and the recorded
 * corpus (itself a function of s). A case is a kind, a label naming the variant, and a
 * `frames(ctx)` function that builds its websocket frames; cases that target the honest
 * clients read their ids and clocks from `ctx` at play time, everything else is fixed.
 */
import { awarenessUpdate, deepStateJson, hugeStateJson, invalidJson, nonObjectJson, presenceJson, type AwarenessEntry } from './awareness.ts';
import { markerIdBase, type CaseContext } from './context.ts';
import type { Corpus } from './corpus.ts';
import {
  awarenessFrame,
  emptyStateVector,
  queryAwarenessFrame,
  stateVector,
  syncFrame,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
  type Frame,
} from './frames.ts';
import { mutate } from './mutate.ts';
import { Prng } from '../helpers/prng.ts';
import {
  deepAnyBytes,
  deepJson,
  deleteOnlyUpdate,
  encodeUpdate,
  singleItemUpdate,
  TypeRef,
  type AnyValue,
  type Content,
  type Id,
  type ItemStruct,
  type Parent,
  type Struct,
  type StructGroup,
} from './yjs-update.ts';

export const caseKinds = [
  'random-bytes',
  'empty-frame',
  'text-frame',
  'mutated-recorded',
  'mutated-built',
  'state-vector',
  'update-huge-clock',
  'update-gc-skip',
  'update-self-ref',
  'update-unknown-ref',
  'update-cross-parent',
  'update-bad-content',
  'update-subdoc',
  'update-deep',
  'update-odd-values',
  'delete-unknown',
  'honest-clock',
  'records-invalid',
  'awareness-deep',
  'awareness-huge',
  'awareness-spoof',
  'awareness-many',
  'awareness-odd',
  'query-flood',
  'multi-frame',
] as const;

export type CaseKind = (typeof caseKinds)[number];

/** Relative frequency of each kind. Heavy kinds (MiB-sized or very deep) are rare. */
export const kindWeights: Readonly<Record<CaseKind, number>> = {
  'random-bytes': 6,
  'empty-frame': 1,
  'text-frame': 2,
  'mutated-recorded': 14,
  'mutated-built': 10,
  'state-vector': 4,
  'update-huge-clock': 6,
  'update-gc-skip': 4,
  'update-self-ref': 6,
  'update-unknown-ref': 4,
  'update-cross-parent': 4,
  'update-bad-content': 5,
  'update-subdoc': 2,
  'update-deep': 3,
  'update-odd-values': 5,
  'delete-unknown': 5,
  'honest-clock': 3,
  'records-invalid': 4,
  'awareness-deep': 0.3,
  'awareness-huge': 0.15,
  'awareness-spoof': 3,
  'awareness-many': 1.2,
  'awareness-odd': 4,
  'query-flood': 1.5,
  'multi-frame': 3,
};

export interface FuzzCase {
  /** Index in the run: `seed` + `id` regenerate it. */
  id: number;
  kind: CaseKind;
  /** The variant, e.g. `update-self-ref/origin-self`. */
  label: string;
  /** Close the raw connection after this case so a heavy awareness state it left does not slow later probes. */
  recycle: boolean;
  /** Builds the frames (deterministic for a given context). */
  frames(ctx: CaseContext): Frame[];
}

interface Recipe {
  variant: string;
  recycle?: boolean;
  build(ctx: CaseContext, rng: Prng): Frame[];
}

export interface GeneratorOptions {
  seed: number;
  corpus: Corpus;
  /** Client ids the fuzz must not use by accident (the honest clients' ids, the corpus client's). */
  reservedClientIds: ReadonlySet<number>;
}

const recordIds = ['shape:abc', 'shape:fuzz1', 'shape:fuzz2', 'shape:recorded', 'page:page', 'document:document', 'binding:fuzz', 'instance_presence:x'];
const oddRootNames = ['', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'records', 'meta', 'fuzz', '\u0000', '🧨', '\ud800', 'r'.repeat(10_000)];
const oddKeys = ['', '__proto__', 'constructor', 'prototype', 'id', 'typeName', '\u0000', '𝕏'.repeat(100), 'k'.repeat(20_000)];

/** Builds the case generator of one run. */
export function createCaseGenerator(options: GeneratorOptions): (index: number) => FuzzCase {
  const { seed, corpus, reservedClientIds } = options;
  const recorded = corpus.frames.map((frame) => frame.bytes);

  /** A client id for the fuzz's own writes: mostly random uint32, sometimes small (colliding), sometimes beyond 2^32. */
  const fuzzClient = (rng: Prng): number => {
    const roll = rng.float();
    let id = roll < 0.75 ? rng.uint32() : roll < 0.87 ? rng.int(0, 16) : rng.hugeNumber();
    if (reservedClientIds.has(id) || (id >= markerIdBase && id <= 0xffff_ffff)) id = (id ^ 0x5a5a) % markerIdBase;
    return id;
  };

  const carrier = (rng: Prng, update: Uint8Array): Uint8Array => {
    const roll = rng.float();
    if (roll < 0.45) return updateFrame(update);
    if (roll < 0.9) return syncStep2Frame(update);
    return syncStep1Frame(update);
  };

  const anyContent = (rng: Prng): Content => ({ ref: 'any', values: [rng.pick<AnyValue>(['v', 1, true, null, { a: 1 }, [1, 2]])] });

  /** A valid item for a fresh client: lands in a fuzz map at a random key. */
  const simpleItem = (rng: Prng): ItemStruct => ({ kind: 'item', parent: { root: 'fuzz' }, parentSub: `k${rng.int(0, 50)}`, content: anyContent(rng) });

  /** A valid frame of any message type, as a stock client would send it (before mutation). */
  const builtFrame = (rng: Prng): Uint8Array => {
    switch (rng.int(0, 5)) {
      case 0:
        return syncStep1Frame(rng.bool() ? emptyStateVector() : stateVector([[fuzzClient(rng), rng.int(0, 100)]]));
      case 1:
        return syncStep2Frame(singleItemUpdate(fuzzClient(rng), 0, simpleItem(rng)));
      case 2:
        return updateFrame(
          encodeUpdate({
            groups: [{ client: fuzzClient(rng), clock: 0, structs: [simpleItem(rng), { kind: 'item', parent: { root: 'fuzzArray' }, content: { ref: 'string', text: rng.string(8) } }] }],
            deletes: [{ client: fuzzClient(rng), ranges: [{ clock: 0, length: 1 }] }],
          }),
        );
      case 3:
        return awarenessFrame(awarenessUpdate([{ clientId: fuzzClient(rng), clock: rng.int(1, 5), json: presenceJson(rng.string(6), rng.int(0, 999), rng.int(0, 999)) }]));
      case 4:
        return queryAwarenessFrame();
      default:
        return recorded.length > 0 ? rng.pick(recorded) : queryAwarenessFrame();
    }
  };

  const recipes: Record<CaseKind, (rng: Prng) => Recipe> = {
    'random-bytes': (rng) => {
      const variant = rng.pick(['raw', 'sync-prefixed', 'awareness-prefixed', 'type-byte']);
      return {
        variant,
        build: (_ctx, r) => {
          const payload = r.bytes(r.bool(0.9) ? r.smallLength(200) : r.int(200, 8192));
          if (variant === 'raw') return [payload];
          if (variant === 'sync-prefixed') return [syncFrame(r.int(0, 2), payload)];
          if (variant === 'awareness-prefixed') return [awarenessFrame(payload)];
          return [Uint8Array.of(r.int(0, 255), ...payload.subarray(0, 8))];
        },
      };
    },

    'empty-frame': () => ({ variant: 'empty', build: () => [new Uint8Array(0)] }),

    'text-frame': (rng) => {
      const variant = rng.pick(['short', 'json', 'protocol-bytes-as-text', 'long']);
      return {
        variant,
        build: (_ctx, r) => {
          if (variant === 'short') return [r.string(r.int(0, 20))];
          if (variant === 'json') return [JSON.stringify({ type: 'sync', step: 1, update: [1, 2, 3] })];
          if (variant === 'protocol-bytes-as-text') return ['\u0000\u0000\u0001\u0000'];
          return ['t'.repeat(r.int(10_000, 100_000))];
        },
      };
    },

    'mutated-recorded': (rng) => {
      const mutations = rng.bool(0.05) ? 0 : rng.int(1, 4);
      return {
        variant: mutations === 0 ? 'replay' : `x${mutations}`,
        build: (_ctx, r) => {
          if (recorded.length === 0) return [queryAwarenessFrame()];
          return [mutate(r, r.pick(recorded), r.pick(recorded), mutations).bytes];
        },
      };
    },

    'mutated-built': (rng) => {
      const mutations = rng.int(1, 3);
      return { variant: `x${mutations}`, build: (_ctx, r) => [mutate(r, builtFrame(r), builtFrame(r), mutations).bytes] };
    },

    'state-vector': (rng) => {
      const variant = rng.pick(['huge-clock', 'huge-client', 'many-entries', 'duplicates', 'honest-beyond', 'count-lies']);
      return {
        variant,
        build: (ctx, r) => {
          switch (variant) {
            case 'huge-clock':
              return [syncStep1Frame(stateVector([[fuzzClient(r), r.hugeNumber()]]))];
            case 'huge-client':
              return [syncStep1Frame(stateVector([[r.hugeNumber(), r.int(0, 10)]]))];
            case 'many-entries':
              return [syncStep1Frame(stateVector(Array.from({ length: r.int(100, 5000) }, () => [fuzzClient(r), r.int(0, 1000)] as const)))];
            case 'duplicates': {
              const client = fuzzClient(r);
              return [syncStep1Frame(stateVector([[client, 5], [client, 0], [client, r.hugeNumber()]]))];
            }
            case 'honest-beyond':
              return [syncStep1Frame(stateVector(ctx.honest.map((h) => [h.clientId, h.nextClock + r.int(1, 1000)] as const)))];
            default: {
              const sv = stateVector([[fuzzClient(r), 1]]);
              sv[0] = r.int(2, 127);
              return [syncStep1Frame(sv)];
            }
          }
        },
      };
    },

    'update-huge-clock': (rng) => {
      const variant = rng.pick(['item-at-huge-clock', 'huge-client', 'clock-overflows', 'deleted-huge-length', 'string-past-2^53', 'max-client-max-clock']);
      return {
        variant,
        build: (_ctx, r) => {
          let update: Uint8Array;
          switch (variant) {
            case 'item-at-huge-clock':
              update = singleItemUpdate(fuzzClient(r), r.hugeNumber(), simpleItem(r));
              break;
            case 'huge-client':
              update = singleItemUpdate(r.hugeNumber(), 0, simpleItem(r));
              break;
            case 'clock-overflows':
              update = encodeUpdate({
                groups: [{ client: fuzzClient(r), clock: Number.MAX_SAFE_INTEGER - r.int(0, 3), structs: [simpleItem(r), { kind: 'item', parent: { root: 'fuzzArray' }, content: { ref: 'string', text: 'overflow' } }] }],
                deletes: [],
              });
              break;
            case 'deleted-huge-length':
              update = singleItemUpdate(fuzzClient(r), 0, { kind: 'item', parent: { root: 'fuzzArray' }, content: { ref: 'deleted', length: r.hugeNumber() } });
              break;
            case 'string-past-2^53':
              update = singleItemUpdate(fuzzClient(r), Number.MAX_SAFE_INTEGER - 2, { kind: 'item', parent: { root: 'fuzzText' }, content: { ref: 'string', text: 'abcdefgh' } });
              break;
            default:
              update = singleItemUpdate(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, simpleItem(r));
          }
          return [carrier(r, update)];
        },
      };
    },

    'update-gc-skip': (rng) => {
      const variant = rng.pick(['gc-huge', 'skip-huge', 'gc-then-item', 'skip-then-item', 'gc-at-existing', 'many-gcs']);
      return {
        variant,
        build: (_ctx, r) => {
          const client = fuzzClient(r);
          const huge = r.hugeNumber();
          let structs: Struct[];
          switch (variant) {
            case 'gc-huge':
              structs = [{ kind: 'gc', length: huge }];
              break;
            case 'skip-huge':
              structs = [{ kind: 'skip', length: huge }];
              break;
            case 'gc-then-item':
              structs = [{ kind: 'gc', length: huge }, simpleItem(r)];
              break;
            case 'skip-then-item':
              structs = [{ kind: 'skip', length: huge }, simpleItem(r)];
              break;
            case 'gc-at-existing':
              structs = [simpleItem(r), { kind: 'gc', length: r.int(1, 5) }, { kind: 'item', origin: { client, clock: 0 }, content: anyContent(r) }];
              break;
            default:
              structs = Array.from({ length: r.int(2, 200) }, () => (r.bool() ? { kind: 'gc', length: r.int(0, 3) } : { kind: 'skip', length: r.int(0, 3) }));
          }
          return [carrier(r, encodeUpdate({ groups: [{ client, clock: r.bool(0.7) ? 0 : r.int(1, 100), structs }], deletes: [] }))];
        },
      };
    },

    'update-self-ref': (rng) => {
      const variant = rng.pick(['origin-self', 'right-origin-self', 'parent-self', 'origin-later-clock', 'right-origin-later-clock', 'parent-later-clock', 'mutual', 'origin-self-existing-client', 'origin-self-waiting-on-honest']);
      return {
        variant,
        build: (ctx, r) => {
          const client = fuzzClient(r);
          const clock = variant === 'origin-self-existing-client' ? r.int(1, 50) : 0;
          const self: Id = { client, clock };
          const later: Id = { client, clock: clock + r.int(1, 1000) };
          const content = r.bool(0.7) ? anyContent(r) : ({ ref: 'type', typeRef: TypeRef.map } as const);
          let structs: Struct[];
          const honest = ctx.honest.length > 0 ? ctx.honest[r.int(0, ctx.honest.length - 1)] : undefined;
          switch (variant) {
            case 'origin-self-waiting-on-honest':
              // Parked until the honest client writes that far; then integrated inside its update.
              structs = [{ kind: 'item', origin: self, rightOrigin: { client: honest?.clientId ?? 1, clock: (honest?.nextClock ?? 0) + r.int(1, 5) }, content }];
              break;
            case 'origin-self':
            case 'origin-self-existing-client':
              structs = [{ kind: 'item', origin: self, content }];
              break;
            case 'right-origin-self':
              structs = [{ kind: 'item', rightOrigin: self, content }];
              break;
            case 'parent-self':
              structs = [{ kind: 'item', parent: { id: self }, parentSub: r.bool() ? 'x' : null, content: { ref: 'type', typeRef: TypeRef.map } }];
              break;
            case 'origin-later-clock':
              structs = [{ kind: 'item', origin: later, content }];
              break;
            case 'right-origin-later-clock':
              structs = [{ kind: 'item', rightOrigin: later, content }];
              break;
            case 'parent-later-clock':
              structs = [{ kind: 'item', parent: { id: later }, parentSub: 'x', content }];
              break;
            default:
              // Two items, each the other's origin.
              structs = [
                { kind: 'item', origin: { client, clock: clock + 1 }, content: anyContent(r) },
                { kind: 'item', origin: { client, clock }, content: anyContent(r) },
              ];
          }
          return [carrier(r, encodeUpdate({ groups: [{ client, clock, structs }], deletes: [] }))];
        },
      };
    },

    'update-unknown-ref': (rng) => {
      const variant = rng.pick(['origin-unknown', 'right-origin-unknown', 'parent-unknown', 'origin-huge-clock', 'chain']);
      return {
        variant,
        build: (_ctx, r) => {
          const client = fuzzClient(r);
          const unknown: Id = { client: fuzzClient(r), clock: variant === 'origin-huge-clock' ? r.hugeNumber() : r.int(0, 1000) };
          let structs: Struct[];
          if (variant === 'origin-unknown' || variant === 'origin-huge-clock') structs = [{ kind: 'item', origin: unknown, content: anyContent(r) }];
          else if (variant === 'right-origin-unknown') structs = [{ kind: 'item', rightOrigin: unknown, content: anyContent(r) }];
          else if (variant === 'parent-unknown') structs = [{ kind: 'item', parent: { id: unknown }, parentSub: 'x', content: anyContent(r) }];
          else structs = Array.from({ length: r.int(2, 50) }, (_, i) => ({ kind: 'item', origin: i === 0 ? unknown : { client, clock: i - 1 }, content: { ref: 'string', text: r.string(r.int(1, 64)) } }));
          return [carrier(r, encodeUpdate({ groups: [{ client, clock: 0, structs }], deletes: [] }))];
        },
      };
    },

    'update-cross-parent': (rng) => {
      const variant = rng.pick(['left-right-other-parents', 'parent-is-value-item', 'parent-is-honest-item', 'right-origin-honest', 'parent-is-string-item', 'origin-map-right-array']);
      return {
        variant,
        build: (ctx, r) => {
          const client = fuzzClient(r);
          const honest = ctx.honest.length > 0 ? r.pick(ctx.honest) : undefined;
          const honestItem: Id | undefined = honest && honest.nextClock > 0 ? { client: honest.clientId, clock: r.int(0, honest.nextClock - 1) } : undefined;
          let group: StructGroup;
          switch (variant) {
            case 'left-right-other-parents':
              group = {
                client,
                clock: 0,
                structs: [
                  { kind: 'item', parent: { root: 'fuzzArray' }, content: { ref: 'string', text: 'left' } },
                  { kind: 'item', parent: { root: 'fuzzText' }, content: { ref: 'string', text: 'right' } },
                  { kind: 'item', origin: { client, clock: 3 }, rightOrigin: { client, clock: 4 }, content: anyContent(r) },
                ],
              };
              break;
            case 'origin-map-right-array':
              group = {
                client,
                clock: 0,
                structs: [
                  { kind: 'item', parent: { root: 'fuzz' }, parentSub: 'a', content: anyContent(r) },
                  { kind: 'item', parent: { root: 'fuzzArray' }, content: anyContent(r) },
                  { kind: 'item', origin: { client, clock: 0 }, rightOrigin: { client, clock: 1 }, content: anyContent(r) },
                ],
              };
              break;
            case 'parent-is-value-item':
              group = {
                client,
                clock: 0,
                structs: [
                  { kind: 'item', parent: { root: 'fuzz' }, parentSub: 'value', content: { ref: 'any', values: [42] } },
                  { kind: 'item', parent: { id: { client, clock: 0 } }, parentSub: 'child', content: anyContent(r) },
                  { kind: 'item', parent: { id: { client, clock: 0 } }, content: { ref: 'string', text: 'in a number' } },
                ],
              };
              break;
            case 'parent-is-string-item':
              group = {
                client,
                clock: 0,
                structs: [
                  { kind: 'item', parent: { root: 'fuzzText' }, content: { ref: 'string', text: 'abcdef' } },
                  { kind: 'item', parent: { id: { client, clock: 2 } }, parentSub: 'x', content: anyContent(r) },
                ],
              };
              break;
            case 'parent-is-honest-item':
              group = { client, clock: 0, structs: [{ kind: 'item', parent: { id: honestItem ?? { client: 1, clock: 0 } }, parentSub: r.bool() ? 'child' : null, content: anyContent(r) }] };
              break;
            default:
              group = { client, clock: 0, structs: [{ kind: 'item', rightOrigin: honestItem ?? { client: 1, clock: 0 }, content: anyContent(r) }] };
          }
          return [carrier(r, encodeUpdate({ groups: [group], deletes: [] }))];
        },
      };
    },

    'update-bad-content': (rng) => {
      const variant = rng.pick(['unknown-content-ref', 'unknown-type-ref', 'huge-type-ref', 'xml-in-map', 'format-in-map', 'embed-in-map', 'deleted-in-map', 'text-type-in-records', 'ref-0-with-flags', 'ref-10-with-flags', 'json-invalid', 'json-undefined']);
      return {
        variant,
        build: (_ctx, r) => {
          const client = fuzzClient(r);
          const parent: Parent = { root: 'fuzz' };
          const key = `k${r.int(0, 20)}`;
          let item: ItemStruct;
          switch (variant) {
            case 'unknown-content-ref':
              item = { kind: 'item', parent, parentSub: key, content: { ref: 'raw', info: r.int(11, 31), bytes: r.bytes(r.int(0, 16)), length: 1 } };
              break;
            case 'unknown-type-ref':
              item = { kind: 'item', parent, parentSub: key, content: { ref: 'type', typeRef: r.int(7, 127) } };
              break;
            case 'huge-type-ref':
              item = { kind: 'item', parent, parentSub: key, content: { ref: 'type', typeRef: r.hugeNumber() } };
              break;
            case 'xml-in-map':
              item = { kind: 'item', parent: { root: 'records' }, parentSub: r.pick(recordIds), content: { ref: 'type', typeRef: r.pick([TypeRef.xmlElement, TypeRef.xmlHook, TypeRef.xmlFragment, TypeRef.xmlText]), name: r.pick(['script', '', 'x'.repeat(1000)]) } };
              break;
            case 'format-in-map':
              item = { kind: 'item', parent: { root: 'records' }, parentSub: r.pick(recordIds), content: { ref: 'format', key: 'bold', json: 'true' } };
              break;
            case 'embed-in-map':
              item = { kind: 'item', parent, parentSub: key, content: { ref: 'embed', json: '{"image":"x"}' } };
              break;
            case 'deleted-in-map':
              item = { kind: 'item', parent, parentSub: key, content: { ref: 'deleted', length: r.int(1, 100) } };
              break;
            case 'text-type-in-records':
              item = { kind: 'item', parent: { root: 'records' }, parentSub: r.pick(recordIds), content: { ref: 'type', typeRef: r.pick([TypeRef.text, TypeRef.array]) } };
              break;
            case 'ref-0-with-flags':
              item = { kind: 'item', parent, parentSub: key, content: { ref: 'raw', info: 0, bytes: Uint8Array.of(r.int(0, 255)), length: 1 }, infoFlags: 0xe0 };
              break;
            case 'ref-10-with-flags':
              item = { kind: 'item', parent, parentSub: key, content: { ref: 'raw', info: 10, bytes: Uint8Array.of(r.int(0, 255)), length: 1 }, infoFlags: 0xc0 };
              break;
            case 'json-invalid':
              item = { kind: 'item', parent: { root: 'fuzzArray' }, content: { ref: 'json', values: [r.pick(invalidJson.filter((text) => text !== 'undefined'))] } };
              break;
            default:
              item = { kind: 'item', parent: { root: 'fuzzArray' }, content: { ref: 'json', values: ['undefined', 'null', '{"a":[1]}'] } };
          }
          return [carrier(r, singleItemUpdate(client, 0, item))];
        },
      };
    },

    'update-subdoc': (rng) => {
      const variant = rng.pick(['in-map', 'in-records', 'in-array', 'autoload', 'opts-null', 'opts-number', 'guid-override', 'gc-false', 'huge-guid']);
      return {
        variant,
        build: (_ctx, r) => {
          const guid = variant === 'huge-guid' ? 'g'.repeat(100_000) : `sub-${r.string(8)}`;
          const opts: AnyValue =
            variant === 'autoload' ? { autoLoad: true } : variant === 'opts-null' ? null : variant === 'opts-number' ? 5 : variant === 'guid-override' ? { guid: 'other', meta: { a: 1 } } : variant === 'gc-false' ? { gc: false } : {};
          const parent: Parent = variant === 'in-records' ? { root: 'records' } : variant === 'in-array' ? { root: 'fuzzArray' } : { root: 'fuzz' };
          const parentSub = variant === 'in-array' ? null : variant === 'in-records' ? r.pick(recordIds) : 'doc';
          return [carrier(r, singleItemUpdate(fuzzClient(r), 0, { kind: 'item', parent, parentSub, content: { ref: 'doc', guid, opts } }))];
        },
      };
    },

    'update-deep': (rng) => {
      const variant = rng.pick(['any-array', 'any-object', 'any-mixed', 'json', 'embed', 'format', 'any-in-records']);
      // Spread over the interesting range: lib0 readAny/writeAny and JSON.stringify overflow at a few thousand levels.
      const depth = rng.pick([1000, 2000, 3000, 3500, 4000, 4500, 5000, 8000, 20_000, 50_000, rng.int(1000, 50_000)]);
      return {
        variant: `${variant}/${depth}`,
        build: (_ctx, r) => {
          const client = fuzzClient(r);
          let item: ItemStruct;
          switch (variant) {
            case 'any-array':
            case 'any-object':
            case 'any-mixed':
              item = { kind: 'item', parent: { root: 'fuzz' }, parentSub: 'deep', content: { ref: 'anyRaw', count: 1, bytes: deepAnyBytes(depth, variant === 'any-array' ? 'array' : variant === 'any-object' ? 'object' : 'mixed') } };
              break;
            case 'any-in-records':
              item = { kind: 'item', parent: { root: 'records' }, parentSub: r.pick(recordIds), content: { ref: 'anyRaw', count: 1, bytes: deepAnyBytes(depth, 'mixed') } };
              break;
            case 'json':
              item = { kind: 'item', parent: { root: 'fuzzArray' }, content: { ref: 'json', values: [deepJson(depth, r.pick(['array', 'object', 'mixed'] as const))] } };
              break;
            case 'embed':
              item = { kind: 'item', parent: { root: 'fuzzText' }, content: { ref: 'embed', json: deepJson(depth, 'object') } };
              break;
            default:
              item = { kind: 'item', parent: { root: 'fuzzText' }, content: { ref: 'format', key: 'bold', json: deepJson(depth, 'array') } };
          }
          return [carrier(r, singleItemUpdate(client, 0, item))];
        },
      };
    },

    'update-odd-values': (rng) => {
      const variant = rng.pick(['bigint', 'binary', 'floats', 'huge-string-any', 'huge-string-content', 'unicode', 'odd-root-name', 'odd-key', 'proto-object', 'huge-binary', 'many-values']);
      return {
        variant,
        build: (_ctx, r) => {
          const client = fuzzClient(r);
          let item: ItemStruct;
          const parentSub = `odd${r.int(0, 20)}`;
          switch (variant) {
            case 'bigint':
              item = { kind: 'item', parent: { root: 'fuzz' }, parentSub, content: { ref: 'any', values: [r.pick([2n ** 63n - 1n, -(2n ** 63n), 0n, 12345678901234567890n % 2n ** 63n])] } };
              break;
            case 'binary':
              item = { kind: 'item', parent: { root: 'fuzz' }, parentSub, content: { ref: 'binary', bytes: r.bytes(r.int(0, 64)) } };
              break;
            case 'floats':
              item = { kind: 'item', parent: { root: 'fuzz' }, parentSub, content: { ref: 'any', values: [r.pick([Number.NaN, Infinity, -Infinity, -0, 1e308, 5e-324, 2 ** 53 + 2])] } };
              break;
            case 'huge-string-any':
              item = { kind: 'item', parent: { root: 'fuzz' }, parentSub, content: { ref: 'any', values: ['s'.repeat(r.int(10_000, 200_000))] } };
              break;
            case 'huge-string-content':
              item = { kind: 'item', parent: { root: 'fuzzText' }, content: { ref: 'string', text: 'x'.repeat(r.int(10_000, 200_000)) } };
              break;
            case 'unicode':
              item = { kind: 'item', parent: { root: 'fuzzText' }, content: { ref: 'string', text: r.pick(['\ud800', '\udfff\ud800', '👩‍👩‍👧‍👦', '\u0000\uffff', 'e\u0301', '\u202eevil']) } };
              break;
            case 'odd-root-name':
              item = { kind: 'item', parent: { root: r.pick(oddRootNames) }, parentSub: r.bool() ? 'k' : null, content: anyContent(r) };
              break;
            case 'odd-key':
              item = { kind: 'item', parent: { root: r.pick(['fuzz', 'records', 'meta']) }, parentSub: r.pick(oddKeys), content: anyContent(r) };
              break;
            case 'proto-object':
              item = { kind: 'item', parent: { root: 'fuzz' }, parentSub, content: { ref: 'any', values: [JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}') as AnyValue] } };
              break;
            case 'huge-binary':
              item = { kind: 'item', parent: { root: 'fuzz' }, parentSub, content: { ref: 'binary', bytes: new Uint8Array(r.int(100_000, 500_000)) } };
              break;
            default:
              item = { kind: 'item', parent: { root: 'fuzzArray' }, content: { ref: 'any', values: Array.from({ length: r.int(100, 5000) }, (_, i) => i) } };
          }
          return [carrier(r, singleItemUpdate(client, 0, item))];
        },
      };
    },

    'delete-unknown': (rng) => {
      const variant = rng.pick(['one-huge', 'many-ranges', 'many-clients', 'huge-length', 'at-2^53', 'corpus-client-beyond', 'overlapping']);
      return {
        variant,
        build: (_ctx, r) => {
          const client = fuzzClient(r);
          let deletes;
          switch (variant) {
            case 'one-huge':
              deletes = [{ client, ranges: [{ clock: r.hugeNumber(), length: r.int(1, 1000) }] }];
              break;
            case 'many-ranges':
              deletes = [{ client, ranges: Array.from({ length: r.int(10, 500) }, (_, i) => ({ clock: r.int(0, 2 ** 32) + i, length: r.int(1, 10) })) }];
              break;
            case 'many-clients':
              deletes = Array.from({ length: r.int(10, 500) }, () => ({ client: fuzzClient(r), ranges: [{ clock: r.hugeNumber(), length: r.hugeNumber() }] }));
              break;
            case 'huge-length':
              deletes = [{ client, ranges: [{ clock: r.int(0, 10), length: r.hugeNumber() }] }];
              break;
            case 'at-2^53':
              deletes = [{ client, ranges: [{ clock: Number.MAX_SAFE_INTEGER - r.int(0, 5), length: Number.MAX_SAFE_INTEGER }] }];
              break;
            case 'corpus-client-beyond':
              deletes = [{ client: corpus.clientId, ranges: [{ clock: r.int(1000, 2 ** 32), length: r.hugeNumber() }] }];
              break;
            default:
              deletes = [{ client, ranges: [{ clock: 10, length: 100 }, { clock: 5, length: 2 ** 40 }, { clock: 10, length: 100 }] }];
          }
          return [carrier(r, deleteOnlyUpdate(deletes))];
        },
      };
    },

    'honest-clock': (rng) => {
      const variant = rng.pick(['next-clock', 'next-clock', 'ahead', 'future-delete', 'into-records', 'gc-at-next']);
      const honestIndex = rng.int(0, 1);
      return {
        variant,
        build: (ctx, r) => {
          const honest = ctx.honest[honestIndex % Math.max(1, ctx.honest.length)];
          if (!honest) return [queryAwarenessFrame()];
          const { clientId, nextClock } = honest;
          let update: Uint8Array;
          switch (variant) {
            case 'next-clock':
              update = singleItemUpdate(clientId, nextClock, { kind: 'item', parent: { root: 'fuzz' }, parentSub: `stolen-${r.int(0, 99)}`, content: anyContent(r) });
              break;
            case 'ahead':
              update = singleItemUpdate(clientId, nextClock + r.int(1, 20), { kind: 'item', parent: { root: 'fuzz' }, parentSub: 'ahead', content: anyContent(r) });
              break;
            case 'future-delete':
              // Well ahead of what the honest client writes before this reaches the server: at
              // its next clock the honest item may already be there, and deleting existing
              // content is an editor's right.
              update = deleteOnlyUpdate([{ client: clientId, ranges: [{ clock: nextClock + 500 + r.int(0, 1000), length: r.int(1, 50) }] }]);
              break;
            case 'into-records':
              update = singleItemUpdate(clientId, nextClock, { kind: 'item', parent: { root: 'records' }, parentSub: r.pick(recordIds), content: anyContent(r) });
              break;
            default:
              update = encodeUpdate({ groups: [{ client: clientId, clock: nextClock, structs: [{ kind: 'gc', length: r.int(1, 10) }] }], deletes: [] });
          }
          return [carrier(r, update)];
        },
      };
    },

    'records-invalid': (rng) => {
      const variant = rng.pick(['huge-title', 'wrong-types', 'id-mismatch', 'plain-string', 'plain-array', 'props-not-map', 'missing-fields', 'nested-deep-props']);
      return {
        variant,
        build: (_ctx, r) => {
          const client = fuzzClient(r);
          const recordId = r.pick(recordIds);
          if (variant === 'plain-string' || variant === 'plain-array') {
            const value: AnyValue = variant === 'plain-string' ? 'not a record' : [1, 2, 3];
            return [carrier(r, singleItemUpdate(client, 0, { kind: 'item', parent: { root: 'records' }, parentSub: recordId, content: { ref: 'any', values: [value] } }))];
          }
          // A record as the binding writes it: a Y.Map of fields with `props` as a nested Y.Map.
          const record: Id = { client, clock: 0 };
          const structs: Struct[] = [{ kind: 'item', parent: { root: 'records' }, parentSub: recordId, content: { ref: 'type', typeRef: TypeRef.map } }];
          const field = (key: string, value: AnyValue) => structs.push({ kind: 'item', parent: { id: record }, parentSub: key, content: { ref: 'any', values: [value] } });
          const wrongTypes = variant === 'wrong-types';
          if (variant !== 'missing-fields') {
            field('id', variant === 'id-mismatch' ? 'shape:someone-else' : wrongTypes ? 42 : recordId);
            field('typeName', wrongTypes ? null : 'shape');
            field('type', wrongTypes ? ['opportunity'] : r.pick(['opportunity', 'domain', 'nonexistent-shape']));
            field('x', wrongTypes ? 'left' : r.int(-1e6, 1e6));
            field('y', wrongTypes ? { y: 1 } : 0);
            field('rotation', wrongTypes ? 'NaN' : 0);
            field('parentId', wrongTypes ? 7 : 'page:page');
          }
          if (variant === 'props-not-map') {
            field('props', 'props as a string');
          } else {
            const props: Id = { client, clock: structs.length };
            structs.push({ kind: 'item', parent: { id: record }, parentSub: 'props', content: { ref: 'type', typeRef: TypeRef.map } });
            const title: AnyValue = variant === 'huge-title' ? 't'.repeat(100_000) : wrongTypes ? 12345 : 'Titel';
            structs.push({ kind: 'item', parent: { id: props }, parentSub: 'title', content: { ref: 'any', values: [title] } });
            structs.push({ kind: 'item', parent: { id: props }, parentSub: 'w', content: { ref: 'any', values: [wrongTypes ? -1 : 240] } });
            if (variant === 'nested-deep-props') structs.push({ kind: 'item', parent: { id: props }, parentSub: 'meta', content: { ref: 'anyRaw', count: 1, bytes: deepAnyBytes(500, 'mixed') } });
          }
          return [carrier(r, encodeUpdate({ groups: [{ client, clock: 0, structs }], deletes: [] }))];
        },
      };
    },

    'awareness-deep': (rng) => {
      const depth = rng.pick([3000, 5000, 10_000, 20_000, 50_000, rng.int(3000, 50_000)]);
      const shape = rng.pick(['array', 'object', 'mixed'] as const);
      return {
        variant: `${shape}/${depth}`,
        recycle: true,
        build: (_ctx, r) => [awarenessFrame(awarenessUpdate([{ clientId: fuzzClient(r), clock: r.int(1, 3), json: deepStateJson(depth, shape) }]))],
      };
    },

    'awareness-huge': (rng) => {
      const bytes = rng.pick([1024 * 1024, 1024 * 1024, 256 * 1024, 64 * 1024]);
      return {
        variant: `${Math.round(bytes / 1024)}KiB`,
        recycle: true,
        build: (_ctx, r) => [awarenessFrame(awarenessUpdate([{ clientId: fuzzClient(r), clock: 1, json: hugeStateJson(bytes) }]))],
      };
    },

    'awareness-spoof': (rng) => {
      const variant = rng.pick(['replace-state', 'replace-state', 'removal', 'huge-clock-state', 'max-clock-removal', 'same-clock-removal', 'mixed-with-own']);
      const honestIndex = rng.int(0, 1);
      return {
        variant,
        build: (ctx, r) => {
          const honest = ctx.honest[honestIndex % Math.max(1, ctx.honest.length)];
          if (!honest) return [queryAwarenessFrame()];
          const id = honest.awarenessId;
          const next = honest.awarenessClock + 1;
          const mallory = presenceJson('Mallory', r.int(0, 999), r.int(0, 999));
          let entries: AwarenessEntry[];
          switch (variant) {
            case 'replace-state':
              entries = [{ clientId: id, clock: next, json: mallory }];
              break;
            case 'removal':
              entries = [{ clientId: id, clock: next, json: 'null' }];
              break;
            case 'huge-clock-state':
              entries = [{ clientId: id, clock: r.hugeNumber(), json: mallory }];
              break;
            case 'max-clock-removal':
              entries = [{ clientId: id, clock: Number.MAX_SAFE_INTEGER, json: 'null' }];
              break;
            case 'same-clock-removal':
              entries = [{ clientId: id, clock: honest.awarenessClock, json: 'null' }];
              break;
            default:
              entries = [
                { clientId: fuzzClient(r), clock: 1, json: presenceJson('Fuzz') },
                { clientId: id, clock: next, json: mallory },
              ];
          }
          return [awarenessFrame(awarenessUpdate(entries))];
        },
      };
    },

    'awareness-many': (rng) => {
      const count = rng.pick([100, 500, 1000, 3000, rng.int(10, 5000)]);
      return {
        variant: `${count}`,
        recycle: true,
        build: (_ctx, r) => {
          const base = r.int(1, markerIdBase - 10_000);
          return [awarenessFrame(awarenessUpdate(Array.from({ length: count }, (_, i) => ({ clientId: base + i, clock: 1, json: presenceJson(`p${i}`) }))))];
        },
      };
    },

    'awareness-odd': (rng) => {
      const variant = rng.pick(['huge-clock', 'invalid-json', 'non-object-json', 'count-too-high', 'count-too-low', 'trailing', 'client-0', 'client-2^53', 'remove-unknown', 'same-id-twice', 'clock-0', 'empty']);
      return {
        variant,
        build: (_ctx, r) => {
          const id = fuzzClient(r);
          const state = presenceJson('Odd');
          let update: Uint8Array;
          switch (variant) {
            case 'huge-clock':
              update = awarenessUpdate([{ clientId: id, clock: r.hugeNumber(), json: state }]);
              break;
            case 'invalid-json':
              update = awarenessUpdate([{ clientId: id, clock: 1, json: r.pick(invalidJson) }]);
              break;
            case 'non-object-json':
              update = awarenessUpdate([{ clientId: id, clock: 1, json: r.pick(nonObjectJson) }]);
              break;
            case 'count-too-high':
              update = awarenessUpdate([{ clientId: id, clock: 1, json: state }], r.pick([2, 1000, r.hugeNumber()]));
              break;
            case 'count-too-low':
              update = awarenessUpdate([{ clientId: id, clock: 1, json: state }, { clientId: id + 1, clock: 1, json: state }], 1);
              break;
            case 'trailing': {
              const valid = awarenessUpdate([{ clientId: id, clock: 1, json: state }]);
              update = Uint8Array.of(...valid, ...r.bytes(r.int(1, 8)));
              break;
            }
            case 'client-0':
              update = awarenessUpdate([{ clientId: 0, clock: r.int(1, 100), json: state }]);
              break;
            case 'client-2^53':
              update = awarenessUpdate([{ clientId: Number.MAX_SAFE_INTEGER, clock: 1, json: state }]);
              break;
            case 'remove-unknown':
              update = awarenessUpdate([{ clientId: id, clock: r.int(0, 5), json: 'null' }]);
              break;
            case 'same-id-twice':
              update = awarenessUpdate([
                { clientId: id, clock: 2, json: state },
                { clientId: id, clock: 1, json: presenceJson('Older') },
                { clientId: id, clock: 3, json: 'null' },
              ]);
              break;
            case 'clock-0':
              update = awarenessUpdate([{ clientId: id, clock: 0, json: state }]);
              break;
            default:
              update = awarenessUpdate([]);
          }
          return [awarenessFrame(update)];
        },
      };
    },

    'query-flood': (rng) => {
      const count = rng.pick([20, 50, 100, 300]);
      return { variant: `${count}`, build: () => Array.from({ length: count }, () => queryAwarenessFrame()) };
    },

    'multi-frame': (rng) => {
      const count = rng.int(2, 6);
      const light: CaseKind[] = ['random-bytes', 'mutated-recorded', 'mutated-built', 'update-self-ref', 'update-unknown-ref', 'delete-unknown', 'awareness-odd', 'update-huge-clock', 'records-invalid', 'honest-clock', 'awareness-spoof'];
      const parts = Array.from({ length: count }, () => {
        const kind = rng.pick(light);
        return { kind, recipe: recipes[kind](rng) };
      });
      return {
        variant: parts.map((part) => part.kind).join('+'),
        build: (ctx, r) => parts.flatMap((part) => part.recipe.build(ctx, r.fork())),
      };
    },
  };

  return (index: number): FuzzCase => {
    const rng = Prng.forCase(seed, index);
    const kind = rng.weighted(kindWeights);
    const recipe = recipes[kind](rng);
    const buildSeed = rng.next();
    return {
      id: index,
      kind,
      label: `${kind}/${recipe.variant}`,
      recycle: recipe.recycle ?? false,
      frames: (ctx) => recipe.build(ctx, new Prng(buildSeed)),
    };
  };
}

/** A case that plays exactly the given recipe (used by the named cases). */
export function fixedCase(id: number, kind: CaseKind, label: string, build: (ctx: CaseContext) => Frame[], recycle = false): FuzzCase {
  return { id, kind, label, recycle, frames: build };
}
