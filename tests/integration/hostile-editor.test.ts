/**
 * Regression tests for what a modified client with a valid edit link could do to a board
 * (issue: "a hostile or broken editor must not poison a board, stall it, or cost others their
 * edits"). Every test runs beside honest stock clients that must not notice anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { CloseCode } from '@koppelbord/contract';
import { createBoardSchema, defaultOpportunityProps } from '@koppelbord/board-model';
import { checkDocRecord, getMetaMap, getRecordsMap, META_SCHEMA_KEY, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { awarenessUpdate } from '../fuzz/awareness.ts';
import { awarenessFrame, syncStep1Frame, updateFrame } from '../fuzz/frames.ts';
import { deepAnyBytes, deepJson, deleteOnlyUpdate, singleItemUpdate } from '../fuzz/yjs-update.ts';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { openRawSocket, type RawSocket } from '../helpers/raw-socket.ts';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const schema = createBoardSchema();
const pendingTimeoutMs = 1_500;
const maxPendingBytes = 64 * 1024;
let server: TestServer;
let boardId: string;
let token: string;
let alice: TestClient;
let bob: TestClient;
const hostile: RawSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ limits: { pendingTimeoutMs, maxPendingBytes } });
  const board = await server.createBoard();
  boardId = board.id;
  token = tokenOf(board.links.edit);
  alice = await connectSynced(server.wsUrl, boardId, token);
  bob = await connectSynced(server.wsUrl, boardId, token);
  alice.provider.awareness.setLocalState({ user: { name: 'Alice' } });
  await waitFor(() => bob.provider.awareness.getStates().get(alice.doc.clientID), 'Bob to see Alice');
});

afterAll(async () => {
  for (const socket of hostile) socket.destroy();
  alice.destroy();
  bob.destroy();
  await server.stop();
});

/** One presence entry as a modified client would send it. */
const presence = (clientId: number, clock: number, json: string) => awarenessUpdate([{ clientId, clock, json }]);

async function attacker(): Promise<RawSocket> {
  const socket = await openRawSocket(server.wsUrl, boardId, token);
  hostile.push(socket);
  return socket;
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const escaped = name.replace(/[{}"[\]().*+?^$|\\]/g, '\\$&');
  return Number(text.match(new RegExp(`^${escaped} (\\S+)$`, 'm'))?.[1] ?? 0);
}

/** Alice writes a key and Bob receives it: the honest clients still sync, and everything sent before has been relayed. */
async function honestStillSync(): Promise<void> {
  const stamp = `${Date.now()}-${Math.random()}`;
  alice.doc.getMap('honest').set(stamp, stamp);
  await waitFor(() => bob.doc.getMap('honest').get(stamp) === stamp, 'Bob to receive Alice’s edit');
  expect(alice.closes).toEqual([]);
  expect(bob.closes).toEqual([]);
}

/** The board's full state as the server serves it, applied to a fresh doc: it must apply cleanly. */
async function servedState(): Promise<Y.Doc> {
  const socket = await openRawSocket(server.wsUrl, boardId, token);
  try {
    const before = socket.received.length;
    socket.send(syncStep1Frame(Uint8Array.of(0)));
    const reply = await waitFor(() => socket.received.slice(before).find((m) => m[0] === 0 && m[1] === 1), 'sync step 2');
    const decoder = decoding.createDecoder(reply);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
    expect(doc.store.pendingStructs).toBeNull();
    expect(doc.store.pendingDs).toBeNull();
    return doc;
  } finally {
    socket.destroy();
  }
}

describe('awareness', () => {
  it('a state sent for another client’s id (spoofing) is ignored', async () => {
    const mallory = await attacker();
    const aliceClock = alice.provider.awareness.meta.get(alice.doc.clientID)!.clock;
    mallory.send(awarenessFrame(presence(alice.doc.clientID, aliceClock + 10, '{"user":{"name":"Mallory"}}')));
    await mallory.roundTrip();
    await honestStillSync();
    expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice' } });
    expect(await metric('koppelbord_rejected_messages_total{reason="awareness_not_owner"}')).toBeGreaterThan(0);
  });

  it('a removal sent for another client’s id does not make them vanish', async () => {
    const mallory = await attacker();
    const aliceClock = alice.provider.awareness.meta.get(alice.doc.clientID)!.clock;
    mallory.send(awarenessFrame(presence(alice.doc.clientID, aliceClock + 20, 'null')));
    await mallory.roundTrip();
    await honestStillSync();
    expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({ user: { name: 'Alice' } });
  });

  it('a 1 MiB state closes its sender with 1009 and reaches no one', async () => {
    const mallory = await attacker();
    mallory.send(awarenessFrame(presence(4242, 1, JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }))));
    expect((await waitFor(() => mallory.close, 'Mallory to be closed')).code).toBe(CloseCode.tooBig);
    await honestStillSync();
    expect(bob.provider.awareness.getStates().has(4242)).toBe(false);
  });

  it('deeply nested JSON closes its sender with 1008; joiners and query replies are still answered', async () => {
    const mallory = await attacker();
    mallory.send(awarenessFrame(presence(4343, 1, `{"deep":${deepJson(3000)}}`)));
    expect((await waitFor(() => mallory.close, 'Mallory to be closed')).code).toBe(CloseCode.policy);
    const joiner = await attacker();
    await joiner.roundTrip(2_000);
    expect(joiner.close).toBeUndefined();
    await honestStillSync();
  });
});

