/**
 * The links a board draws with arrows: an opportunity is tied to the domains and
 * organisations involved by arrows bound to their cards (shared/domain/README.md).
 * DOM-free: works on plain tldraw records, from the client's store or the server's snapshot.
 */

/** Any tldraw record (shape, binding, page, …): all this module needs is its id and type name. */
export interface BoardRecordLike {
  readonly id: string;
  readonly typeName: string;
}

/** An arrow binding as tldraw stores it (`fromId` is the arrow, `toId` the shape it is bound to). */
interface ArrowBindingLike {
  fromId: string;
  toId: string;
  terminal: 'start' | 'end';
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
 * The undirected links created by arrows, as shape id → ids of the shapes linked to it.
 * An arrow bound at its start to shape A and at its end to shape B links A and B (and B and A).
 * Ignored: arrows bound at one end only, arrows from a shape to itself, and bindings whose
 * arrow or target shape is not among the records. Several arrows between the same two
 * shapes count once. Shapes without links are absent from the map.
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

  const ends = new Map<string, { start?: string; end?: string }>();
  for (const binding of bindings) {
    if (!arrowIds.has(binding.fromId) || !shapeIds.has(binding.toId)) continue;
    const arrowEnds = ends.get(binding.fromId) ?? {};
    arrowEnds[binding.terminal] = binding.toId;
    ends.set(binding.fromId, arrowEnds);
  }

  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = links.get(a) ?? new Set<string>();
    set.add(b);
    links.set(a, set);
  };
  for (const { start, end } of ends.values()) {
    if (start === undefined || end === undefined || start === end) continue;
    link(start, end);
    link(end, start);
  }
  return links;
}
