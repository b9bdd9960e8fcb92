/**
 * Hand-built Yjs updates (v1 format) for tests: what a modified client could send, including
 * what the Yjs encoder itself never writes. Layout:
 *   update  [varUint #clients, per client: varUint #structs, varUint client, varUint clock, structs…]
 *           [varUint #clients, per client: varUint client, varUint #ranges, (varUint clock, varUint len)…]
 *   item    [info byte: 0x80 origin | 0x40 right origin | 0x20 parentSub | content ref (low 5 bits)]
 *           [origin id] [right origin id] (no origins: [varUint 1, varString root] or [varUint 0, parent id]
 *           [varString parentSub]) [content]
 *   GC [0, varUint len]   Skip [10, varUint len]
 */
import * as encoding from 'lib0/encoding';

export interface ItemSpec {
  kind: 'item';
  origin?: [client: number, clock: number];
  rightOrigin?: [client: number, clock: number];
  /** Root type name, or the id of the item holding the parent type. */
  parent?: string | [client: number, clock: number];
  parentSub?: string;
  content:
    | { ref: 'deleted'; length: number }
    | { ref: 'string'; text: string }
    | { ref: 'any'; values: unknown[] }
    | { ref: 'json'; values: unknown[] }
    | { ref: 'type'; typeRef: number }
    | { ref: 'doc'; guid: string }
    | { ref: 'raw'; contentRef: number; bytes: number[] };
}
export type StructSpec = ItemSpec | { kind: 'gc'; length: number } | { kind: 'skip'; length: number };

export interface UpdateSpec {
  clients?: { client: number; clock: number; structs: StructSpec[] }[];
  deletes?: { client: number; ranges: [clock: number, length: number][] }[];
}

const contentRefs = { deleted: 1, json: 2, string: 4, type: 7, any: 8, doc: 9 } as const;

export function buildUpdate(spec: UpdateSpec): Uint8Array {
  const encoder = encoding.createEncoder();
  const clients = spec.clients ?? [];
  encoding.writeVarUint(encoder, clients.length);
  for (const { client, clock, structs } of clients) {
    encoding.writeVarUint(encoder, structs.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    for (const struct of structs) writeStruct(encoder, struct);
  }
  const deletes = spec.deletes ?? [];
  encoding.writeVarUint(encoder, deletes.length);
  for (const { client, ranges } of deletes) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const [clock, length] of ranges) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, length);
    }
  }
  return encoding.toUint8Array(encoder);
}

function writeStruct(encoder: encoding.Encoder, struct: StructSpec): void {
  if (struct.kind === 'gc' || struct.kind === 'skip') {
    encoding.writeUint8(encoder, struct.kind === 'gc' ? 0 : 10);
    encoding.writeVarUint(encoder, struct.length);
    return;
  }
  const { content } = struct;
  const ref = content.ref === 'raw' ? content.contentRef : content.ref === 'deleted' ? contentRefs.deleted : contentRefs[content.ref];
  const hasOrigins = struct.origin !== undefined || struct.rightOrigin !== undefined;
  const info = (struct.origin ? 0x80 : 0) | (struct.rightOrigin ? 0x40 : 0) | (!hasOrigins && struct.parentSub !== undefined ? 0x20 : 0) | ref;
  encoding.writeUint8(encoder, info);
  const writeId = ([client, clock]: [number, number]) => {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  };
  if (struct.origin) writeId(struct.origin);
  if (struct.rightOrigin) writeId(struct.rightOrigin);
  if (!hasOrigins) {
    const parent = struct.parent ?? 'root';
    if (typeof parent === 'string') {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, parent);
    } else {
      encoding.writeVarUint(encoder, 0);
      writeId(parent);
    }
    if (struct.parentSub !== undefined) encoding.writeVarString(encoder, struct.parentSub);
  }
  switch (content.ref) {
    case 'deleted':
      encoding.writeVarUint(encoder, content.length);
      break;
    case 'string':
      encoding.writeVarString(encoder, content.text);
      break;
    case 'any':
      encoding.writeVarUint(encoder, content.values.length);
      for (const value of content.values) encoding.writeAny(encoder, value as encoding.AnyEncodable);
      break;
    case 'json':
      encoding.writeVarUint(encoder, content.values.length);
      for (const value of content.values) encoding.writeVarString(encoder, JSON.stringify(value));
      break;
    case 'type':
      encoding.writeVarUint(encoder, content.typeRef);
      break;
    case 'doc':
      encoding.writeVarString(encoder, content.guid);
      encoding.writeAny(encoder, {});
      break;
    case 'raw':
      encoding.writeUint8Array(encoder, Uint8Array.from(content.bytes));
      break;
  }
}

/** Arrays nested `depth` deep, built without recursion. */
export function nestedArrays(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
