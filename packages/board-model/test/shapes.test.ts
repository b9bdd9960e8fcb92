import { createTLSchema, defaultShapeSchemas, type TLRecord } from '@tldraw/tlschema';
import { describe, expect, it } from 'vitest';
import { textLimits } from '../src/shapes/common.ts';
import { koppelShapeSchemas } from '../src/shapes/index.ts';

const schema = createTLSchema({ shapes: { ...defaultShapeSchemas, ...koppelShapeSchemas } });

const base = { typeName: 'shape', parentId: 'page:page', index: 'a1', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, meta: {} } as const;

const opportunity = (props: Record<string, unknown> = {}) => ({
  ...base,
  id: 'shape:o1',
  type: 'opportunity',
  props: {
    w: 240,
    h: 160,
    title: 'Warmtenet bij rioolvervanging',
    description: 'Riolering 2028 en warmtenet in één keer.',
    benefits: ['Eén keer de straat open'],
    risks: [{ risk: 'Planning loopt uit', mitigation: 'Regie bij projectleider' }],
    timing: 'two-years',
    timingYear: null,
    housingCost: 'neutral',
    tracks: ['A', 'C'],
    status: 'explored',
    parkedReason: '',
    owner: 'Riolering',
    nextAction: 'Afstemmen met netbeheerder',
    voters: ['user-1'],
    ...props,
  },
});

const validate = (record: unknown) => schema.types.shape.validate(record as TLRecord);

describe('Koppelkansen shape validators', () => {
  it('accept well-formed cards of all four types', () => {
    expect(() => validate(opportunity())).not.toThrow();
    expect(() =>
      validate({ ...base, id: 'shape:d', type: 'domain', props: { w: 200, h: 120, domain: 'sewerage-water', contact: 'Afdeling Riolering', ambitions: '', consultation: 'consulted', consultedOn: '2026-11-02' } }),
    ).not.toThrow();
    expect(() =>
      validate({ ...base, id: 'shape:g', type: 'organisation', props: { w: 200, h: 120, name: 'Woonstad', kind: 'housing-corporation', contact: '', consultation: 'invited', consultedOn: '' } }),
    ).not.toThrow();
    expect(() => validate({ ...base, id: 'shape:q', type: 'quadrant', props: { w: 800, h: 600, title: 'Kansen en risico’s' } })).not.toThrow();
  });

  it('reject what a hostile or broken client might send', () => {
    expect(() => validate(opportunity({ title: 'x'.repeat(textLimits.title + 1) }))).toThrow(/at most 120/);
    expect(() => validate(opportunity({ benefits: Array.from({ length: 21 }, () => 'b') }))).toThrow(/at most 20 items/);
    expect(() => validate(opportunity({ status: 'approved-by-mayor' }))).toThrow();
    expect(() => validate(opportunity({ tracks: ['Z'] }))).toThrow();
    expect(() => validate(opportunity({ timingYear: 1850 }))).toThrow();
    expect(() => validate(opportunity({ w: -5 }))).toThrow();
    expect(() => validate(opportunity({ risks: [{ risk: 'no mitigation field' }] }))).toThrow();
    expect(() => validate(opportunity({ extra: '<script>' }))).toThrow();
    expect(() =>
      validate({ ...base, id: 'shape:d', type: 'domain', props: { w: 200, h: 120, domain: 'care', contact: '', ambitions: '', consultation: 'consulted', consultedOn: '2 november' } }),
    ).toThrow(/YYYY-MM-DD/);
  });

  it('are part of a schema that serializes with their migration sequences', () => {
    const serialized = schema.serialize();
    expect(Object.keys(serialized.sequences)).toEqual(expect.arrayContaining(['com.tldraw.shape.opportunity', 'com.tldraw.shape.domain', 'com.tldraw.shape.organisation', 'com.tldraw.shape.quadrant']));
  });
});
