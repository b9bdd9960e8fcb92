import { describe, expect, it } from 'vitest';
import type { CreateBoardResponse } from '@koppelbord/contract';
import { useTestServer } from '../helpers/fixture.ts';
import { readDocRecords } from '@koppelbord/tldraw-yjs';
import { tokenOf } from '../helpers/server.ts';

const fixture = useTestServer();

interface ShapeRecord {
  id: string;
  typeName: string;
  type: string;
  parentId: string;
  isLocked: boolean;
  meta: Record<string, unknown>;
  props: Record<string, unknown>;
}

const post = (body: unknown) =>
  fetch(`${fixture.server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Creates a board with `body` and returns the records a stock client sees after syncing. */
async function recordsOf(body: Record<string, unknown>): Promise<ShapeRecord[]> {
  const response = await post(body);
  expect(response.status).toBe(201);
  const board = (await response.json()) as CreateBoardResponse;
  const client = await fixture.join(board.id, tokenOf(board.links.edit));
  return readDocRecords(client.doc) as unknown as ShapeRecord[];
}

const ofType = (records: ShapeRecord[], type: string) => records.filter((record) => record.typeName === 'shape' && record.type === type);

describe('board templates', () => {
  it('"sociale-koppelkansen" seeds the starter template: domains, organisations, area, quadrant, legend, plans timeline', async () => {
    const records = await recordsOf({ title: 'Wijk Noord', template: 'sociale-koppelkansen' });
    expect(records.filter((record) => record.typeName === 'page').map((record) => record.id)).toEqual(['page:page']);
    expect(records.filter((record) => record.typeName === 'document')).toHaveLength(1);

    expect(ofType(records, 'domain').map((record) => record.props.domain).sort()).toEqual(
      ['care', 'welfare', 'education', 'work-income', 'safety', 'public-space', 'sewerage-water', 'housing', 'energy-transition'].sort(),
    );
    expect(ofType(records, 'organisation').map((record) => record.props.kind).sort()).toEqual(['housing-corporation', 'school', 'welfare-organisation']);
    expect(ofType(records, 'quadrant')).toHaveLength(1);
    expect(ofType(records, 'quadrant')[0]).toMatchObject({ isLocked: false, meta: { template: 'sociale-koppelkansen', scaffold: true, pinned: true } });
    expect(ofType(records, 'timeline')).toHaveLength(1);
    expect(ofType(records, 'timeline')[0]).toMatchObject({ isLocked: false, meta: { template: 'sociale-koppelkansen', scaffold: true, pinned: true } });
    expect(ofType(records, 'geo')).toHaveLength(1);
    expect(ofType(records, 'text')).toHaveLength(3);

    const shapes = records.filter((record) => record.typeName === 'shape');
    expect(shapes).toHaveLength(18);
    for (const shape of shapes) {
      expect(shape.parentId).toBe('page:page');
      expect(shape.meta.template).toBe('sociale-koppelkansen');
    }
    // Cards can be moved; the headings, area and legend are locked.
    for (const card of [...ofType(records, 'domain'), ...ofType(records, 'organisation')]) expect(card.isLocked).toBe(false);
    for (const scaffold of [...ofType(records, 'text'), ...ofType(records, 'geo')]) expect(scaffold.isLocked).toBe(true);
  });

  it('the template comes in the language asked for (Dutch by default)', async () => {
    const headings = (records: ShapeRecord[]) => ofType(records, 'text').map((record) => JSON.stringify(record.props['richText']));
    expect(headings(await recordsOf({ title: 'Wijk', template: 'sociale-koppelkansen' })).join()).toContain('Beleidsdomeinen');
    const english = await recordsOf({ title: 'Wijk', template: 'sociale-koppelkansen', language: 'en' });
    expect(headings(english).join()).toContain('Policy domains');
    expect(ofType(english, 'organisation').map((record) => record.props['name']).sort()).toEqual(['Housing corporation', 'School', 'Welfare organisation']);
    expect((await post({ title: 'Wijk', template: 'sociale-koppelkansen', language: 'de' })).status).toBe(400);
  });

  it('"blank", or no template, seeds only the document and the page', async () => {
    for (const body of [{ title: 'Leeg' }, { title: 'Leeg', template: 'blank' }]) {
      const records = await recordsOf(body);
      expect(records.map((record) => record.id).sort()).toEqual(['document:document', 'page:page']);
    }
  });

  it('refuses an unknown template name with 400 and a JSON error body', async () => {
    for (const template of ['leeg', '', 42, null, { records: [] }]) {
      const response = await post({ title: 'Wijk', template });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message).toMatch(/template/);
    }
  });
});
