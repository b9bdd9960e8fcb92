/**
 * Comments on cards against a modified client: raw Yjs writes over a stock y-websocket
 * provider, each connection with its own participant key (`?participant=`). The server
 * derives the participant id from the key and puts back every comment written or changed
 * in someone else's name, in the same commit, so the honest participants never see it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { newParticipantKey, participantIdOf } from '@koppelbord/contract';
import { defaultOpportunityProps, editedComment, newComment, reopenedComment, resolvedComment, type CardComment, type CardCommentId } from '@koppelbord/board-model';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { startTestServer, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

interface Participant {
  id: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  records: Y.Map<unknown>;
  destroy(): void;
}

let server: TestServer;
let boardId: string;
let editToken: string;
let viewToken: string;
const open: Participant[] = [];

/** A stock provider with a participant key (the browser client sends it the same way); no key: no participant id. */
async function join(token: string, key: string | null = newParticipantKey()): Promise<Participant> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: key === null ? { token } : { token, participant: key },
    disableBc: true,
  });
  await waitFor(() => provider.synced, 'the participant to sync');
  const participant = { id: key === null ? '' : await participantIdOf(key), doc, provider, records: getRecordsMap(doc), destroy: () => (provider.destroy(), doc.destroy()) };
  open.push(participant);
  return participant;
}

const card = { id: 'shape:heat', typeName: 'shape', type: 'opportunity', parentId: 'page:page', index: 'a5', x: 100, y: 100, rotation: 0, isLocked: false, opacity: 1, props: { ...defaultOpportunityProps(), w: 240, h: 140, title: 'Warmtenet' }, meta: {} };

let counter = 0;
const comment = (author: Participant, text = 'Past dit bij de rioolvervanging?', name = 'Anna'): CardComment =>
  newComment({ id: `card-comment:t${++counter}` as CardCommentId, cardId: card.id, author: { id: author.id, name, speaksFor: 'sewerage-water' }, text, now: Date.now() });

