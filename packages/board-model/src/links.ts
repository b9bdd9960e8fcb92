/**
 * The links a board draws with arrows: an opportunity is tied to the domains and
 * organisations involved in it by arrows bound to their cards, drawn by hand or made from
 * the opportunity's panel. `arrowLink` is the rule for one arrow; `arrowLinks` applies it to
 * a whole board. DOM-free: works on plain tldraw records, from the client's store or the
 * server's snapshot.
 */

/** Any tldraw record (shape, binding, page, …): all this module needs is its id and type name. */
export interface BoardRecordLike {
  readonly id: string;
  readonly typeName: string;
}

/** One bound end of an arrow: the shape it is bound to, and which end it is. */
export interface ArrowEnd {
  toId: string;
  terminal: 'start' | 'end';
}

/** An arrow binding as tldraw stores it (`fromId` is the arrow, `toId` the shape it is bound to). */
interface ArrowBindingLike extends ArrowEnd {
  fromId: string;
}

function field(record: BoardRecordLike, name: string): unknown {
  return (record as unknown as Record<string, unknown>)[name];
}

/** The shape's `type` when the record is a shape, otherwise undefined. */
export function shapeType(record: BoardRecordLike): string | undefined {
  if (record.typeName !== 'shape') return undefined;
  const type = field(record, 'type');
  return typeof type === 'string' ? type : undefined;
}

function asArrowBinding(record: BoardRecordLike): ArrowBindingLike | undefined {
  if (record.typeName !== 'binding' || field(record, 'type') !== 'arrow') return undefined;
  const fromId = field(record, 'fromId');
  const toId = field(record, 'toId');
  const props = field(record, 'props');
  const terminal = typeof props === 'object' && props !== null ? (props as Record<string, unknown>)['terminal'] : undefined;
  if (typeof fromId !== 'string' || typeof toId !== 'string') return undefined;
  if (terminal !== 'start' && terminal !== 'end') return undefined;
  return { fromId, toId, terminal };
}

/**
 * The two shapes one arrow links, from the bindings of its ends: an arrow bound at its start
 * to one shape and at its end to another links the two, in either direction. An arrow bound
 * at one end only, or at both ends to the same shape, links nothing (null).
 */
export function arrowLink(ends: Iterable<ArrowEnd>): readonly [string, string] | null {
  let start: string | undefined;
  let end: string | undefined;
  for (const { toId, terminal } of ends) {
    if (terminal === 'start') start = toId;
    else end = toId;
  }
  return start === undefined || end === undefined || start === end ? null : [start, end];
}

/**
 * The undirected links created by arrows (see arrowLink), as shape id → ids of the shapes
 * linked to it. Ignored as well: bindings whose arrow or target shape is not among the
 * records. Several arrows between the same two shapes count once. Shapes without links are
 * absent from the map.
 */
export function arrowLinks(records: Iterable<BoardRecordLike>): Map<string, Set<string>> {
  const shapeIds = new Set<string>();
  const arrowIds = new Set<string>();
  const bindings: ArrowBindingLike[] = [];
  for (const record of records) {
    const type = shapeType(record);
    if (type !== undefined) {
      shapeIds.add(record.id);
      if (type === 'arrow') arrowIds.add(record.id);
      continue;
    }
    const binding = asArrowBinding(record);
    if (binding) bindings.push(binding);
  }

  const endsByArrow = new Map<string, ArrowEnd[]>();
  for (const binding of bindings) {
    if (!arrowIds.has(binding.fromId) || !shapeIds.has(binding.toId)) continue;
    const ends = endsByArrow.get(binding.fromId) ?? [];
    ends.push(binding);
    endsByArrow.set(binding.fromId, ends);
  }

  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = links.get(a) ?? new Set<string>();
    set.add(b);
    links.set(a, set);
  };
  for (const ends of endsByArrow.values()) {
    const linked = arrowLink(ends);
    if (!linked) continue;
    link(linked[0], linked[1]);
    link(linked[1], linked[0]);
  }
  return links;
}
