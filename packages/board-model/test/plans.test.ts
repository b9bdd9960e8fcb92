import { type TLRecord } from '@tldraw/tlschema';
import { describe, expect, it } from 'vitest';
import { createBoardSchema } from '../src/schema.ts';
import { planRegister, planRegisterToCsv } from '../src/plan-register.ts';
import {
  couplingMoments,
  couplingMomentText,
  movedPeriod,
  overlap,
  periodText,
  planBox,
  startsInSweetSpot,
  sweetSpot,
  timingFromPlans,
  yearAt,
  yearWindow,
} from '../src/plans-timeline.ts';
import { opportunityRegister, registerReport, registerToCsv } from '../src/register.ts';
import { sessionReport } from '../src/report-model.ts';
import { defaultPlanProps, planShapeMigrations, type PlanShapeProps } from '../src/shapes/plan.ts';
import { starterTemplate } from '../src/template.ts';
import { arrow, domain, opportunity, shape, type Rec } from './records.ts';

const schema = createBoardSchema();
const validate = (record: unknown) => schema.types.shape.validate(record as TLRecord);
const thisYear = 2026;

const plan = (id: string, props: Partial<PlanShapeProps>, extra: Record<string, unknown> = {}): Rec =>
  shape(id, 'plan', { ...defaultPlanProps(thisYear), ...props }, extra);

/** Sewer replacement 2028–2030, street redesign 2029–2031 (they touch 2029–2030), school rebuild 2035. */
function board(): Rec[] {
  return [
    { id: 'page:page', typeName: 'page', name: 'Wijk', index: 'a1', meta: {} },
    plan('sewer', { title: 'Rioolvervanging', owner: 'sewerage-water', period: { start: 2028, end: 2030 }, firmness: 'budgeted' }),
    plan('street', { title: 'Herinrichting Dorpsstraat', period: { start: 2029, end: 2031 }, firmness: 'planned' }),
    plan('school', { title: 'Nieuwbouw school', period: { start: 2035, end: 2035 }, firmness: 'idea' }),
    domain('public', 'public-space'),
    ...arrow('owns', 'street', 'public'),
    opportunity('heat', { title: 'Warmtenet in de sleuf', timing: 'now' }),
    ...arrow('a1', 'heat', 'sewer'),
    opportunity('play', { title: 'Speelplek', timing: 'year', timingYear: 2040 }),
  ];
}

describe('the plan shape', () => {
  it('accepts a plan and the template (timeline included) under the board schema', () => {
    expect(() => validate(plan('p', { title: 'Rioolvervanging', period: { start: 2028, end: 2030 } }))).not.toThrow();
    for (const record of starterTemplate()) expect(() => validate(record)).not.toThrow();
    expect(starterTemplate().filter((record) => record.type === 'timeline')).toHaveLength(1);
  });

  it('refuses an end before the start, years outside the horizon, an unknown firmness and stray props', () => {
    expect(() => validate(plan('p', { period: { start: 2030, end: 2028 } }))).toThrow(/before the start/);
    expect(() => validate(plan('p', { period: { start: 1850, end: 2030 } }))).toThrow(/between 2000 and 2100/);
    expect(() => validate(plan('p', { period: { start: 2028.5, end: 2030 } }))).toThrow();
    expect(() => validate(plan('p', { firmness: 'promised' as never }))).toThrow();
    expect(() => validate(plan('p', { title: 'x'.repeat(121) }))).toThrow(/at most 120/);
    expect(() => validate(shape('p', 'plan', { ...defaultPlanProps(thisYear), start: 2028 }))).toThrow();
    expect(() => validate(shape('p', 'plan', { ...defaultPlanProps(thisYear), period: { start: 2028 } }))).toThrow();
  });

  it('has a migration sequence of its own in the board schema, so later prop changes migrate stored boards', () => {
    expect(planShapeMigrations.sequence).toEqual([]);
    const serialized = schema.serialize();
    expect(Object.keys(serialized.sequences)).toEqual(expect.arrayContaining(['com.tldraw.shape.plan', 'com.tldraw.shape.timeline']));
    // A stored plan from this schema passes through migration unchanged.
    const record = plan('p', { title: 'Rioolvervanging' }) as unknown as TLRecord;
    const migrated = schema.migratePersistedRecord(record, serialized);
    expect(migrated.type).toBe('success');
  });

  it('starts a new plan in the sweet spot', () => {
    expect(startsInSweetSpot(defaultPlanProps(thisYear).period, thisYear)).toBe(true);
  });
});

