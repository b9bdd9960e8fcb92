/**
 * Named single cases, one per defect, for regression tests. Each is a fixed frame (or a frame
 * built from the honest clients' ids and clocks at play time) plus, where the generic
 * properties are not enough, its own check of what the honest clients and the stored board
 * may contain afterwards.
 *
 * Run them with `runNamedCases` (named-runner.ts): every case gets its own board with two
 * honest writers on one server; after all cases the server is restarted and each board's
 * stored state is checked.
 */
import * as Y from 'yjs';
import { awarenessUpdate, deepStateJson, hugeStateJson, presenceJson } from './awareness.ts';
import type { CaseContext, HonestInfo } from './context.ts';
import { awarenessFrame, updateFrame, type Frame } from './frames.ts';
import { valueDepth } from './verify.ts';
import { deepAnyBytes, deepJson, deleteOnlyUpdate, encodeUpdate, singleItemUpdate, TypeRef } from './yjs-update.ts';

export interface NamedCase {
  name: string;
  /** The defect it pins down, as the issue describes it. */
  defect: string;
  frames(ctx: CaseContext): Frame[];
  /** Let the honest clients write this many more keys after the case before checking (default 10). */
  keysAfter?: number;
  /** Checks on an honest client's doc right after the case; returns violations. */
  checkHonest?(doc: Y.Doc): string[];
  /** Checks on the stored state after the restart; returns violations. */
  checkStored?(doc: Y.Doc): string[];
}

/** The deepest value the documents may hold (the server's `MAX_VALUE_DEPTH`, passed to it by the harness). */
export const maxValueDepth = 64;

const honest = (ctx: CaseContext, index = 0): HonestInfo => {
  const info = ctx.honest[index];
  if (!info) throw new Error('named cases need the honest clients');
  return info;
};

/** Fuzz-owned client ids of the named cases (fixed: the cases are byte-for-byte reproducible). */
const client = { awareness: 0x0bad_0001, deletes: 0x0bad_0002, selfRef: 0x0bad_0003, subdoc: 0x0bad_0004, deepAny: 0x0bad_0005, record: 0x0bad_0006, deepJson: 0x0bad_0007 } as const;

export const invalidRecordId = 'shape:fuzz-invalid';
const hugeTitle = 't'.repeat(100_000);

function deepestValue(map: Y.Map<unknown>): number {
  let max = 0;
  map.forEach((value) => {
    max = Math.max(max, value instanceof Y.AbstractType ? 0 : valueDepth(value));
  });
  return max;
}

function subdocViolations(where: string) {
  return (doc: Y.Doc): string[] => {
    const found: string[] = [];
    if (doc.getSubdocs().size > 0) found.push(`${where} holds ${doc.getSubdocs().size} subdocument(s) (${[...doc.getSubdocs()].map((sub) => sub.guid).join(', ')})`);
    return found;
  };
}

function deepValueViolations(where: string, mapName: string) {
  return (doc: Y.Doc): string[] => {
    const depth = deepestValue(doc.getMap<unknown>(mapName));
    return depth > maxValueDepth ? [`${where} holds a value ${depth} levels deep in '${mapName}' (limit ${maxValueDepth})`] : [];
  };
}

function invalidRecordViolations(where: string) {
  return (doc: Y.Doc): string[] => {
    const entry = doc.getMap<unknown>('records').get(invalidRecordId);
    if (!(entry instanceof Y.Map)) return [];
    const props = entry.get('props');
    const title = props instanceof Y.Map ? props.get('title') : undefined;
    const problems: string[] = [];
    if (typeof title === 'string' && title.length > 10_000) problems.push(`a ${title.length}-character title`);
    if (typeof entry.get('x') !== 'number') problems.push(`x = ${JSON.stringify(entry.get('x'))}`);
    if (props instanceof Y.Map && typeof props.get('w') !== 'number') problems.push(`props.w = ${JSON.stringify(props.get('w'))}`);
    return problems.length > 0 ? [`${where} holds the invalid record ${invalidRecordId} (${problems.join(', ')})`] : [];
  };
}

