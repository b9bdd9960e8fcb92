/**
 * Yjs v1 updates written by hand with lib0 `encoding`, so the fuzz can express what Yjs itself
 * never writes: absurd clocks and lengths, items that point at themselves, unknown content
 * and type refs, deep values. The layout follows yjs/src/utils/encoding.js
 * (`writeClientsStructs`, `readClientsStructRefs`), `UpdateEncoderV1` and the `write` methods
 * of the content classes:
 *
 *   update     = varUint #groups, group*, deleteSet
 *   group      = varUint #structs, varUint client, varUint clock, struct*
 *   struct     = GC:   info 0,  varUint length
 *              | Skip: info 10, varUint length
 *              | Item: info (content ref | BIT8 origin | BIT7 rightOrigin | BIT6 parentSub),
 *                      [origin id] [rightOrigin id]
 *                      [if neither: varUint parentInfo (1: varString root name | 0: parent id),
 *                                   [varString parentSub]]
 *                      content
 *   id         = varUint client, varUint clock
 *   deleteSet  = varUint #clients, (varUint client, varUint #ranges, (varUint clock, varUint length)*)*
 */
import * as encoding from 'lib0/encoding';

export interface Id {
  client: number;
  clock: number;
}

/** Where an item lives when it has neither origin: a root type by name, or an item id. */
export type Parent = { root: string } | { id: Id };

/** lib0 `writeAny` values (what ContentAny and ContentDoc options hold). */
export type AnyValue = string | number | bigint | boolean | null | undefined | Uint8Array | AnyValue[] | { [key: string]: AnyValue };

/** Content refs, as in yjs/src/structs/Item.js `contentRefs`. */
export const ContentRef = { deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9 } as const;
/** Type refs, as in yjs/src/structs/ContentType.js `typeRefs`. */
export const TypeRef = { array: 0, map: 1, text: 2, xmlElement: 3, xmlFragment: 4, xmlHook: 5, xmlText: 6 } as const;

export type Content =
  | { ref: 'deleted'; length: number }
  /** Each value is written as the JSON text given (ContentJSON), so it may be invalid or deep. */
  | { ref: 'json'; values: string[] }
  | { ref: 'binary'; bytes: Uint8Array }
  | { ref: 'string'; text: string }
  | { ref: 'embed'; json: string }
  | { ref: 'format'; key: string; json: string }
  /** `name` is written for XmlElement (3) and XmlHook (5); any other number is an unknown type ref. */
  | { ref: 'type'; typeRef: number; name?: string }
  /** Values as lib0 `writeAny` writes them, or pre-encoded bytes (deep values are built by hand). */
  | { ref: 'any'; values: AnyValue[] }
  | { ref: 'anyRaw'; count: number; bytes: Uint8Array }
  | { ref: 'doc'; guid: string; opts: AnyValue }
  /** A content ref Yjs does not know (0, 10, 11…31) followed by arbitrary bytes. */
  | { ref: 'raw'; info: number; bytes: Uint8Array; length: number };

export interface ItemStruct {
  kind: 'item';
  origin?: Id | null;
  rightOrigin?: Id | null;
  parent?: Parent;
  parentSub?: string | null;
  content: Content;
  /** Replaces the computed info byte (the low five bits still come from the content). */
  infoFlags?: number;
}

export type Struct = { kind: 'gc'; length: number } | { kind: 'skip'; length: number } | ItemStruct;

export interface StructGroup {
  client: number;
  clock: number;
  structs: Struct[];
  /** Written instead of `structs.length` (a count that lies). */
  declaredCount?: number;
}

export interface DeleteEntry {
  client: number;
  ranges: { clock: number; length: number }[];
}

export interface UpdateSpec {
  groups: StructGroup[];
  deletes: DeleteEntry[];
}

const BIT6 = 0x20;
const BIT7 = 0x40;
const BIT8 = 0x80;

/** The clock length of a struct, as Yjs computes it when reading (used to place later structs). */
export function structLength(struct: Struct): number {
  if (struct.kind !== 'item') return struct.length;
  const content = struct.content;
  switch (content.ref) {
    case 'deleted':
      return content.length;
    case 'json':
      return content.values.length;
    case 'string':
      return content.text.length;
    case 'any':
      return content.values.length;
    case 'anyRaw':
      return content.count;
    case 'raw':
      return content.length;
    default:
      return 1;
  }
}

function contentRefNumber(content: Content): number {
  switch (content.ref) {
    case 'anyRaw':
      return ContentRef.any;
    case 'raw':
      return content.info & 0x1f;
    default:
      return ContentRef[content.ref];
  }
}

function writeId(encoder: encoding.Encoder, id: Id): void {
  encoding.writeVarUint(encoder, id.client);
  encoding.writeVarUint(encoder, id.clock);
}

function writeContent(encoder: encoding.Encoder, content: Content): void {
  switch (content.ref) {
    case 'deleted':
      encoding.writeVarUint(encoder, content.length);
      return;
    case 'json':
      encoding.writeVarUint(encoder, content.values.length);
      for (const value of content.values) encoding.writeVarString(encoder, value);
      return;
    case 'binary':
      encoding.writeVarUint8Array(encoder, content.bytes);
      return;
    case 'string':
      encoding.writeVarString(encoder, content.text);
      return;
    case 'embed':
      encoding.writeVarString(encoder, content.json);
      return;
    case 'format':
      encoding.writeVarString(encoder, content.key);
      encoding.writeVarString(encoder, content.json);
      return;
    case 'type':
      encoding.writeVarUint(encoder, content.typeRef);
      if (content.typeRef === TypeRef.xmlElement || content.typeRef === TypeRef.xmlHook) encoding.writeVarString(encoder, content.name ?? 'div');
      return;
    case 'any':
      encoding.writeVarUint(encoder, content.values.length);
      for (const value of content.values) encoding.writeAny(encoder, value as never);
      return;
    case 'anyRaw':
      encoding.writeVarUint(encoder, content.count);
      encoding.writeUint8Array(encoder, content.bytes);
      return;
    case 'doc':
      encoding.writeVarString(encoder, content.guid);
      encoding.writeAny(encoder, content.opts as never);
      return;
    case 'raw':
      encoding.writeUint8Array(encoder, content.bytes);
      return;
  }
}