describe('the timeline', () => {
  const timeline = { w: 2100 };

  it('shows this year and the twenty after it, with the sweet spot one to three years ahead', () => {
    expect(yearWindow(thisYear)).toEqual({ start: 2026, end: 2046 });
    expect(sweetSpot(thisYear)).toEqual({ start: 2027, end: 2029 });
    expect(startsInSweetSpot({ start: 2026, end: 2030 }, thisYear)).toBe(false);
    expect(startsInSweetSpot({ start: 2028, end: 2028 }, thisYear)).toBe(true);
    expect(startsInSweetSpot({ start: 2030, end: 2031 }, thisYear)).toBe(false);
  });

  it('places a plan over the columns of its years, and at the edge when it runs outside the window', () => {
    expect(planBox({ start: 2028, end: 2030 }, timeline, thisYear)).toEqual({ x: 200, w: 300 });
    expect(planBox({ start: 2026, end: 2026 }, timeline, thisYear)).toEqual({ x: 0, w: 100 });
    expect(planBox({ start: 2020, end: 2027 }, timeline, thisYear)).toEqual({ x: 0, w: 200 });
    expect(planBox({ start: 2050, end: 2060 }, timeline, thisYear)).toEqual({ x: 2000, w: 100 });
    expect(yearAt(250, timeline, thisYear)).toBe(2028);
  });

  it('moves the period with the box: by whole years, a nudge a year, a resize one end only', () => {
    const period = { start: 2028, end: 2030 };
    const before = planBox(period, timeline, thisYear);
    expect(movedPeriod(period, before, { ...before, x: before.x + 210 }, timeline)).toEqual({ start: 2030, end: 2032 });
    expect(movedPeriod(period, before, { ...before, x: before.x - 140 }, timeline)).toEqual({ start: 2027, end: 2029 });
    expect(movedPeriod(period, before, { ...before, x: before.x + 1 }, timeline, { nudge: true })).toEqual({ start: 2029, end: 2031 });
    expect(movedPeriod(period, before, { ...before, x: before.x - 10 }, timeline, { nudge: true })).toEqual({ start: 2027, end: 2029 });
    expect(movedPeriod(period, before, { ...before, x: before.x + 1 }, timeline)).toEqual(period);
    expect(movedPeriod(period, before, { x: before.x, w: before.w + 100 }, timeline)).toEqual({ start: 2028, end: 2031 });
    expect(movedPeriod(period, before, { x: before.x + 100, w: before.w - 100 }, timeline)).toEqual({ start: 2029, end: 2030 });
    // Never an end before the start: a resize to nothing keeps one year.
    expect(movedPeriod(period, before, { x: before.x + 400, w: 10 }, timeline)).toEqual({ start: 2032, end: 2032 });
    // A plan clamped at the edge keeps its real start when it is moved.
    const early = { start: 2020, end: 2027 };
    const clamped = planBox(early, timeline, thisYear);
    expect(movedPeriod(early, clamped, { ...clamped, x: clamped.x + 100 }, timeline)).toEqual({ start: 2021, end: 2028 });
  });
});

describe('coupling moments', () => {
  it('are the pairs of plans that run at the same time, with the years they share', () => {
    expect(overlap({ start: 2028, end: 2030 }, { start: 2029, end: 2031 })).toEqual({ start: 2029, end: 2030 });
    expect(overlap({ start: 2028, end: 2030 }, { start: 2031, end: 2031 })).toBeNull();
    expect(overlap({ start: 2030, end: 2030 }, { start: 2030, end: 2034 })).toEqual({ start: 2030, end: 2030 });
    const moments = couplingMoments(board(), thisYear);
    expect(moments).toHaveLength(1);
    expect(moments[0]!.plans.map((p) => p.id)).toEqual(['shape:sewer', 'shape:street']);
    expect(moments[0]!.period).toEqual({ start: 2029, end: 2030 });
    expect(moments[0]!.inSweetSpot).toBe(true);
    expect(couplingMomentText(moments[0]!)).toBe('Rioolvervanging × Herinrichting Dorpsstraat: 2029–2030');
    // Ten years later the same overlap is no longer about two years ahead.
    expect(couplingMoments(board(), 2035)[0]!.inSweetSpot).toBe(false);
  });

  it('count every pair once, in order of the first shared year', () => {
    const records = [
      plan('a', { title: 'A', period: { start: 2030, end: 2040 } }),
      plan('b', { title: 'B', period: { start: 2032, end: 2033 } }),
      plan('c', { title: 'C', period: { start: 2028, end: 2031 } }),
    ];
    expect(couplingMoments(records, thisYear).map((m) => `${m.plans[0].title}${m.plans[1].title} ${periodText(m.period)}`)).toEqual(['CA 2030–2031', 'AB 2032–2033']);
  });

  it('give an opportunity linked to several plans the years they share, else the first plan’s', () => {
    expect(timingFromPlans([])).toBeNull();
    expect(timingFromPlans([{ start: 2028, end: 2030 }, { start: 2029, end: 2031 }])).toEqual({ start: 2029, end: 2030 });
    expect(timingFromPlans([{ start: 2035, end: 2035 }, { start: 2028, end: 2030 }])).toEqual({ start: 2028, end: 2030 });
  });
});