describe('document updates', () => {
  const refused: [string, () => Uint8Array][] = [
    ['an item whose origin is itself', () => singleItemUpdate(91, 0, { kind: 'item', origin: { client: 91, clock: 0 }, content: { ref: 'string', text: 'x' } })],
    ['a clock near 2^53', () => singleItemUpdate(92, 2 ** 52, { kind: 'item', parent: { root: 'x' }, parentSub: 'k', content: { ref: 'string', text: 'x' } })],
    ['a subdocument', () => singleItemUpdate(93, 0, { kind: 'item', parent: { root: 'x' }, parentSub: 'k', content: { ref: 'doc', guid: 'sub', opts: {} } })],
    ['a value nested 5,000 deep', () => singleItemUpdate(94, 0, { kind: 'item', parent: { root: 'x' }, parentSub: 'k', content: { ref: 'anyRaw', count: 1, bytes: deepAnyBytes(5_000) } })],
    ['an unknown content type', () => singleItemUpdate(95, 0, { kind: 'item', parent: { root: 'x' }, content: { ref: 'raw', info: 20, bytes: Uint8Array.of(1, 2, 3), length: 1 } })],
  ];
  for (const [name, make] of refused) {
    it(`${name} closes only its sender (1008)`, async () => {
      const mallory = await attacker();
      mallory.send(updateFrame(make()));
      expect((await waitFor(() => mallory.close, 'Mallory to be closed')).code).toBe(CloseCode.policy);
      await honestStillSync();
    });
  }

  it('deletions for an unknown client with huge clocks are kept apart: never served, never stored, dropped after a while', async () => {
    const dropped = await metric('koppelbord_pending_updates_dropped_total');
    const mallory = await attacker();
    for (let i = 0; i < 20; i++) {
      mallory.send(updateFrame(deleteOnlyUpdate([{ client: 700_000 + i, ranges: [{ clock: 2 ** 31 + i, length: 2 ** 20 }] }])));
    }
    await mallory.roundTrip();
    expect(mallory.close).toBeUndefined();
    await honestStillSync();
    const served = await servedState();
    expect([...Y.decodeStateVector(Y.encodeStateVector(served)).keys()].some((client) => client >= 700_000 && client < 700_020)).toBe(false);
    await waitFor(async () => (await metric('koppelbord_pending_updates_dropped_total')) >= dropped + 20, 'the waiting deletions to be dropped', 10_000);
  });

  it('too many waiting updates close the connection holding most of them, not the others', async () => {
    const orphan = (client: number, bytes: number) =>
      updateFrame(singleItemUpdate(client, 0, { kind: 'item', origin: { client: 880_000, clock: 5 }, content: { ref: 'string', text: 'w'.repeat(bytes) } }));
    const patient = await attacker();
    patient.send(orphan(810_000, 100));
    await patient.roundTrip();
    const mallory = await attacker();
    for (let i = 0; i < 100 && !mallory.close; i++) mallory.send(orphan(820_000 + i, 1024));
    expect((await waitFor(() => mallory.close, 'Mallory to be closed')).code).toBe(CloseCode.policy);
    await patient.roundTrip();
    expect(patient.close).toBeUndefined();
    expect(await metric('koppelbord_rejected_messages_total{reason="pending_overflow"}')).toBe(1);
    await honestStillSync();
  });

  it('changes written under another participant’s client id are left out; that participant keeps its id and its edits', async () => {
    const aliceId = alice.doc.clientID;
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(alice.doc));
    forged.clientID = aliceId;
    const before = Y.encodeStateVector(forged);
    forged.getMap('honest').set('forged', 'by Mallory');
    const mallory = await attacker();
    mallory.send(updateFrame(Y.encodeStateAsUpdate(forged, before)));
    await mallory.roundTrip();
    await honestStillSync();
    expect(alice.doc.clientID).toBe(aliceId);
    expect(bob.doc.getMap('honest').has('forged')).toBe(false);
    expect(alice.doc.getMap('honest').has('forged')).toBe(false);
  });

  it('deletions of another participant’s future changes are dropped, also while that participant is away', async () => {
    const mallory = await attacker();
    const futureOf = (doc: Y.Doc) => updateFrame(deleteOnlyUpdate([{ client: doc.clientID, ranges: [{ clock: Y.getState(doc.store, doc.clientID), length: 50 }] }]));
    mallory.send(futureOf(alice.doc));
    await mallory.roundTrip();
    for (const key of ['after-1', 'after-2', 'after-3']) alice.doc.getMap('honest').set(key, key);
    await waitFor(() => bob.doc.getMap('honest').has('after-3'), 'Bob to get Alice’s new keys');
    await honestStillSync();
    expect(['after-1', 'after-2', 'after-3'].every((key) => bob.doc.getMap('honest').has(key))).toBe(true);

    // Dave leaves; Mallory deletes what Dave will write next; Dave comes back and writes.
    const doc = new Y.Doc();
    const dave = await connectSynced(server.wsUrl, boardId, token, { doc });
    dave.provider.awareness.setLocalState({ user: { name: 'Dave' } });
    await waitFor(() => bob.provider.awareness.getStates().has(doc.clientID), 'Bob to see Dave');
    dave.doc.getMap('dave').set('first', 1);
    await waitFor(() => bob.doc.getMap('dave').has('first'), 'Bob to get Dave’s first key');
    dave.provider.disconnect();
    await waitFor(() => !bob.provider.awareness.getStates().has(doc.clientID), 'Dave to be gone');
    mallory.send(futureOf(doc));
    await mallory.roundTrip();
    dave.provider.connect();
    await waitFor(() => dave.provider.synced, 'Dave to be back');
    // Dave still counts from the clock his presence had when it was removed: the server tells
    // him, and he is back for the others well before his 15 s renewal.
    await waitFor(() => bob.provider.awareness.getStates().has(doc.clientID), 'Bob to see Dave again', 3_000);
    dave.doc.getMap('dave').set('second', 2);
    await waitFor(() => bob.doc.getMap('dave').has('second'), 'Bob to get Dave’s second key');
    await honestStillSync();
    expect(bob.doc.getMap('dave').get('second')).toBe(2);
    dave.destroy();
  });

  it('a client whose old connection still holds its id gets its edits in once that connection is gone', async () => {
    const clientId = 0x5eed_0001;
    const zombie = await attacker();
    zombie.send(awarenessFrame(presence(clientId, 1, '{"user":{"name":"Carol, old connection"}}')));
    await zombie.roundTrip();
    const doc = new Y.Doc();
    doc.clientID = clientId;
    const carol = await connectSynced(server.wsUrl, boardId, token, { doc });
    try {
      carol.doc.getMap('carol').set('edit', 'made while the old connection lingered');
      await honestStillSync();
      expect(bob.doc.getMap('carol').has('edit')).toBe(false);
      zombie.destroy();
      await waitFor(() => bob.doc.getMap('carol').get('edit') === 'made while the old connection lingered', 'Carol’s edit to arrive once her id is free');
    } finally {
      carol.destroy();
    }
  });

  it('an update whose dependency arrives later from another client is applied then, and reaches everyone', async () => {
    // Carol's edit builds on Dave's, which the server does not have yet.
    const dave = new Y.Doc();
    const carol = new Y.Doc();
    Y.applyUpdate(dave, Y.encodeStateAsUpdate(alice.doc));
    dave.getArray('list').insert(0, ['from Dave']);
    const daveUpdate = Y.encodeStateAsUpdate(dave, Y.encodeStateVector(alice.doc));
    Y.applyUpdate(carol, Y.encodeStateAsUpdate(dave));
    const carolBefore = Y.encodeStateVector(carol);
    carol.getArray('list').insert(1, ['from Carol']);
    const carolUpdate = Y.encodeStateAsUpdate(carol, carolBefore);

    const carolSocket = await attacker();
    carolSocket.send(updateFrame(carolUpdate));
    await carolSocket.roundTrip();
    // The server asked Carol for what it lacks (a sync step 1 after her update).
    expect(carolSocket.received.filter((m) => m[0] === 0 && m[1] === 0).length).toBeGreaterThanOrEqual(2);
    expect(bob.doc.getArray('list').length).toBe(0);

    const daveSocket = await attacker();
    daveSocket.send(updateFrame(daveUpdate));
    await waitFor(() => bob.doc.getArray('list').length === 2, 'Bob to receive both edits');
    expect(bob.doc.getArray('list').toArray()).toEqual(['from Dave', 'from Carol']);
    expect(carolSocket.close).toBeUndefined();
  });
});