function writeStruct(encoder: encoding.Encoder, struct: Struct): void {
  if (struct.kind === 'gc') {
    encoding.writeUint8(encoder, 0);
    encoding.writeVarUint(encoder, struct.length);
    return;
  }
  if (struct.kind === 'skip') {
    encoding.writeUint8(encoder, 10);
    encoding.writeVarUint(encoder, struct.length);
    return;
  }
  const origin = struct.origin ?? null;
  const rightOrigin = struct.rightOrigin ?? null;
  const parentSub = struct.parentSub ?? null;
  const flags = struct.infoFlags ?? ((origin ? BIT8 : 0) | (rightOrigin ? BIT7 : 0) | (parentSub !== null ? BIT6 : 0));
  encoding.writeUint8(encoder, (flags & 0xe0) | contentRefNumber(struct.content));
  if (flags & BIT8) writeId(encoder, origin ?? { client: 0, clock: 0 });
  if (flags & BIT7) writeId(encoder, rightOrigin ?? { client: 0, clock: 0 });
  if ((flags & (BIT7 | BIT8)) === 0) {
    const parent = struct.parent ?? { root: 'fuzz' };
    if ('root' in parent) {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, parent.root);
    } else {
      encoding.writeVarUint(encoder, 0);
      writeId(encoder, parent.id);
    }
    if (flags & BIT6) encoding.writeVarString(encoder, parentSub ?? '');
  }
  writeContent(encoder, struct.content);
}

/** Encodes an update (v1). Groups are written in the order given (Yjs writes higher clients first). */
export function encodeUpdate(spec: UpdateSpec): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, spec.groups.length);
  for (const group of spec.groups) {
    encoding.writeVarUint(encoder, group.declaredCount ?? group.structs.length);
    encoding.writeVarUint(encoder, group.client);
    encoding.writeVarUint(encoder, group.clock);
    for (const struct of group.structs) writeStruct(encoder, struct);
  }
  writeDeleteSet(encoder, spec.deletes);
  return encoding.toUint8Array(encoder);
}

function writeDeleteSet(encoder: encoding.Encoder, deletes: readonly DeleteEntry[]): void {
  encoding.writeVarUint(encoder, deletes.length);
  for (const entry of deletes) {
    encoding.writeVarUint(encoder, entry.client);
    encoding.writeVarUint(encoder, entry.ranges.length);
    for (const range of entry.ranges) {
      encoding.writeVarUint(encoder, range.clock);
      encoding.writeVarUint(encoder, range.length);
    }
  }
}

/** A delete-only update (no structs). */
export function deleteOnlyUpdate(deletes: DeleteEntry[]): Uint8Array {
  return encodeUpdate({ groups: [], deletes });
}

/**
 * The id each struct of a group gets: `clock` plus the lengths before it. Lets a case point an
 * origin at "the item after me" or a parent at "my own map item".
 */
export function structIds(group: StructGroup): Id[] {
  const ids: Id[] = [];
  let clock = group.clock;
  for (const struct of group.structs) {
    ids.push({ client: group.client, clock });
    clock += structLength(struct);
  }
  return ids;
}

/** One item as a whole update: the common case of the builders. */
export function singleItemUpdate(client: number, clock: number, item: ItemStruct, deletes: DeleteEntry[] = []): Uint8Array {
  return encodeUpdate({ groups: [{ client, clock, structs: [item] }], deletes });
}

// ---- deep values, built iteratively (lib0 and JSON.stringify would recurse) ------------------

const anyArrayTag = 117;
const anyObjectTag = 118;
const anyNullTag = 126;

/** One lib0-encoded `any` value nested `depth` levels deep (arrays, objects or both). */
export function deepAnyBytes(depth: number, shape: 'array' | 'object' | 'mixed' = 'array'): Uint8Array {
  const encoder = encoding.createEncoder();
  for (let level = 0; level < depth; level++) {
    const asObject = shape === 'object' || (shape === 'mixed' && level % 2 === 1);
    if (asObject) {
      encoding.writeUint8(encoder, anyObjectTag);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, 'a');
    } else {
      encoding.writeUint8(encoder, anyArrayTag);
      encoding.writeVarUint(encoder, 1);
    }
  }
  encoding.writeUint8(encoder, anyNullTag);
  return encoding.toUint8Array(encoder);
}

/** JSON text nested `depth` levels deep. */
export function deepJson(depth: number, shape: 'array' | 'object' | 'mixed' = 'array'): string {
  if (shape === 'array') return '['.repeat(depth) + ']'.repeat(depth);
  if (shape === 'object') return '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth);
  let open = '';
  let close = '';
  for (let level = 0; level < depth; level++) {
    if (level % 2 === 0) {
      open += '[';
      close = ']' + close;
    } else {
      open += '{"a":';
      close = '}' + close;
    }
  }
  return open + 'null' + close;
}