describe('the registers', () => {
  it('an opportunity linked to a plan takes its timing from the plan and shows the plan’s coupling moments', () => {
    const rows = opportunityRegister(board(), { thisYear });
    const heat = rows.find((row) => row.id === 'shape:heat')!;
    expect(heat.timingLabel).toBe('2028–2030');
    expect(heat.plans).toEqual([{ id: 'shape:sewer', title: 'Rioolvervanging', period: { start: 2028, end: 2030 }, periodText: '2028–2030' }]);
    expect(heat.planMoments.map(couplingMomentText)).toEqual(['Rioolvervanging × Herinrichting Dorpsstraat: 2029–2030']);
    const play = rows.find((row) => row.id === 'shape:play')!;
    expect(play.timingLabel).toBe('2040');
    expect(play.plans).toEqual([]);
  });

  it('the CSV has the plan and the coupling moment in the opportunity’s row, and the plan’s years as its timing', () => {
    const csv = registerToCsv(opportunityRegister(board(), { thisYear }), 'nl');
    const heatLine = csv.split('\r\n').find((line) => line.startsWith('Warmtenet in de sleuf'))!;
    const cells = heatLine.split(';');
    expect(cells[9]).toBe('2028–2030');
    expect(cells.slice(-2)).toEqual(['Rioolvervanging (2028–2030)', 'Rioolvervanging × Herinrichting Dorpsstraat: 2029–2030']);
  });

  it('lists the plans by start year with owners (picked and by arrow), firmness, sweet spot, moments and opportunities', () => {
    const plans = planRegister(board(), { thisYear });
    expect(plans.map((p) => p.title)).toEqual(['Rioolvervanging', 'Herinrichting Dorpsstraat', 'Nieuwbouw school']);
    expect(plans[0]).toMatchObject({ owners: ['Riolering & water'], firmnessLabel: 'Begroot', startsInSweetSpot: true, opportunities: [{ id: 'shape:heat', title: 'Warmtenet in de sleuf' }] });
    expect(plans[1]).toMatchObject({ owners: ['Openbare ruimte & beheer'], startsInSweetSpot: true });
    expect(plans[2]).toMatchObject({ startsInSweetSpot: false });
    expect(plans[1]!.couplingMoments).toHaveLength(1);
    expect(plans[2]!.couplingMoments).toEqual([]);
    const en = planRegister(board(), { thisYear, locale: 'en' });
    expect(en[0]).toMatchObject({ owners: ['Sewerage & water'], firmnessLabel: 'Budgeted' });
  });

  it('writes the plans register as CSV, header in the export’s language', () => {
    const csv = planRegisterToCsv(planRegister(board(), { thisYear }), 'nl');
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Plan;Eigenaar van het plan;Beginjaar;Eindjaar;Hardheid;Start over ~2 jaar;Koppelmomenten;Gekoppelde koppelkansen');
    expect(lines[1]).toBe('Rioolvervanging;Riolering & water;2028;2030;Begroot;ja;Rioolvervanging × Herinrichting Dorpsstraat: 2029–2030;Warmtenet in de sleuf');
    expect(lines[3]).toBe('Nieuwbouw school;;2035;2035;Idee;;;');
    expect(planRegisterToCsv([], 'en').slice(1).split('\r\n')[0]).toBe('Plan;Plan owner;Start year;End year;Firmness;Starts in ~2 years;Coupling moments;Linked opportunities');
  });

  it('the Markdown report ends with the plans and their coupling moments (none on a board without plans)', () => {
    const md = registerReport(board(), { title: 'Wijk', municipality: '', neighbourhood: '', date: '2026-12-02' }, 'nl');
    expect(md).toContain('## Plannen in de wijk (3)\n\n- Rioolvervanging — 2028–2030 — Riolering & water — Begroot\n');
    expect(md).toContain('### Koppelmomenten (plannen die tegelijk lopen) (1)\n\n- Rioolvervanging × Herinrichting Dorpsstraat: 2029–2030');
    const withoutPlans = registerReport(board().filter((record) => record['type'] !== 'plan'), { title: 'Wijk', municipality: '', neighbourhood: '', date: '2026-12-02' }, 'nl');
    expect(withoutPlans).not.toContain('Plannen in de wijk');
  });

  it('the session report has the plans and their coupling moments, the sweet spot counted from the snapshot’s year', () => {
    const report = sessionReport(
      board(),
      { board: { title: 'Wijk', municipality: null, neighbourhood: null }, snapshot: { label: 's', createdAt: new Date('2026-12-02T12:00:00Z') }, participants: [], includeNames: false, previous: null, invalidRecords: 0 },
      'nl',
    );
    const texts = report.blocks.flatMap((block) => (block.kind === 'list' ? block.items : block.kind === 'fields' ? block.fields.map((f) => `${f.label}: ${f.value}`) : [block.text]));
    expect(texts).toContain('Plannen in de wijk');
    expect(texts).toContain('Rioolvervanging — 2028–2030 — Riolering & water — Begroot');
    expect(texts).toContain('Rioolvervanging × Herinrichting Dorpsstraat: 2029–2030 (begint over ~2 jaar)');
    expect(texts).toContain('Plannen: Rioolvervanging (2028–2030)');
    expect(texts).toContain('Koppelmoment: 2028–2030');
  });
});
