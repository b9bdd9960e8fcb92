import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { CloseCode } from '@koppelbord/contract';
import { awarenessUpdate } from '../../../tests/fuzz/awareness.ts';
import { AwarenessRefused, awarenessTimeoutMs, nestingDepth, RoomAwareness } from '../src/sync/room-awareness.ts';

type Entry = [clientId: number, clock: number, json: string];

const update = (...entries: Entry[]) => awarenessUpdate(entries.map(([clientId, clock, json]) => ({ clientId, clock, json })));

function decode(bytes: Uint8Array | null): Entry[] {
  if (!bytes) return [];
  const decoder = decoding.createDecoder(bytes);
  const entries: Entry[] = [];
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    entries.push([decoding.readVarUint(decoder), decoding.readVarUint(decoder), decoding.readVarString(decoder)]);
  }
  return entries;
}

const limits = { maxStateBytes: 1024, maxDepth: 8, maxClientsPerConnection: 2 };
const alice = { name: 'alice' };
const mallory = { name: 'mallory' };
const t0 = 1_000_000;

function withAlice() {
  const room = new RoomAwareness<object>(limits);
  room.apply(alice, update([1, 1, '{"user":"Alice"}']), t0);
  room.takeChanges();
  return room;
}

describe('RoomAwareness', () => {
  it('keeps and relays a client’s own state as the text it sent', () => {
    const room = new RoomAwareness<object>(limits);
    expect(room.apply(alice, update([1, 1, '{ "user" : "Alice" }']), t0)).toEqual({ changed: 1, notOwned: 0, stale: [], restricted: 0 });
    expect(decode(room.takeChanges())).toEqual([[1, 1, '{ "user" : "Alice" }']]);
    expect(decode(room.encodeAll())).toEqual([[1, 1, '{ "user" : "Alice" }']]);
  });

  it('takes a first state only from clock 1, as y-protocols (stock clients drop clock 0 of an unknown id)', () => {
    const room = new RoomAwareness<object>(limits);
    expect(room.apply(alice, update([1, 0, '{}']), t0).changed).toBe(0);
    expect(room.takeChanges()).toBeNull();
    expect(room.apply(alice, update([1, 1, '{}']), t0).changed).toBe(1);
  });

  it('ignores states and removals for an id another connection owns (spoofing)', () => {
    const room = withAlice();
    expect(room.apply(mallory, update([1, 5, '{"user":"Mallory"}']), t0 + 1)).toEqual({ changed: 0, notOwned: 1, stale: [], restricted: 0 });
    expect(room.apply(mallory, update([1, 6, 'null']), t0 + 2)).toEqual({ changed: 0, notOwned: 1, stale: [], restricted: 0 });
    expect(room.takeChanges()).toBeNull();
    expect(decode(room.encodeAll())).toEqual([[1, 1, '{"user":"Alice"}']]);
  });

  it('takes echoes of known states without counting them as changes', () => {
    const room = withAlice();
    expect(room.apply(mallory, update([1, 1, '{"user":"Alice"}']), t0 + 1)).toEqual({ changed: 0, notOwned: 0, stale: [], restricted: 0 });
  });

  it('lets the owner remove its state, and anyone claim the id afterwards with a newer clock', () => {
    const room = withAlice();
    room.apply(alice, update([1, 2, 'null']), t0 + 1);
    expect(decode(room.takeChanges())).toEqual([[1, 2, 'null']]);
    expect(room.size).toBe(0);
    expect(room.apply(mallory, update([1, 2, '{"late":true}']), t0 + 2).changed).toBe(0);
    expect(room.apply(mallory, update([1, 3, '{"user":"Alice again"}']), t0 + 3).changed).toBe(1);
  });

  it('removes the states of a closed connection with a newer clock', () => {
    const room = withAlice();
    room.release(alice, t0 + 1);
    expect(decode(room.takeChanges())).toEqual([[1, 2, 'null']]);
    expect(decode(room.encodeAll())).toEqual([]);
  });

  it('tells a client that comes back with its old clock that its id was removed at a newer one', () => {
    const room = withAlice();
    room.release(alice, t0 + 1);
    room.takeChanges();
    const reconnected = { name: 'alice, new connection' };
    expect(room.apply(reconnected, update([1, 1, '{"user":"Alice"}']), t0 + 2)).toEqual({ changed: 0, notOwned: 0, stale: [1], restricted: 0 });
    expect(decode(room.encode([1]))).toEqual([[1, 2, 'null']]);
    // The stock client counts past it and announces itself again.
    expect(room.apply(reconnected, update([1, 3, '{"user":"Alice"}']), t0 + 3).changed).toBe(1);
  });

  it('expires states that are not renewed, and frees their ids', () => {
    const room = withAlice();
    room.expire(t0 + awarenessTimeoutMs - 1);
    expect(room.takeChanges()).toBeNull();
    room.expire(t0 + awarenessTimeoutMs);
    expect(decode(room.takeChanges())).toEqual([[1, 2, 'null']]);
    expect(room.apply(mallory, update([1, 3, '{"user":"new"}']), t0 + awarenessTimeoutMs + 1).changed).toBe(1);
  });

  const refused: [string, () => Uint8Array, number, RegExp][] = [
    ['a state over the size limit', () => update([2, 1, JSON.stringify({ pad: 'x'.repeat(2000) })]), CloseCode.tooBig, /over 1024 bytes/],
    ['deep nesting (400 arrays, within the size limit)', () => update([2, 1, `{"deep":${'['.repeat(400)}${']'.repeat(400)}}`]), CloseCode.policy, /nested deeper/],
    ['invalid JSON', () => update([2, 1, '{no']), CloseCode.policy, /not JSON/],
    ['a state that is not an object', () => update([2, 1, '"text"']), CloseCode.policy, /must be an object/],
    ['an array state', () => update([2, 1, '[1]']), CloseCode.policy, /must be an object/],
    ['a client id past 32 bits', () => update([2 ** 32, 1, '{}']), CloseCode.policy, /out of range/],
    ['more ids than one connection may announce', () => update([2, 1, '{}'], [3, 1, '{}'], [4, 1, '{}']), CloseCode.policy, /at most 2/],
    ['a truncated update', () => update([2, 1, '{}']).slice(0, 4), CloseCode.policy, /malformed/],
    ['trailing bytes', () => Uint8Array.from([...update([2, 1, '{}']), 7]), CloseCode.policy, /trailing/],
  ];
  for (const [name, make, code, message] of refused) {
    it(`refuses ${name} (close ${code}) and applies nothing of it`, () => {
      const room = withAlice();
      let error: unknown;
      try {
        room.apply(mallory, make(), t0 + 1);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AwarenessRefused);
      expect((error as AwarenessRefused).code).toBe(code);
      expect((error as Error).message).toMatch(message);
      expect(room.takeChanges()).toBeNull();
      expect(decode(room.encodeAll())).toEqual([[1, 1, '{"user":"Alice"}']]);
    });
  }
});

