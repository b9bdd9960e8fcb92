import { describe, expect, it } from 'vitest';
import { boardLanguages } from '@koppelbord/contract';
import { findDomain } from '../src/catalogue.ts';
import {
  cardKindLabels,
  catalogueLabel,
  consultationLabel,
  consultationLabels,
  domainGroupLabels,
  housingCostLabel,
  housingCostLabels,
  opportunityStatusLabels,
  organisationLabel,
  quadrantClassLabels,
  timingLabel,
  timingLabels,
  type LocalizedText,
} from '../src/labels.ts';
import { consultationStatuses } from '../src/shapes/common.ts';
import { koppelShapeTypes } from '../src/shapes/index.ts';
import { housingCostEffects, opportunityStatuses, timings } from '../src/shapes/opportunity.ts';

describe('labels', () => {
  it('has a label in every language for every value the model defines', () => {
    const tables: [readonly string[], Record<string, LocalizedText>][] = [
      [koppelShapeTypes, cardKindLabels],
      [['social', 'physical'], domainGroupLabels],
      [['win-win', 'conditional', 'no-regret', 'park'], quadrantClassLabels],
      [opportunityStatuses, opportunityStatusLabels],
      [timings, timingLabels],
      [housingCostEffects, housingCostLabels],
      [consultationStatuses, consultationLabels],
    ];
    for (const [values, labels] of tables) {
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
      for (const value of values) for (const language of boardLanguages) expect(labels[value]?.[language], `${value} in ${language}`).toMatch(/\S/);
    }
  });

  it('labels keys in Dutch or English and passes custom text through', () => {
    expect(findDomain('sewerage-water')?.nl).toBe('Riolering & water');
    expect(catalogueLabel('sewerage-water', 'en')).toBe('Sewerage & water');
    expect(catalogueLabel('housing-corporation', 'nl')).toBe('Woningcorporatie');
    expect(catalogueLabel('Buurtbus Apeldoorn', 'nl')).toBe('Buurtbus Apeldoorn');
  });

  it('has Dutch and English labels for every class', () => {
    expect(quadrantClassLabels['win-win'].nl).toBe('Win-win — koppelen');
    expect(quadrantClassLabels.park.nl).toBe('Niet koppelen — parkeren');
    expect(Object.keys(quadrantClassLabels).sort()).toEqual(['conditional', 'no-regret', 'park', 'win-win']);
  });

  it('labels every timing', () => {
    expect(timingLabel('now', null, 'nl')).toBe('Nu');
    expect(timingLabel('now', null, 'en')).toBe('Now');
    expect(timingLabel('two-years', null, 'nl')).toBe('Over ~2 jaar');
    expect(timingLabel('three-to-ten-years', null, 'nl')).toBe('Over 3–10 jaar');
    expect(timingLabel('three-to-ten-years', null, 'en')).toBe('In 3–10 years');
    expect(timingLabel('twenty-year', null, 'nl')).toBe('20-jaarsperspectief');
    expect(timingLabel('twenty-year', null, 'en')).toBe('20-year perspective');
    expect(timingLabel('year', 2031, 'en')).toBe('2031');
    expect(timingLabel('unknown', null, 'nl')).toBe('');
  });

  it('words a timing as a value the way it is worded as a choice', () => {
    for (const timing of timings) {
      if (timing === 'unknown' || timing === 'year') continue;
      for (const language of boardLanguages) expect(timingLabel(timing, null, language)).toBe(timingLabels[timing][language]);
    }
    expect(timingLabel('year', null, 'nl')).toBe('');
  });

  it('leaves an unknown housing-cost effect empty as a value', () => {
    expect(housingCostLabel('unknown', 'nl')).toBe('');
    expect(housingCostLabel('lower', 'nl')).toBe('Lager (−)');
    expect(housingCostLabel('neutral', 'en')).toBe('Unchanged (0)');
    expect(housingCostLabels.unknown.nl).toBe('Nog onbekend');
  });

  it('gives the consultation date only once consulted', () => {
    expect(consultationLabel('consulted', '2026-11-02', 'nl')).toBe('Geraadpleegd 2-11-2026');
    expect(consultationLabel('consulted', '2026-11-02', 'en')).toBe('Consulted 2/11/2026');
    expect(consultationLabel('consulted', '', 'en')).toBe('Consulted');
    expect(consultationLabel('invited', '2026-11-02', 'nl')).toBe('Uitgenodigd');
    expect(consultationLabel('not-yet', '', 'en')).toBe('Not approached yet');
  });

  it('names an organisation with its kind, or either alone', () => {
    expect(organisationLabel('Woonstichting De Kernen', 'housing-corporation', 'nl')).toBe('Woonstichting De Kernen (Woningcorporatie)');
    expect(organisationLabel('Woonstichting De Kernen', 'housing-corporation', 'en')).toBe('Woonstichting De Kernen (Housing corporation)');
    expect(organisationLabel('Buurtvereniging Oost', 'Vrijwilligers', 'nl')).toBe('Buurtvereniging Oost (Vrijwilligers)');
    expect(organisationLabel('', 'school', 'nl')).toBe('School');
    expect(organisationLabel('De Regenboog', '', 'nl')).toBe('De Regenboog');
    // A name that only repeats the kind is said once.
    expect(organisationLabel('Woningcorporatie', 'housing-corporation', 'nl')).toBe('Woningcorporatie');
    expect(organisationLabel('school ', 'school', 'nl')).toBe('School');
    expect(organisationLabel('School', 'school', 'en')).toBe('School');
  });
});
