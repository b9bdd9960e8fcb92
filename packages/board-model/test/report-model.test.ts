import { describe, expect, it } from 'vitest';
import { noChanges } from '../src/changes.ts';
import { formatMoment, sessionReport, type ReportBlock, type SessionReportInput } from '../src/report-model.ts';
import { arrow, domain, opportunity, organisation, shape, type Rec } from './records.ts';

function board(): Rec[] {
  return [
    { id: 'page:page', typeName: 'page', name: 'Wijk', index: 'a1', meta: {} },
    shape('matrix', 'quadrant', { w: 800, h: 600, title: 'Baten/risico' }),
    opportunity('heat', { title: 'Warmtenet', status: 'agreed', owner: 'Team Riolering' }, { parentId: 'shape:matrix', x: 60, y: 40 }),
    opportunity('park', { title: 'Parkeergarage', status: 'parked', parkedReason: 'Te duur' }, { parentId: 'shape:matrix', x: 560, y: 440 }),
    opportunity('loose', { title: 'Buurtbus' }),
    domain('sewer', 'sewerage-water', 'consulted', '2026-11-02'),
    organisation('corp', 'De Kernen', 'housing-corporation'),
    ...arrow('a1', 'heat', 'sewer'),
  ];
}

const input = (overrides: Partial<SessionReportInput> = {}): SessionReportInput => ({
  board: { title: 'De Esch', municipality: 'Amsterdam', neighbourhood: null },
  snapshot: { label: 'Sessie 1', createdAt: new Date('2026-11-28T15:30:00Z') },
  participants: [
    { role: 'editor', name: 'Piet', speaksFor: 'welfare' },
    { role: 'owner', name: 'Anna', speaksFor: 'welfare' },
    { role: 'viewer', name: null, speaksFor: 'housing-corporation' },
  ],
  includeNames: false,
  previous: null,
  invalidRecords: 0,
  ...overrides,
});

const texts = (blocks: ReportBlock[]) =>
  blocks.flatMap((block) => (block.kind === 'list' ? block.items : block.kind === 'fields' ? block.fields.map((f) => `${f.label}: ${f.value}`) : [block.text]));

describe('sessionReport', () => {
  it('starts with the title and the facts it has (an empty neighbourhood is left out)', () => {
    const report = sessionReport(board(), input(), 'nl');
    expect(report.title).toBe('Sessieverslag: De Esch');
    expect(report.blocks[0]).toEqual({ kind: 'heading', level: 1, text: 'Sessieverslag: De Esch' });
    const facts = report.blocks[1];
    expect(facts?.kind === 'fields' && facts.fields.map((f) => f.label)).toEqual(['Bord', 'Gemeente', 'Momentopname', 'Vastgelegd op']);
  });

  it('groups participants by what they speak for, with role counts unless names are included', () => {
    expect(texts(sessionReport(board(), input(), 'nl').blocks)).toContain('Welzijn & wijkteams: Eigenaar van het bord, Deelnemer (bewerken)');
    const named = texts(sessionReport(board(), input({ includeNames: true }), 'nl').blocks);
    expect(named).toContain('Welzijn & wijkteams: Anna (Eigenaar van het bord), Piet (Deelnemer (bewerken))');
    expect(named).toContain('Woningcorporatie: Meekijker (alleen lezen)');
  });

  it('lists opportunities by class in the method order, those outside the quadrant last', () => {
    const all = texts(sessionReport(board(), input(), 'en').blocks);
    const order = ['Win-win — couple (1)', 'Warmtenet', 'Do not couple — park (1)', 'Parkeergarage', 'Not in the quadrant (1)', 'Buurtbus'].map((text) => all.indexOf(text));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(all).toContain('Linked domains: Sewerage & water');
    expect(all).toContain('Status: Parked — Te duur');
  });

  it('shows coverage: present with consultation, consulted, and missing catalogue domains', () => {
    const all = texts(sessionReport(board(), input(), 'nl').blocks);
    expect(all).toContain('Riolering & water — Geraadpleegd 2-11-2026');
    expect(all).toContain('Geraadpleegd (1)');
    expect(all).toContain('Niet op het bord (uit de catalogus) (21)');
  });

  it('says what changed since the previous snapshot, or that there is none', () => {
    expect(texts(sessionReport(board(), input(), 'nl').blocks)).toContain('Dit is de eerste momentopname van dit bord.');
    const previous = { label: 'Sessie 0', createdAt: new Date('2026-11-01T10:00:00Z'), changes: { ...noChanges(), opportunitiesAdded: ['Warmtenet'] } };
    const all = texts(sessionReport(board(), input({ previous }), 'nl').blocks);
    expect(all).toContain(`Vorige momentopname: Sessie 0 (${formatMoment(previous.createdAt, 'nl')})`);
    expect(all).toContain('Koppelkansen toegevoegd: Warmtenet');
    expect(texts(sessionReport(board(), input({ previous: { ...previous, changes: noChanges() } }), 'nl').blocks)).toContain('Geen wijzigingen.');
  });

  it('says how many records were left out', () => {
    expect(texts(sessionReport(board(), input({ invalidRecords: 2 }), 'en').blocks)).toContain(
      '2 parts of the board did not validate against the board schema and were left out.',
    );
  });
});

describe('formatMoment', () => {
  it('shows Amsterdam time with its zone', () => {
    expect(formatMoment(new Date('2026-11-28T15:30:00Z'), 'nl')).toMatch(/^28 november 2026.*16:30 CET$/);
    expect(formatMoment(new Date('2026-07-01T10:00:00Z'), 'en')).toMatch(/^1 July 2026.*12:00 CEST$/);
  });
});