describe('nestingDepth', () => {
  it.each([
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['{"s":"[[[[[[[[[[["}', 1],
    ['{"s":"\\"[[[["}', 1],
  ])('of %s is %i', (json, depth) => expect(nestingDepth(json, 8)).toBe(depth));

  it('stops counting just past the limit', () => {
    expect(nestingDepth('['.repeat(50_000), 8)).toBe(9);
  });
});

describe('a policy', () => {
  const owner = { name: 'owner' };
  const policy = { allows: (who: object, state: object) => who === owner || !Object.hasOwn(state, 'facilitation') };

  it('relays what the policy allows (a field only the owner may publish), and drops a state it refuses', () => {
    const room = new RoomAwareness<object>(limits, policy);
    expect(room.apply(owner, update([1, 1, '{"facilitation":{"presenting":null}}']), t0)).toEqual({ changed: 1, notOwned: 0, stale: [], restricted: 0 });
    // Written with an escape, the key is still the key once parsed.
    const escaped = '{"\\u0066acilitation":{"presenting":{"id":"x"}}}';
    expect(room.apply(mallory, update([2, 1, escaped], [3, 1, '{"user":"Mallory"}']), t0)).toEqual({ changed: 1, notOwned: 0, stale: [], restricted: 1 });
    expect(decode(room.encodeAll())).toEqual([
      [1, 1, '{"facilitation":{"presenting":null}}'],
      [3, 1, '{"user":"Mallory"}'],
    ]);
    // A later state of the same id without the field is taken: the dropped one held nothing.
    expect(room.apply(mallory, update([2, 2, '{"user":"Mallory"}']), t0).changed).toBe(1);
  });
});
