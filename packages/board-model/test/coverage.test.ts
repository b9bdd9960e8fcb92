import { describe, expect, it } from 'vitest';
import { domains } from '../src/catalogue.ts';
import { domainCoverage } from '../src/coverage.ts';
import { arrow, binding, domain, opportunity, organisation, shape, type Rec } from './records.ts';

const opportunityTitled = (id: string, title: string) => opportunity(id, { title });

function board(): Rec[] {
  return [
    opportunityTitled('heat', 'Warmtenet'),
    opportunityTitled('bus', 'Buurtbus'),
    opportunityTitled('solar', 'Zonnepanelen'),
    domain('housing-1', 'housing', 'consulted', '2025-03-12'),
    domain('housing-2', 'housing'),
    domain('care', 'care', 'invited'),
    domain('custom', 'Buurtbus Apeldoorn', 'consulted', '2025-04-01'),
    organisation('corp', 'Woonstichting De Kernen', 'housing-corporation', 'consulted', '2025-02-20'),
    organisation('club', 'Buurtvereniging Oost', 'Vrijwilligers'),
    // housing-1: two opportunities, arrows in both directions; a second arrow to the same one counts once
    ...arrow('a1', 'heat', 'housing-1'),
    ...arrow('a2', 'housing-1', 'bus'),
    ...arrow('a3', 'housing-1', 'heat'),
    // a link between two domains is no opportunity
    ...arrow('a4', 'housing-1', 'care'),
    // bound at one end only: not a link
    shape('a5', 'arrow', {}),
    binding('a5', 'solar', 'start'),
    ...arrow('a6', 'custom', 'bus'),
    ...arrow('a7', 'solar', 'corp'),
    ...arrow('a8', 'corp', 'heat'),
  ];
}

describe('domainCoverage', () => {
  it('lists every domain and organisation card with its label, group and consultation', () => {
    const { present } = domainCoverage(board());
    expect(present.map((e) => e.id)).toEqual([
      'shape:care', // catalogue order: care before housing
      'shape:housing-1',
      'shape:housing-2',
      'shape:custom',
      'shape:club', // organisations by label
      'shape:corp',
    ]);
    expect(present[1]).toEqual({
      id: 'shape:housing-1',
      kind: 'domain',
      key: 'housing',
      label: 'Wonen',
      group: 'physical',
      consultation: 'consulted',
      consultedOn: '2025-03-12',
      linkedOpportunities: 2,
    });
    expect(present[0]).toMatchObject({ label: 'Zorg & ondersteuning (Wmo)', group: 'social', consultation: 'invited', consultedOn: '', linkedOpportunities: 0 });
    expect(present[2]).toMatchObject({ key: 'housing', consultation: 'not-yet', linkedOpportunities: 0 });
  });

  it('shows a custom domain with its own name and no group', () => {
    const custom = domainCoverage(board()).present.find((e) => e.id === 'shape:custom');
    expect(custom).toEqual({
      id: 'shape:custom',
      kind: 'domain',
      key: 'Buurtbus Apeldoorn',
      label: 'Buurtbus Apeldoorn',
      group: null,
      consultation: 'consulted',
      consultedOn: '2025-04-01',
      linkedOpportunities: 1,
    });
  });

  it('shows organisations with their name and kind, counting linked opportunities', () => {
    const { present } = domainCoverage(board());
    expect(present.find((e) => e.id === 'shape:corp')).toEqual({
      id: 'shape:corp',
      kind: 'organisation',
      key: 'housing-corporation',
      label: 'Woonstichting De Kernen (Woningcorporatie)',
      group: null,
      consultation: 'consulted',
      consultedOn: '2025-02-20',
      linkedOpportunities: 2,
    });
    expect(present.find((e) => e.id === 'shape:club')).toMatchObject({ label: 'Buurtvereniging Oost (Vrijwilligers)', linkedOpportunities: 0 });
    expect(domainCoverage(board(), { locale: 'en' }).present.find((e) => e.id === 'shape:corp')?.label).toBe('Woonstichting De Kernen (Housing corporation)');
  });

  it('lists the catalogue domains without a card as missing, in catalogue order', () => {
    const { missing } = domainCoverage(board());
    expect(missing).toHaveLength(domains.length - 2);
    expect(missing.map((m) => m.key)).not.toContain('housing');
    expect(missing.map((m) => m.key)).not.toContain('care');
    expect(missing[0]).toEqual({ key: 'youth', label: 'Jeugd', group: 'social' });
    expect(missing).toContainEqual({ key: 'sewerage-water', label: 'Riolering & water', group: 'physical' });
    expect(missing.map((m) => m.key)).toEqual(domains.map((d) => d.key).filter((key) => key !== 'housing' && key !== 'care'));
    expect(domainCoverage(board(), { locale: 'en' }).missing[0]?.label).toBe('Youth');
  });

  it('reports an empty board as all catalogue domains missing', () => {
    const coverage = domainCoverage([]);
    expect(coverage.present).toEqual([]);
    expect(coverage.missing.map((m) => m.key)).toEqual(domains.map((d) => d.key));
  });
});