const write = (who: Participant, record: CardComment) => who.doc.transact(() => writeRecordEntry(who.records, record.id, record));
const read = (who: Participant, id: string) => {
  const entry = who.records.get(id);
  return entry === undefined ? undefined : (readRecordEntry(entry) as CardComment);
};

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const escaped = name.replace(/[{}"[\]().*+?^$|\\]/g, '\\$&');
  return Number(text.match(new RegExp(`^${escaped} (\\S+)$`, 'm'))?.[1] ?? 0);
}
const reverted = () => metric('koppelbord_records_reverted_total{reason="comment_author"}');

let anna: Participant;
let bram: Participant;
let carla: Participant;
/** Every comment Carla's doc ever held under Anna's id that Anna did not write: must stay empty. */
const forgedSeenByCarla: string[] = [];
const writtenByAnna = new Set<string>();

beforeAll(async () => {
  server = await startTestServer();
  const board = await server.createBoard();
  boardId = board.id;
  editToken = tokenOf(board.links.edit);
  viewToken = tokenOf(board.links.view);
  anna = await join(editToken);
  bram = await join(editToken);
  carla = await join(editToken);
  anna.doc.transact(() => writeRecordEntry(anna.records, card.id, card));
  await waitFor(() => bram.records.has(card.id) && carla.records.has(card.id), 'the card at Bram and Carla');
  carla.records.observeDeep(() => {
    carla.records.forEach((entry, id) => {
      const value = readRecordEntry(entry) as Partial<CardComment>;
      if (value.typeName === 'card-comment' && value.authorId === anna.id && !writtenByAnna.has(id)) forgedSeenByCarla.push(id);
    });
  });
});

afterAll(async () => {
  for (const participant of open) participant.destroy();
  await server.stop();
});

describe('comments written by a modified client', () => {
  it('an own comment reaches the others', async () => {
    const mine = comment(anna);
    writtenByAnna.add(mine.id);
    write(anna, mine);
    await waitFor(() => read(carla, mine.id)?.text === mine.text, 'Anna’s comment at Carla');
    expect(read(bram, mine.id)).toEqual(mine);
  });

  it('a comment under another participant’s id is put back, for the writer too', async () => {
    const before = await reverted();
    const forged = comment(anna, 'Anna vindt dit een slecht plan');
    write(bram, forged);
    await waitFor(async () => (await reverted()) === before + 1, 'the forged comment to be refused');
    await waitFor(() => !bram.records.has(forged.id), 'the forged comment to leave Bram’s doc');
    // Bram's next, honest comment still arrives (his update stayed applied in Yjs).
    const honest = comment(bram, 'Eigen opmerking', 'Bram');
    write(bram, honest);
    await waitFor(() => read(carla, honest.id)?.text === 'Eigen opmerking', 'Bram’s own comment at Carla');
    expect(carla.records.has(forged.id)).toBe(false);
    expect(forgedSeenByCarla).toEqual([]);
  });

  it('another participant’s comment cannot be edited, moved to another card, renamed or deleted', async () => {
    const mine = comment(anna, 'Origineel');
    writtenByAnna.add(mine.id);
    write(anna, mine);
    await waitFor(() => read(bram, mine.id) !== undefined, 'Anna’s comment at Bram');
    const attempts: (() => void)[] = [
      () => write(bram, editedComment(mine, 'Aangepast door Bram', Date.now())),
      () => write(bram, { ...mine, cardId: 'shape:other' }),
      () => write(bram, { ...mine, authorName: 'Iemand anders' }),
      () => write(bram, { ...mine, authorId: bram.id }),
      () => bram.doc.transact(() => bram.records.delete(mine.id)),
    ];
    for (const attempt of attempts) {
      const before = await reverted();
      attempt();
      await waitFor(async () => (await reverted()) === before + 1, 'the change to be refused');
      await waitFor(() => JSON.stringify(read(bram, mine.id)) === JSON.stringify(mine), 'the comment to be put back at Bram');
      expect(read(carla, mine.id)).toEqual(mine);
    }
  });

  it('its author edits and deletes it', async () => {
    const mine = comment(anna, 'Eerste versie');
    writtenByAnna.add(mine.id);
    write(anna, mine);
    await waitFor(() => read(carla, mine.id) !== undefined, 'the comment at Carla');
    const before = await reverted();
    write(anna, editedComment(mine, 'Tweede versie', Date.now()));
    await waitFor(() => read(carla, mine.id)?.text === 'Tweede versie', 'the edit at Carla');
    anna.doc.transact(() => anna.records.delete(mine.id));
    await waitFor(() => !carla.records.has(mine.id), 'the deletion at Carla');
    expect(await reverted()).toBe(before);
  });

  it('any editor resolves and reopens, in their own name only', async () => {
    const mine = comment(anna, 'Wie pakt dit op?');
    writtenByAnna.add(mine.id);
    write(anna, mine);
    await waitFor(() => read(bram, mine.id) !== undefined, 'the comment at Bram');
    const resolved = resolvedComment(mine, { id: bram.id, name: 'Bram', speaksFor: '' }, Date.now());
    write(bram, resolved);
    await waitFor(() => read(carla, mine.id)?.resolved?.by === bram.id, 'Bram’s resolution at Carla');
    write(carla, reopenedComment(resolved));
    await waitFor(() => read(anna, mine.id)?.resolved === null, 'Carla’s reopening at Anna');

    const before = await reverted();
    write(bram, resolvedComment(mine, { id: carla.id, name: 'Carla', speaksFor: '' }, Date.now()));
    await waitFor(async () => (await reverted()) === before + 1, 'a resolution in Carla’s name to be refused');
    await waitFor(() => read(bram, mine.id)?.resolved === null, 'the resolution to be put back');
  });

  it('a connection without a participant key cannot comment at all', async () => {
    const anonymous = await join(editToken, null);
    const before = await reverted();
    const attempt = { ...comment(anna, 'Zonder sleutel'), authorId: 'c'.repeat(32) };
    write(anonymous, attempt);
    await waitFor(async () => (await reverted()) === before + 1, 'the keyless comment to be refused');
    await waitFor(() => !anonymous.records.has(attempt.id), 'the comment to be removed');
    expect(carla.records.has(attempt.id)).toBe(false);
  });

  it('a viewer’s comment never reaches anyone', async () => {
    const viewer = await join(viewToken);
    const attempt = comment(viewer, 'Ik kijk alleen mee');
    write(viewer, attempt);
    // Anna writes after the viewer: once her comment is at Carla, the viewer's would have been too.
    const marker = comment(anna, 'Na de meekijker');
    writtenByAnna.add(marker.id);
    write(anna, marker);
    await waitFor(() => carla.records.has(marker.id), 'Anna’s later comment at Carla');
    expect(carla.records.has(attempt.id)).toBe(false);
  });

  it('two comments on one card at the same moment both survive', async () => {
    // Both written before either has seen the other's: concurrent in Yjs.
    const fromAnna = comment(anna, 'Tegelijk A');
    const fromBram = comment(bram, 'Tegelijk B', 'Bram');
    writtenByAnna.add(fromAnna.id);
    anna.provider.disconnect();
    bram.provider.disconnect();
    write(anna, fromAnna);
    write(bram, fromBram);
    anna.provider.connect();
    bram.provider.connect();
    await waitFor(() => carla.records.has(fromAnna.id) && carla.records.has(fromBram.id), 'both comments at Carla');
    await waitFor(() => anna.records.has(fromBram.id) && bram.records.has(fromAnna.id), 'each at the other');
  });
});
