/**
 * Voting rounds (issue 14) over HTTP and against a modified client: ballots are cast with the
 * participant key (another key is another participant), within the round's limit, on this
 * board's opportunity cards, while the round is open; only the owner opens, closes and reveals;
 * what the server writes into the board (the rounds, their counts, the results) no client can
 * change, and nothing of a ballot reaches the doc before the reveal.
 */
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { defaultOpportunityProps } from '@koppelbord/board-model';
import { newParticipantKey, participantIdOf, participantKeyHeader, readVotingRounds, type MyBallot, type VotingRoundState } from '@koppelbord/contract';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { useTestServer } from '../helpers/fixture.ts';
import { expectJsonError } from '../helpers/http-checks.ts';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const fixture = useTestServer();

interface Keyed {
  doc: Y.Doc;
  provider: WebsocketProvider;
  key: string;
  id: string;
}

/** A stock client that sends a participant key, as the web client does (`?participant=`). */
async function joinAs(boardId: string, token: string): Promise<Keyed> {
  const key = newParticipantKey();
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(fixture.server.wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, participant: key },
    disableBc: true,
  });
  fixture.clients.push({ doc, provider, closes: [], destroy: () => (provider.destroy(), doc.destroy()) });
  await waitFor(() => provider.synced, 'the client to sync');
  return { doc, provider, key, id: await participantIdOf(key) };
}

const read = (doc: Y.Doc, id: string) => {
  const entry = getRecordsMap(doc).get(id);
  return entry === undefined ? undefined : (readRecordEntry(entry) as Record<string, unknown> & { props: Record<string, unknown>; meta: Record<string, unknown> });
};
const roundsIn = (doc: Y.Doc): VotingRoundState[] => readVotingRounds(read(doc, 'document:document')?.meta);

const card = (id: string, title: string, voters: string[] = []) => ({
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
  props: { ...defaultOpportunityProps(), title, voters },
  meta: {},
});

let boardId = '';
let ownerToken = '';
let editToken = '';
let viewToken = '';
let anne: Keyed;
let bram: Keyed;
const cards = { heat: 'shape:heat-network', school: 'shape:schoolyard', bus: 'shape:neighbour-bus' };

beforeAll(async () => {
  const board = await fixture.server.createBoard();
  boardId = board.id;
  ownerToken = board.ownerToken;
  editToken = tokenOf(board.links.edit);
  viewToken = tokenOf(board.links.view);
  anne = await joinAs(boardId, editToken);
  bram = await joinAs(boardId, editToken);
  anne.doc.transact(() => {
    writeRecordEntry(getRecordsMap(anne.doc), cards.heat, card(cards.heat, 'Warmtenet'));
    writeRecordEntry(getRecordsMap(anne.doc), cards.school, card(cards.school, 'Groen schoolplein'));
    writeRecordEntry(getRecordsMap(anne.doc), cards.bus, card(cards.bus, 'Buurtbus'));
  });
  await waitFor(() => read(bram.doc, cards.bus), 'Bram to get the cards');
});

const api = (path: string, init: { method?: string; token: string; key?: string; body?: unknown }) =>
  fetch(`${fixture.server.url}/api/boards/${boardId}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token}`,
      ...(init.key && { [participantKeyHeader]: init.key }),
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });

async function startRound(body: Record<string, unknown>): Promise<string> {
  const response = await api('/rounds', { method: 'POST', token: ownerToken, body });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const cast = (roundId: string, who: Keyed, votes: Record<string, number>, extra: Record<string, unknown> = {}, token = editToken) =>
  api(`/rounds/${roundId}/ballot`, { method: 'PUT', token, key: who.key, body: { votes, ...extra } });

describe('a voting round over HTTP', () => {
  let roundId = '';

  it('only the owner starts a round; it reaches every client as the server wrote it', async () => {
    await expectJsonError(await api('/rounds', { method: 'POST', token: editToken, body: { label: 'Ronde', votesPerParticipant: 3 } }), 403, 'owner_only');
    await expectJsonError(await api('/rounds', { method: 'POST', token: ownerToken, body: { label: '', votesPerParticipant: 99 } }), 400, 'invalid_input');
    roundId = await startRound({ label: 'Eerste ronde', votesPerParticipant: 3 });
    await expectJsonError(await api('/rounds', { method: 'POST', token: ownerToken, body: { label: 'Tweede', votesPerParticipant: 3 } }), 409, 'round_open');
    const seen = await waitFor(() => roundsIn(bram.doc).find((round) => round.id === roundId), 'Bram to see the round');
    expect(seen).toMatchObject({ label: 'Eerste ronde', status: 'open', votesPerParticipant: 3, weighting: 'none', anonymous: false, voterCount: 0, results: null });
  });

  it('a participant casts within the limit and reads back their own ballot; the doc shows only how many voted', async () => {
    const response = await cast(roundId, anne, { [cards.heat]: 2, [cards.school]: 1 }, { name: 'Anne', speaksFor: 'housing' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ roundId, votes: { [cards.heat]: 2, [cards.school]: 1 }, used: 3, left: 0, limit: 3 } satisfies MyBallot);
    await waitFor(() => roundsIn(bram.doc)[0]?.voterCount === 1, 'the voter count to reach Bram');
    // Nothing of what Anne chose is in the board anyone receives.
    const everything = JSON.stringify(getRecordsMap(bram.doc).toJSON());
    expect(roundsIn(bram.doc)[0]?.results).toBeNull();
    expect(everything).not.toContain(anne.id);
    const mine = await api(`/rounds/${roundId}/ballot`, { token: editToken, key: anne.key });
    expect(((await mine.json()) as MyBallot).votes).toEqual({ [cards.heat]: 2, [cards.school]: 1 });
    // Bram's key is Bram: he sees his own (empty) ballot, not Anne's.
    const his = await api(`/rounds/${roundId}/ballot`, { token: editToken, key: bram.key });
    expect(await his.json()).toMatchObject({ votes: {}, used: 0, left: 3 });
  });

  it('refuses a ballot over the limit, on what is not an opportunity, without a key, or from a viewer — and keeps the one before', async () => {
    const over = await expectJsonError(await cast(roundId, anne, { [cards.heat]: 3, [cards.bus]: 1 }), 422, 'over_vote_limit');
    expect(over.error.message).toContain('3 votes');
    await expectJsonError(await cast(roundId, anne, { 'shape:nothing-here': 1 }), 422, 'not_an_opportunity');
    await expectJsonError(await cast(roundId, anne, { 'document:document': 1 }), 400, 'invalid_input');
    await expectJsonError(await api(`/rounds/${roundId}/ballot`, { method: 'PUT', token: editToken, body: { votes: { [cards.bus]: 1 } } }), 400, 'participant_key_missing');
    await expectJsonError(await api(`/rounds/${roundId}/ballot`, { method: 'PUT', token: editToken, key: 'not-a-key', body: { votes: {} } }), 400, 'participant_key_invalid');
    await expectJsonError(await cast(roundId, anne, { [cards.bus]: 1 }, {}, viewToken), 403, 'viewer_cannot_vote');
    // A stated participant id is not part of a ballot: the body is refused, it casts nothing.
    await expectJsonError(await cast(roundId, bram, { [cards.bus]: 1 }, { participantId: anne.id }), 400, 'invalid_input');
    await expectJsonError(await api('/rounds/nope/ballot', { method: 'PUT', token: editToken, key: anne.key, body: { votes: {} } }), 404, 'round_not_found');
    const mine = (await (await api(`/rounds/${roundId}/ballot`, { token: editToken, key: anne.key })).json()) as MyBallot;
    expect(mine.votes).toEqual({ [cards.heat]: 2, [cards.school]: 1 });
  });

  it('a ballot replaces the participant’s own only: Bram voting leaves Anne’s as it was', async () => {
    expect((await cast(roundId, bram, { [cards.heat]: 1, [cards.bus]: 2 }, { name: 'Bram', speaksFor: 'welfare' })).status).toBe(200);
    const mine = (await (await api(`/rounds/${roundId}/ballot`, { token: editToken, key: anne.key })).json()) as MyBallot;
    expect(mine.votes).toEqual({ [cards.heat]: 2, [cards.school]: 1 });
    await waitFor(() => roundsIn(anne.doc)[0]?.voterCount === 2, 'two voters counted');
  });

  it('only the owner closes and reveals; a closed round takes no ballots; the reveal writes the totals into the board', async () => {
    await expectJsonError(await api(`/rounds/${roundId}/close`, { method: 'POST', token: editToken }), 403, 'owner_only');
    await expectJsonError(await api(`/rounds/${roundId}/reveal`, { method: 'POST', token: editToken }), 403, 'owner_only');
    expect((await api(`/rounds/${roundId}/close`, { method: 'POST', token: ownerToken })).status).toBe(200);
    await expectJsonError(await cast(roundId, anne, { [cards.bus]: 1 }), 409, 'round_closed');
    await waitFor(() => roundsIn(bram.doc)[0]?.status === 'closed', 'the round closed for Bram');
    expect(roundsIn(bram.doc)[0]?.results).toBeNull();

    const revealed = await api(`/rounds/${roundId}/reveal`, { method: 'POST', token: ownerToken });
    expect(await revealed.json()).toMatchObject({ id: roundId, status: 'revealed' });
    const round = await waitFor(() => roundsIn(bram.doc).find((r) => r.status === 'revealed'), 'the results at Bram');
    expect(round.results?.map(({ opportunityId, title, votes, weighted }) => ({ opportunityId, title, votes, weighted }))).toEqual([
      { opportunityId: cards.heat, title: 'Warmtenet', votes: 3, weighted: null },
      { opportunityId: cards.bus, title: 'Buurtbus', votes: 2, weighted: null },
      { opportunityId: cards.school, title: 'Groen schoolplein', votes: 1, weighted: null },
    ]);
    // Not anonymous: who voted for the heat network, as they stated themselves.
    expect(round.results?.[0]?.voters).toEqual(
      expect.arrayContaining([
        { name: 'Anne', speaksFor: 'housing', votes: 2 },
        { name: 'Bram', speaksFor: 'welfare', votes: 1 },
      ]),
    );
    expect(round.results?.[0]?.voters).toHaveLength(2);
  });

  it('weights by domain: three voters of one domain together weigh as much as one of another; anonymous hides who', async () => {
    const weightedRound = await startRound({ label: 'Gewogen', votesPerParticipant: 2, weighting: 'domain', anonymous: true });
    const carla = await joinAs(boardId, editToken);
    const dirk = await joinAs(boardId, editToken);
    // Housing sends three people, all for the heat network; welfare one, for the schoolyard.
    for (const who of [anne, carla, dirk]) expect((await cast(weightedRound, who, { [cards.heat]: 2 }, { speaksFor: 'Wonen ' })).status).toBe(200);
    expect((await cast(weightedRound, bram, { [cards.school]: 2 }, { speaksFor: 'welzijn' })).status).toBe(200);
    expect((await api(`/rounds/${weightedRound}/reveal`, { method: 'POST', token: ownerToken })).status).toBe(200);
    const round = await waitFor(() => roundsIn(bram.doc).find((r) => r.id === weightedRound && r.status === 'revealed'), 'the weighted results');
    expect(round.results).toEqual([
      { opportunityId: cards.heat, title: 'Warmtenet', votes: 6, weighted: 2, voters: null },
      { opportunityId: cards.school, title: 'Groen schoolplein', votes: 2, weighted: 2, voters: null },
    ]);
    // Rounds are kept: the first one's results are still there.
    expect(roundsIn(bram.doc).map((r) => r.status)).toEqual(['revealed', 'revealed']);
  });
});

describe('a revealed round', () => {
  it('keeps its results as they were revealed: a card renamed afterwards does not change them', async () => {
    const heatNow = read(anne.doc, cards.heat)!;
    anne.doc.transact(() => writeRecordEntry(getRecordsMap(anne.doc), cards.heat, { ...heatNow, props: { ...heatNow.props, title: 'Warmtenet Oost' } }));
    await waitFor(() => read(bram.doc, cards.heat)?.props.title === 'Warmtenet Oost', 'the rename at Bram');
    // Starting a round writes every round into the board again.
    const later = await startRound({ label: 'Later', votesPerParticipant: 1 });
    await waitFor(() => roundsIn(bram.doc).some((round) => round.id === later), 'the new round at Bram');
    expect(roundsIn(bram.doc)[0]?.results?.[0]).toMatchObject({ opportunityId: cards.heat, title: 'Warmtenet', votes: 3 });
    expect((await api(`/rounds/${later}/close`, { method: 'POST', token: ownerToken })).status).toBe(200);
  });
});

describe('ballots at the same moment', () => {
  it('six participants voting at once are all counted in the board', async () => {
    const roundId = await startRound({ label: 'Tegelijk', votesPerParticipant: 1 });
    const voters = await Promise.all(Array.from({ length: 6 }, () => joinAs(boardId, editToken)));
    const answers = await Promise.all(voters.map((who) => cast(roundId, who, { [cards.bus]: 1 })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await waitFor(() => roundsIn(bram.doc).find((round) => round.id === roundId)?.voterCount === 6, 'six voters counted at Bram');
    expect((await api(`/rounds/${roundId}/close`, { method: 'POST', token: ownerToken })).status).toBe(200);
  });
});

describe('a modified client (raw Yjs updates)', () => {
  it('cannot open, close, reveal or fake the results of a round: the server puts the rounds back', async () => {
    const before = roundsIn(bram.doc);
    expect(before.length).toBeGreaterThan(0);
    const fake: VotingRoundState = { ...before[0]!, id: 'fake', status: 'open', results: null, voterCount: 0 };
    const document = read(anne.doc, 'document:document')!;
    const reverted = await fixture.metric('koppelbord_records_reverted_total{reason="voting_state"}');
    anne.doc.transact(() =>
      writeRecordEntry(getRecordsMap(anne.doc), 'document:document', {
        ...document,
        meta: { ...document.meta, koppelbordVoting: { rounds: [{ ...before[1]!, results: [{ opportunityId: cards.bus, title: 'Buurtbus', votes: 99, weighted: 99, voters: null }] }, fake] } },
      }),
    );
    await waitFor(() => isDeepStrictEqual(roundsIn(anne.doc), before), 'the rounds put back at Anne');
    expect(roundsIn(bram.doc)).toEqual(before);
    expect(await fixture.metric('koppelbord_records_reverted_total{reason="voting_state"}')).toBe(reverted + 1);
    // Deleting the meta key (or the record) is put back the same way.
    anne.doc.transact(() => writeRecordEntry(getRecordsMap(anne.doc), 'document:document', { ...document, meta: {} }));
    await waitFor(() => isDeepStrictEqual(roundsIn(anne.doc), before), 'the rounds back after a delete');
  });

  it('the owner’s own raw update cannot start a round either: rights go through HTTP', async () => {
    const owner = await joinAs(boardId, ownerToken);
    const before = roundsIn(owner.doc);
    const document = read(owner.doc, 'document:document')!;
    owner.doc.transact(() => writeRecordEntry(getRecordsMap(owner.doc), 'document:document', { ...document, meta: { ...document.meta, koppelbordVoting: { rounds: [] } } }));
    await waitFor(() => isDeepStrictEqual(roundsIn(owner.doc), before), 'the owner’s rounds put back');
  });

  it('legacy card votes: a participant adds and removes only their own id, never someone else’s', async () => {
    const reverted = await fixture.metric('koppelbord_records_reverted_total{reason="foreign_vote"}');
    const props = () => read(anne.doc, cards.bus)!.props;
    const setVoters = (who: Keyed, voters: string[]) => who.doc.transact(() => writeRecordEntry(getRecordsMap(who.doc), cards.bus, { ...read(who.doc, cards.bus)!, props: { ...read(who.doc, cards.bus)!.props, voters } }));
    setVoters(anne, [anne.id]);
    await waitFor(() => isDeepStrictEqual(read(bram.doc, cards.bus)?.props.voters, [anne.id]), 'Anne’s own vote at Bram');
    // Bram removes Anne's vote and adds a made-up one: put back.
    setVoters(bram, ['someone-else']);
    await waitFor(() => isDeepStrictEqual(read(bram.doc, cards.bus)?.props.voters, [anne.id]), 'Bram’s change put back');
    // Bram adds his own next to Anne's: allowed.
    setVoters(bram, [anne.id, bram.id]);
    await waitFor(() => isDeepStrictEqual(props().voters, [anne.id, bram.id]), 'Bram’s own vote at Anne');
    // A new card carrying someone else's vote is refused (removed).
    const forged = 'shape:forged-votes';
    bram.doc.transact(() => writeRecordEntry(getRecordsMap(bram.doc), forged, card(forged, 'Nep', [anne.id])));
    await waitFor(() => read(bram.doc, forged) === undefined, 'the forged card removed');
    expect(read(anne.doc, forged)).toBeUndefined();
    expect(await fixture.metric('koppelbord_records_reverted_total{reason="foreign_vote"}')).toBe(reverted + 2);
  });
});