describe('records', () => {
  const opportunity = (id: string, title: string) => ({
    id,
    typeName: 'shape',
    type: 'opportunity',
    parentId: 'page:page',
    index: 'a5',
    x: 100,
    y: 100,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    props: { ...defaultOpportunityProps(), w: 240, h: 140, title },
    meta: {},
  });
  /** Every record Bob's doc ever held, checked as it arrived. */
  const invalidSeenByBob: string[] = [];

  beforeAll(() => {
    getRecordsMap(bob.doc).observeDeep(() => {
      getRecordsMap(bob.doc).forEach((entry, id) => {
        if (!checkDocRecord(schema, id, readRecordEntry(entry)).ok) invalidSeenByBob.push(id);
      });
    });
  });

  it('the valid template is valid (the test’s own premise)', () => {
    expect(checkDocRecord(schema, 'shape:premise', opportunity('shape:premise', 'Warmtenet')).ok).toBe(true);
  });

  it('an invalid change is put back to the last valid value, and the writer’s later edits still arrive', async () => {
    const writer = await connectSynced(server.wsUrl, boardId, token);
    try {
      const records = getRecordsMap(writer.doc);
      const id = 'shape:warmtenet';
      writer.doc.transact(() => writeRecordEntry(records, id, opportunity(id, 'Warmtenet')));
      await waitFor(() => getRecordsMap(bob.doc).has(id), 'Bob to get the card');

      const reverted = await metric('koppelbord_records_reverted_total{reason="invalid_record"}');
      writer.doc.transact(() => writeRecordEntry(records, id, opportunity(id, 'x'.repeat(100_000))));
      await waitFor(() => (readRecordEntry(records.get(id)) as { props: { title: string } }).props.title === 'Warmtenet', 'the writer’s card to be put back');
      expect(await metric('koppelbord_records_reverted_total{reason="invalid_record"}')).toBe(reverted + 1);

      // The writer's next edit builds on the refused one in Yjs: it must still arrive.
      writer.doc.transact(() => writeRecordEntry(records, id, opportunity(id, 'Warmtenet en buurthuis')));
      await waitFor(() => (readRecordEntry(getRecordsMap(bob.doc).get(id)) as { props: { title: string } }).props.title === 'Warmtenet en buurthuis', 'Bob to get the later edit');
      expect(writer.closes).toEqual([]);
    } finally {
      writer.destroy();
    }
    expect(invalidSeenByBob).toEqual([]);
  });

  it('a record that never was valid is removed for everyone, the writer included', async () => {
    const writer = await connectSynced(server.wsUrl, boardId, token);
    try {
      const records = getRecordsMap(writer.doc);
      writer.doc.transact(() => {
        writeRecordEntry(records, 'shape:bad', { ...opportunity('shape:bad', 'ok'), props: { title: 12 } });
        records.set('shape:not-a-record', 'hello');
        writeRecordEntry(records, 'gadget:1', { id: 'gadget:1', typeName: 'gadget' });
      });
      await waitFor(() => !records.has('shape:bad') && !records.has('shape:not-a-record') && !records.has('gadget:1'), 'the writer’s records to be removed');
      await honestStillSync();
      expect(getRecordsMap(bob.doc).has('shape:bad')).toBe(false);
    } finally {
      writer.destroy();
    }
    expect(invalidSeenByBob).toEqual([]);
  });

  it('the board schema cannot be overwritten', async () => {
    const original = getMetaMap(bob.doc).get(META_SCHEMA_KEY);
    const writer = await connectSynced(server.wsUrl, boardId, token);
    try {
      getMetaMap(writer.doc).set(META_SCHEMA_KEY, { schemaVersion: 2, sequences: { 'com.tldraw.shape.geo': 999 } });
      await waitFor(() => JSON.stringify(getMetaMap(writer.doc).get(META_SCHEMA_KEY)) === JSON.stringify(original), 'the schema to be put back');
      await honestStillSync();
      expect(getMetaMap(bob.doc).get(META_SCHEMA_KEY)).toEqual(original);
      expect(await metric('koppelbord_records_reverted_total{reason="invalid_schema"}')).toBeGreaterThan(0);
    } finally {
      writer.destroy();
    }
  });
});

describe('after all of it', () => {
  it('a restarted server serves state a fresh stock client applies, with every honest key', async () => {
    const keys = [...alice.doc.getMap('honest').keys()];
    expect(keys.length).toBeGreaterThan(5);
    for (const socket of hostile.splice(0)) socket.destroy();
    alice.destroy();
    bob.destroy();
    await server.stop({ keepData: true });
    server = await startTestServer({ dataDir: server.dataDir, limits: { pendingTimeoutMs, maxPendingBytes } });
    const served = await servedState();
    expect([...served.getMap('honest').keys()].sort()).toEqual(keys.sort());
    const fresh = await connectSynced(server.wsUrl, boardId, token);
    try {
      expect(fresh.doc.getMap('honest').size).toBe(keys.length);
      for (const [id, entry] of getRecordsMap(fresh.doc)) expect(checkDocRecord(schema, id, readRecordEntry(entry)).ok).toBe(true);
    } finally {
      fresh.destroy();
    }
    alice = await connectSynced(server.wsUrl, boardId, token);
    bob = await connectSynced(server.wsUrl, boardId, token);
  });
});
