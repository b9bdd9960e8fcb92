/**
 * Voting rounds on several instances (one PostgreSQL, one Redis): the ballots are in the
 * database, and the round state the serving instance writes into the board goes through the
 * normal commit path, so clients on every instance see it. Two owners' tabs starting a round
 * on two instances at once still give one open round.
 */
import { describe, expect, it } from 'vitest';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { defaultOpportunityProps } from '@koppelbord/board-model';
import { newParticipantKey, participantKeyHeader, readVotingRounds, type VotingRoundState } from '@koppelbord/contract';
import type { TestClient } from '../helpers/client.ts';
import { tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { useScaleOut } from './scale-out-helpers.ts';

const s = useScaleOut();

const roundsIn = (client: TestClient): VotingRoundState[] => {
  const entry = getRecordsMap(client.doc).get('document:document');
  return readVotingRounds((readRecordEntry(entry) as { meta?: unknown } | undefined)?.meta);
};

describe('voting rounds on two instances', () => {
  it('a round, ballots and the reveal made through either instance reach the clients of both', async () => {
    const cluster = await s.cluster({ count: 2, databaseUrl: await s.database(), redisUrl: (await s.redis()).url });
    const board = await cluster.createBoard(0);
    const edit = tokenOf(board.links.edit);
    const [onFirst, onSecond] = [await s.client(cluster, 0, board.id, edit), await s.client(cluster, 1, board.id, edit)];
    const cardId = 'shape:warmtenet';
    onFirst.doc.transact(() =>
      writeRecordEntry(getRecordsMap(onFirst.doc), cardId, {
        id: cardId, typeName: 'shape', type: 'opportunity', parentId: 'page:page', index: 'a5', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1,
        props: { ...defaultOpportunityProps(), title: 'Warmtenet' }, meta: {},
      }),
    );
    await waitFor(() => getRecordsMap(onSecond.doc).has(cardId), 'the card on the second instance', 15_000);

    const call = (instance: number, path: string, method: string, token: string, body?: unknown, key?: string) =>
      fetch(`${cluster.instances[instance]!.url}/api/boards/${board.id}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...(key && { [participantKeyHeader]: key }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });

    // Two owner tabs, one on each instance, start a round at the same moment: one round opens.
    const starts = await Promise.all([0, 1].map((i) => call(i, '/rounds', 'POST', board.ownerToken, { label: `Ronde ${i}`, votesPerParticipant: 2 })));
    expect(starts.map((r) => r.status).sort()).toEqual([201, 409]);
    const roundId = ((await starts.find((r) => r.status === 201)!.json()) as { id: string }).id;
    await waitFor(() => roundsIn(onFirst)[0]?.id === roundId && roundsIn(onSecond)[0]?.id === roundId, 'the round on both instances', 15_000);

    // Ballots through different instances; the counts reach both.
    expect((await call(0, `/rounds/${roundId}/ballot`, 'PUT', edit, { votes: { [cardId]: 2 } }, newParticipantKey())).status).toBe(200);
    expect((await call(1, `/rounds/${roundId}/ballot`, 'PUT', edit, { votes: { [cardId]: 1 } }, newParticipantKey())).status).toBe(200);
    await waitFor(() => roundsIn(onFirst)[0]?.voterCount === 2 && roundsIn(onSecond)[0]?.voterCount === 2, 'two voters on both instances', 15_000);

    expect((await call(1, `/rounds/${roundId}/reveal`, 'POST', board.ownerToken)).status).toBe(200);
    await waitFor(() => roundsIn(onFirst)[0]?.results?.[0]?.votes === 3, 'the results on the first instance', 15_000);
    expect(roundsIn(onSecond)[0]?.results?.[0]).toMatchObject({ opportunityId: cardId, votes: 3 });
    // A closed round refuses a ballot on the other instance too (the database decides).
    expect((await call(0, `/rounds/${roundId}/ballot`, 'PUT', edit, { votes: { [cardId]: 1 } }, newParticipantKey())).status).toBe(409);
  });
});