export const namedCases: readonly NamedCase[] = [
  {
    name: 'spoofed-awareness-state',
    defect: "a connection sends an awareness state for another client's id and replaces that participant's name and cursor for everyone",
    frames: (ctx) => {
      const target = honest(ctx);
      return [awarenessFrame(awarenessUpdate([{ clientId: target.awarenessId, clock: target.awarenessClock + 1, json: presenceJson('Mallory', 1, 2) }]))];
    },
  },
  {
    name: 'spoofed-awareness-removal',
    defect: 'a spoofed removal (state null) for another client makes that participant vanish',
    frames: (ctx) => {
      const target = honest(ctx);
      return [awarenessFrame(awarenessUpdate([{ clientId: target.awarenessId, clock: target.awarenessClock + 1, json: 'null' }]))];
    },
  },
  {
    name: 'awareness-1mib-state',
    defect: 'a 1 MiB awareness state is relayed to everyone',
    frames: () => [awarenessFrame(awarenessUpdate([{ clientId: client.awareness, clock: 1, json: hugeStateJson(1024 * 1024) }]))],
  },
  {
    name: 'unknown-client-deletes-huge-clock',
    defect: 'delete-only updates for unknown clients with huge clocks pile up as pending state that the server serves to every joiner',
    // Two ranges for a client nobody knows: the first runs past 2^53, the second starts at 2^53-1.
    // Yjs keeps them as pendingDs; re-encoding them (every sync step 2, every snapshot) merges
    // the overlapping float-rounded ranges into a zero-length one, which `applyUpdate` rejects
    // with "Unexpected case" (UpdateEncoderV2.writeDsLen).
    frames: () => [
      updateFrame(
        deleteOnlyUpdate([
          {
            client: client.deletes,
            ranges: [
              { clock: 2 ** 31 - 1, length: Number.MAX_SAFE_INTEGER },
              { clock: Number.MAX_SAFE_INTEGER, length: 1 },
            ],
          },
        ]),
      ),
    ],
  },
  {
    name: 'self-referencing-origin',
    defect: 'an item whose origin is itself, parked until a dependency arrives, is integrated inside an honest client\'s update and throws there',
    // origin = the item's own id (Yjs skips the missing-check for its own client), rightOrigin =
    // a clock honest-0 has not written yet: the item waits in pendingStructs until honest-0
    // writes that far, then the retry runs inside honest-0's transaction and throws.
    frames: (ctx) => {
      const target = honest(ctx);
      return [
        updateFrame(
          singleItemUpdate(client.selfRef, 0, {
            kind: 'item',
            origin: { client: client.selfRef, clock: 0 },
            rightOrigin: { client: target.clientId, clock: target.nextClock + 3 },
            content: { ref: 'any', values: ['self'] },
          }),
        ),
      ];
    },
  },
  {
    name: 'content-doc',
    defect: 'a subdocument (ContentDoc) in the records map: content no board uses, accepted, stored and relayed',
    frames: () => [updateFrame(singleItemUpdate(client.subdoc, 0, { kind: 'item', parent: { root: 'records' }, parentSub: 'shape:subdoc', content: { ref: 'doc', guid: 'fuzz-subdoc', opts: { autoLoad: true, meta: { fuzz: true } } } }))],
    checkHonest: subdocViolations('an honest client'),
    checkStored: subdocViolations('the stored board'),
  },
  {
    name: 'deep-content-any',
    defect: 'a ContentAny value nested 3,000 levels deep (the document limit is 64) is accepted, stored and relayed',
    frames: () => [updateFrame(singleItemUpdate(client.deepAny, 0, { kind: 'item', parent: { root: 'fuzz' }, parentSub: 'deep', content: { ref: 'anyRaw', count: 1, bytes: deepAnyBytes(3000, 'array') } }))],
    checkHonest: deepValueViolations('an honest client', 'fuzz'),
    checkStored: deepValueViolations('the stored board', 'fuzz'),
  },
  {
    name: 'invalid-record',
    defect: 'a records entry that is not a valid tldraw record (a 100,000-character title, wrong types) is accepted, stored and relayed',
    frames: () => {
      const record = { client: client.record, clock: 0 };
      const props = { client: client.record, clock: 5 };
      return [
        updateFrame(
          encodeUpdate({
            groups: [
              {
                client: client.record,
                clock: 0,
                structs: [
                  { kind: 'item', parent: { root: 'records' }, parentSub: invalidRecordId, content: { ref: 'type', typeRef: TypeRef.map } },
                  { kind: 'item', parent: { id: record }, parentSub: 'id', content: { ref: 'any', values: [invalidRecordId] } },
                  { kind: 'item', parent: { id: record }, parentSub: 'typeName', content: { ref: 'any', values: ['shape'] } },
                  { kind: 'item', parent: { id: record }, parentSub: 'type', content: { ref: 'any', values: ['opportunity'] } },
                  { kind: 'item', parent: { id: record }, parentSub: 'x', content: { ref: 'any', values: ['left'] } },
                  { kind: 'item', parent: { id: record }, parentSub: 'props', content: { ref: 'type', typeRef: TypeRef.map } },
                  { kind: 'item', parent: { id: props }, parentSub: 'title', content: { ref: 'any', values: [hugeTitle] } },
                  { kind: 'item', parent: { id: props }, parentSub: 'w', content: { ref: 'any', values: ['wide'] } },
                ],
              },
            ],
            deletes: [],
          }),
        ),
      ];
    },
    checkHonest: invalidRecordViolations('an honest client'),
    checkStored: invalidRecordViolations('the stored board'),
  },
  {
    name: 'deep-content-json',
    defect: 'a ContentJSON value nested 10,000 levels deep: JSON.parse reads it, JSON.stringify overflows when Yjs encodes the update, and the doc never emits an update again',
    frames: () => [updateFrame(singleItemUpdate(client.deepJson, 0, { kind: 'item', parent: { root: 'fuzzArray' }, content: { ref: 'json', values: [deepJson(10_000)] } }))],
  },
  {
    name: 'honest-client-id-next-clock',
    defect: "an update written with an honest client's own client id at its next clock takes that clock: the honest client's own edit there is dropped",
    frames: (ctx) => {
      const target = honest(ctx);
      return [updateFrame(singleItemUpdate(target.clientId, target.nextClock, { kind: 'item', parent: { root: 'fuzz' }, parentSub: 'stolen', content: { ref: 'any', values: ['mine now'] } }))];
    },
  },
  {
    name: 'honest-future-delete',
    defect: "deletes for clocks an honest client has not written yet are kept and delete its next edits when they arrive",
    frames: (ctx) => {
      const target = honest(ctx);
      return [updateFrame(deleteOnlyUpdate([{ client: target.clientId, ranges: [{ clock: target.nextClock, length: 5 }] }]))];
    },
  },
  {
    // Last: it stalls the room's awareness until the server drops the state (30 s).
    name: 'deep-awareness-json',
    defect: 'deep awareness JSON (nested arrays) parses, then overflows the stack in JSON.stringify when the server re-encodes awareness: the connection is never answered',
    frames: () => [awarenessFrame(awarenessUpdate([{ clientId: client.awareness + 1, clock: 1, json: deepStateJson(20_000, 'array') }]))],
  },
];
