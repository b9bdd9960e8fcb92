import { describe, expect, it } from 'vitest';
import { boardChanges, noChanges } from '../src/changes.ts';
import { domain, opportunity, organisation, shape, type Rec } from './records.ts';

const page: Rec = { id: 'page:page', typeName: 'page', name: 'Wijk', index: 'a1', meta: {} };
const matrix = shape('matrix', 'quadrant', { w: 800, h: 600, title: 'Baten/risico' });
/** Centre (160, 90) in the 800 × 600 quadrant: low risk, high benefit. */
const inWinWin = { parentId: 'shape:matrix', x: 60, y: 40 };
/** Centre (660, 90): high risk, high benefit. */
const inConditional = { parentId: 'shape:matrix', x: 560, y: 40 };

function before(): Rec[] {
  return [
    page,
    matrix,
    opportunity('heat', { title: 'Warmtenet', status: 'idea' }, inWinWin),
    opportunity('bus', { title: 'Buurtbus', status: 'idea' }),
    opportunity('roofs', { title: 'Zonnedaken', status: 'explored' }),
    domain('care', 'care'),
    domain('sewer', 'sewerage-water', 'invited'),
    organisation('corp', 'Woonstichting De Kernen', 'housing-corporation'),
  ];
}

describe('boardChanges', () => {
  it('finds nothing between a board and itself', () => {
    expect(boardChanges(before(), before())).toEqual(noChanges());
  });

  it('lists added and removed opportunities by title, sorted', () => {
    const after = before().filter((record) => record.id !== 'shape:bus');
    after.push(opportunity('school', { title: 'Schoolplein vergroenen' }), opportunity('agrid', { title: 'Aardgasvrij' }));
    const changes = boardChanges(before(), after);
    expect(changes.opportunitiesAdded).toEqual(['Aardgasvrij', 'Schoolplein vergroenen']);
    expect(changes.opportunitiesRemoved).toEqual(['Buurtbus']);
    expect(changes.opportunitiesChanged).toEqual([]);
  });

  it('counts a change of title, quadrant class or status, and nothing else', () => {
    const after = before().map((record) => {
      if (record.id === 'shape:heat') return opportunity('heat', { title: 'Warmtenet', status: 'idea' }, inConditional);
      if (record.id === 'shape:bus') return opportunity('bus', { title: 'Elektrische buurtbus', status: 'idea' });
      if (record.id === 'shape:roofs') return opportunity('roofs', { title: 'Zonnedaken', status: 'agreed', description: 'and a new description' });
      return record;
    });
    expect(boardChanges(before(), after).opportunitiesChanged).toEqual(['Elektrische buurtbus', 'Warmtenet', 'Zonnedaken']);
    // A description or position change inside one class is not a change the summary reports.
    const moved = before().map((record) =>
      record.id === 'shape:heat' ? opportunity('heat', { title: 'Warmtenet', status: 'idea', description: 'x' }, { ...inWinWin, x: 70 }) : record,
    );
    expect(boardChanges(before(), moved).opportunitiesChanged).toEqual([]);
  });

  it('lists domains and organisations new to the board, not a second card of a domain already there', () => {
    const after = [
      ...before(),
      domain('care2', 'care'),
      domain('youth', 'youth'),
      domain('own', 'Bibliotheek West'),
      organisation('school', 'De Regenboog', 'school'),
    ];
    const changes = boardChanges(before(), after);
    expect(changes.domainsAdded).toEqual(['Bibliotheek West', 'Jeugd']);
    expect(changes.organisationsAdded).toEqual(['De Regenboog (School)']);
    expect(boardChanges(before(), after, { locale: 'en' }).domainsAdded).toEqual(['Bibliotheek West', 'Youth']);
  });

  it('lists cards whose consultation status or date changed', () => {
    const after = before().map((record) => {
      if (record.id === 'shape:sewer') return domain('sewer', 'sewerage-water', 'consulted', '2026-11-02');
      if (record.id === 'shape:corp') return organisation('corp', 'Woonstichting De Kernen', 'housing-corporation', 'invited');
      return record;
    });
    expect(boardChanges(before(), after).consultationChanged).toEqual(['Riolering & water', 'Woonstichting De Kernen (Woningcorporatie)']);
    const redated = after.map((record) => (record.id === 'shape:sewer' ? domain('sewer', 'sewerage-water', 'consulted', '2026-11-09') : record));
    expect(boardChanges(after, redated).consultationChanged).toEqual(['Riolering & water']);
  });

  it('gives everything as added when there was nothing before', () => {
    const changes = boardChanges([], before());
    expect(changes.opportunitiesAdded).toEqual(['Buurtbus', 'Warmtenet', 'Zonnedaken']);
    expect(changes.domainsAdded).toEqual(['Riolering & water', 'Zorg & ondersteuning (Wmo)']);
    expect(changes.consultationChanged).toEqual([]);
  });
});
