import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InvalidUpdate, prepareUpdate, valueDepth } from '../src/sync/update-check.ts';
import { deepJson as deepJsonText, deleteOnlyUpdate, encodeUpdate, singleItemUpdate, type ItemStruct } from '../../../tests/fuzz/yjs-update.ts';

const limits = { maxValueDepth: 16, maxRootTypes: 8 };
const checkUpdate = (doc: Y.Doc, update: Uint8Array, checkLimits = limits) => prepareUpdate(doc, update, checkLimits);

/** A doc as the server holds it: one map with a key, written by client 100. */
function serverDoc(): Y.Doc {
  const author = new Y.Doc();
  author.clientID = 100;
  author.getMap('m').set('a', 1);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(author));
  return doc;
}

/** An update made by a real Yjs client on top of the server's state. */
function realUpdate(doc: Y.Doc, change: (client: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(client);
  change(client);
  return Y.encodeStateAsUpdate(client, before);
}

/** `levels` Y.Maps nested below the root map `deep` (the deepest at depth `levels`). */
function nestedMaps(client: Y.Doc, levels: number): void {
  let map = client.getMap('deep');
  for (let i = 0; i < levels; i++) {
    const inner = new Y.Map<unknown>();
    map.set('k', inner);
    map = inner;
  }
}

const text = (parentSub: string, value = 'hi'): ItemStruct => ({ kind: 'item', parent: { root: 'm' }, parentSub, content: { ref: 'string', text: value } });
const stringAt = (client: number, clock: number) => singleItemUpdate(client, clock, text('x'));
/** Arrays nested `depth` deep, built without recursion. */
function nestedArrays(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe('prepareUpdate: checks', () => {
  const accepted: [string, (doc: Y.Doc) => Uint8Array][] = [
    ['a real client’s map edit', (doc) => realUpdate(doc, (c) => c.getMap('m').set('b', { nested: [1, 2, { three: 3 }] }))],
    ['text, arrays and nested types within the depth limit', (doc) => realUpdate(doc, (c) => {
      c.getText('t').insert(0, 'hallo');
      c.getArray('list').push([1, 'two', new Uint8Array([3])]);
      nestedMaps(c, 16);
    })],
    ['a deletion of known content', (doc) => realUpdate(doc, (c) => c.getMap('m').delete('a'))],
    ['an item waiting for a client the doc has not seen (kept apart later, not refused)', () =>
      singleItemUpdate(7, 0, { kind: 'item', origin: { client: 999, clock: 3 }, content: { ref: 'string', text: 'x' } })],
    ['deletions for a client the doc has not seen', () => deleteOnlyUpdate([{ client: 555, ranges: [{ clock: 10, length: 5 }] }])],
    ['an empty update', () => Uint8Array.of(0, 0)],
  ];
  for (const [name, make] of accepted) {
    it(`accepts ${name}`, () => {
      const doc = serverDoc();
      expect(() => checkUpdate(doc, make(doc), limits)).not.toThrow();
    });
  }

  const refused: [string, (doc: Y.Doc) => Uint8Array, RegExp][] = [
    ['bytes that do not decode', () => Uint8Array.from([1, 1, 200, 1, 5, 99, 99, 99]), /does not decode/],
    ['an unknown content ref', () => singleItemUpdate(7, 0, { kind: 'item', parent: { root: 'm' }, content: { ref: 'raw', info: 17, bytes: Uint8Array.of(0), length: 1 } }), /does not decode/],
    ['an unknown type ref', () => singleItemUpdate(7, 0, { kind: 'item', parent: { root: 'm' }, content: { ref: 'type', typeRef: 42 } }), /does not decode/],
    ['a client id past 32 bits', () => stringAt(2 ** 32, 0), /client id out of range/],
    ['a clock near 2^32', () => stringAt(7, 2 ** 32 - 1), /clock out of range/],
    ['a huge GC length', () => encodeUpdate({ groups: [{ client: 7, clock: 0, structs: [{ kind: 'gc', length: 2 ** 40 }] }], deletes: [] }), /clock out of range/],
    ['an empty struct', () => encodeUpdate({ groups: [{ client: 7, clock: 0, structs: [{ kind: 'gc', length: 0 }] }], deletes: [] }), /empty/],
    ['one client written twice, overlapping', () => encodeUpdate({ groups: [{ client: 7, clock: 0, structs: [text('x')] }, { client: 7, clock: 1, structs: [text('x')] }], deletes: [] }), /overlap/],
    ['an item whose origin is itself', () => singleItemUpdate(7, 0, { kind: 'item', origin: { client: 7, clock: 0 }, content: { ref: 'string', text: 'x' } }), /refers to itself/],
    ['an item referring to a later item of its own client', () =>
      singleItemUpdate(7, 0, { kind: 'item', rightOrigin: { client: 7, clock: 9 }, content: { ref: 'string', text: 'x' } }), /refers to itself/],
    ['an item whose parent is its own later item', () =>
      singleItemUpdate(7, 0, { kind: 'item', parent: { id: { client: 7, clock: 4 } }, parentSub: 'k', content: { ref: 'string', text: 'x' } }), /refers to itself/],
    ['a subdocument', (doc) => realUpdate(doc, (c) => c.getMap('m').set('sub', new Y.Doc())), /subdocuments/],
    ['a value nested too deep', (doc) => realUpdate(doc, (c) => c.getMap('m').set('deep', nestedArrays(17))), /value nested deeper/],
    ['JSON content nested too deep', () => singleItemUpdate(7, 0, { kind: 'item', parent: { root: 'm' }, parentSub: 'j', content: { ref: 'json', values: [deepJsonText(40)] } }), /value nested deeper/],
    ['shared types nested too deep', (doc) => realUpdate(doc, (c) => nestedMaps(c, 17)), /shared types nested deeper/],
    ['more root types than allowed', (doc) => realUpdate(doc, (c) => {
      for (let i = 0; i < limits.maxRootTypes; i++) c.getMap(`root-${i}`).set('k', i);
    }), /root types/],
    ['deletions past 2^32', () => deleteOnlyUpdate([{ client: 555, ranges: [{ clock: 2 ** 32 - 2, length: 5 }] }]), /deletion out of range/],
    ['an empty deletion', () => deleteOnlyUpdate([{ client: 555, ranges: [{ clock: 3, length: 0 }] }]), /deletion out of range/],
  ];
  for (const [name, make, message] of refused) {
    it(`refuses ${name}`, () => {
      const doc = serverDoc();
      const update = make(doc);
      expect(() => checkUpdate(doc, update, limits)).toThrow(InvalidUpdate);
      expect(() => checkUpdate(doc, update, limits)).toThrow(message);
    });
  }

  it('counts type depth through items already in the doc', () => {
    const doc = serverDoc();
    Y.applyUpdate(doc, realUpdate(doc, (c) => nestedMaps(c, 16)));
    // One level more than the 16 the doc holds.
    const deeper = realUpdate(doc, (c) => {
      let map = c.getMap('deep');
      while (map.get('k') instanceof Y.Map) map = map.get('k') as Y.Map<unknown>;
      map.set('k', new Y.Map());
    });
    expect(() => checkUpdate(doc, deeper, limits)).toThrow(/shared types nested deeper/);
  });
});

describe('prepareUpdate: what it leaves out', () => {
  const value = (parentSub: string, v: string): ItemStruct => ({ kind: 'item', parent: { root: 'm' }, parentSub, content: { ref: 'any', values: [v] } });

  it('trims a struct that starts inside known state (Yjs integrates it from the struct before, and throws on a tombstone)', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, encodeUpdate({ groups: [{ client: 7, clock: 0, structs: [{ kind: 'gc', length: 3 }] }], deletes: [] }));
    const overlapping = singleItemUpdate(7, 2, text('k', 'abc'));
    const probe = new Y.Doc();
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc));
    expect(() => Y.applyUpdate(probe, overlapping)).toThrow(); // the Yjs behaviour this guards against
    const prepared = prepareUpdate(doc, overlapping, limits);
    expect(prepared.update).not.toBe(overlapping);
    expect(() => Y.applyUpdate(doc, prepared.update)).not.toThrow();
    expect(Y.getState(doc.store, 7)).toBe(5);
  });

  it('leaves out the new changes of foreign clients, keeps the rest and reports whom it left out', () => {
    const doc = serverDoc();
    const update = encodeUpdate({ groups: [
      { client: 300, clock: 0, structs: [value('mine', 'ok')] },
      { client: 200, clock: 0, structs: [value('spoofed', 'no')] },
    ], deletes: [] });
    const prepared = prepareUpdate(doc, update, limits, { foreign: (client) => client === 200 });
    expect(prepared.dropped).toEqual([200]);
    Y.applyUpdate(doc, prepared.update);
    expect(doc.getMap('m').get('mine')).toBe('ok');
    expect(doc.getMap('m').has('spoofed')).toBe(false);
    expect(Y.getState(doc.store, 200)).toBe(0);
  });

  it('passes an update through untouched when there is nothing to leave out', () => {
    const doc = serverDoc();
    const update = realUpdate(doc, (c) => c.getMap('m').set('b', 2));
    expect(prepareUpdate(doc, update, limits, { foreign: () => false }).update).toBe(update);
  });
});

describe('valueDepth', () => {
  const cases: [string, () => unknown, number][] = [
    ['a number', () => 1, 0],
    ['a string', () => 'text', 0],
    ['binary', () => new Uint8Array(3), 0],
    ['an empty array', () => [], 1],
    ['objects and arrays', () => ({ a: [1, { b: 2 }] }), 3],
    ['50,000 nested arrays (counted up to just past the limit)', () => nestedArrays(50_000), 17],
  ];
  for (const [name, value, depth] of cases) {
    it(`of ${name} is ${depth}`, () => expect(valueDepth(value(), 16)).toBe(depth));
  }
});
