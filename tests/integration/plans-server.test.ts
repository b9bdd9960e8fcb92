/**
 * Plans against a modified client (issue 14, plans timeline): an editor writing raw Yjs into
 * the records map cannot put an invalid plan on the board (an end year before its start, a
 * year off the horizon, an unknown firmness): the server validates plans with the same board
 * schema as the client and puts back what it refuses in the same commit, so an honest
 * participant never sees it, and the writer's later edits still arrive. The template's
 * timeline is pinned scaffolding like the quadrant: an editor cannot move it, but can put
 * plans on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardSchema, defaultPlanProps } from '@koppelbord/board-model';
import { checkDocRecord, getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import type { TestClient } from '../helpers/client.ts';
import { useTestServer } from '../helpers/fixture.ts';
import { tokenOf } from '../helpers/server.ts';
import { createTemplateBoard } from '../helpers/template-board.ts';
import { waitFor } from '../helpers/wait.ts';

type PlanJson = Record<string, unknown> & { props: { title: string; period: { start: number; end: number }; firmness: string } };

const schema = createBoardSchema();
const fixture = useTestServer();
const timelineId = 'shape:template-timeline';
let writer: TestClient;
let bob: TestClient;
/** Every invalid record Bob's doc ever held. */
const invalidSeenByBob: string[] = [];

const read = (client: TestClient, id: string) => {
  const entry = getRecordsMap(client.doc).get(id);
  return entry === undefined ? undefined : (readRecordEntry(entry) as PlanJson);
};
const write = (client: TestClient, id: string, record: object) => client.doc.transact(() => writeRecordEntry(getRecordsMap(client.doc), id, record));

const plan = (id: string, title: string, period: { start: number; end: number }, extra: Record<string, unknown> = {}) => ({
  id,
  typeName: 'shape',
  type: 'plan',
  parentId: timelineId,
  index: 'a5',
  x: 0,
  y: 100,
  rotation: 0,
  isLocked: false,
  opacity: 1,
  props: { ...defaultPlanProps(), title, period },
  meta: {},
  ...extra,
});

beforeAll(async () => {
  const board = await createTemplateBoard(fixture.server.url, 'Wijk Noord');
  writer = await fixture.join(board.id, tokenOf(board.links.edit));
  bob = await fixture.join(board.id, tokenOf(board.links.edit));
  getRecordsMap(bob.doc).observeDeep(() => {
    getRecordsMap(bob.doc).forEach((entry, id) => {
      if (!checkDocRecord(schema, id, readRecordEntry(entry)).ok) invalidSeenByBob.push(id);
    });
  });
});

afterAll(() => {
  expect(invalidSeenByBob).toEqual([]);
});

describe('plans from a raw client', () => {
  it('a valid plan on the template’s timeline reaches the others', async () => {
    expect(read(bob, timelineId)).toMatchObject({ type: 'timeline', isLocked: false, meta: { scaffold: true, pinned: true } });
    write(writer, 'shape:sewer', plan('shape:sewer', 'Rioolvervanging', { start: 2028, end: 2030 }));
    await waitFor(() => read(bob, 'shape:sewer')?.props.title === 'Rioolvervanging', 'Bob to get the plan');
  });

  it('an end year before the start year is put back to the last valid period, and the writer’s next edit arrives', async () => {
    const reverted = await fixture.metric('koppelbord_records_reverted_total{reason="invalid_record"}');
    write(writer, 'shape:sewer', plan('shape:sewer', 'Rioolvervanging', { start: 2030, end: 2028 }));
    await waitFor(() => read(writer, 'shape:sewer')?.props.period.start === 2028, 'the writer’s plan to be put back');
    expect(read(writer, 'shape:sewer')?.props.period).toEqual({ start: 2028, end: 2030 });
    expect(await fixture.metric('koppelbord_records_reverted_total{reason="invalid_record"}')).toBe(reverted + 1);

    write(writer, 'shape:sewer', plan('shape:sewer', 'Rioolvervanging', { start: 2029, end: 2031 }));
    await waitFor(() => read(bob, 'shape:sewer')?.props.period.start === 2029, 'Bob to get the valid move');
    expect(read(bob, 'shape:sewer')?.props.period).toEqual({ start: 2029, end: 2031 });
  });

  it('years off the horizon, a period of one year only, an unknown firmness are refused too', async () => {
    const cases: [string, object][] = [
      ['far', plan('shape:sewer', 'Rioolvervanging', { start: 1850, end: 2031 })],
      ['half', { ...plan('shape:sewer', 'Rioolvervanging', { start: 2029, end: 2031 }), props: { ...defaultPlanProps(), title: 'Rioolvervanging', period: { start: 2029 } } }],
      ['firmness', { ...plan('shape:sewer', 'Rioolvervanging', { start: 2029, end: 2031 }), props: { ...defaultPlanProps(), title: 'Rioolvervanging', period: { start: 2029, end: 2031 }, firmness: 'promised' } }],
    ];
    for (const [name, record] of cases) {
      write(writer, 'shape:sewer', record);
      await waitFor(() => checkDocRecord(schema, 'shape:sewer', read(writer, 'shape:sewer')).ok, `the writer’s plan to be put back (${name})`);
      expect(read(writer, 'shape:sewer')?.props).toMatchObject({ period: { start: 2029, end: 2031 }, firmness: 'planned' });
    }
  });

  it('a plan that never was valid is removed for everyone', async () => {
    write(writer, 'shape:bad-plan', plan('shape:bad-plan', 'Scholen', { start: 2035, end: 2030 }));
    write(writer, 'shape:ok-plan', plan('shape:ok-plan', 'Netverzwaring', { start: 2030, end: 2032 }));
    await waitFor(() => read(bob, 'shape:ok-plan') !== undefined, 'Bob to get the valid plan written after it');
    await waitFor(() => read(writer, 'shape:bad-plan') === undefined, 'the invalid plan to be removed at the writer');
    expect(read(bob, 'shape:bad-plan')).toBeUndefined();
  });

  it('the pinned timeline cannot be moved by an editor; plans on it still can', async () => {
    const timeline = read(bob, timelineId)!;
    write(writer, timelineId, { ...timeline, x: (timeline['x'] as number) + 500 });
    await waitFor(() => read(writer, timelineId)?.['x'] === timeline['x'], 'the timeline to be put back');
    write(writer, 'shape:ok-plan', plan('shape:ok-plan', 'Netverzwaring', { start: 2031, end: 2033 }, { x: 500 }));
    await waitFor(() => read(bob, 'shape:ok-plan')?.props.period.start === 2031, 'Bob to get the moved plan');
    expect(read(bob, timelineId)?.['x']).toBe(timeline['x']);
  });
});
