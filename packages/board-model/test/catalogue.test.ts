import { describe, expect, it } from 'vitest';
import { catalogueLabel, domains, findDomain, organisationKinds } from '../src/index.ts';

describe('domain catalogue', () => {
  it('holds the method’s 11 social and 11 physical domains with unique keys', () => {
    expect(domains.filter((d) => d.group === 'social')).toHaveLength(11);
    expect(domains.filter((d) => d.group === 'physical')).toHaveLength(11);
    expect(new Set(domains.map((d) => d.key)).size).toBe(domains.length);
    expect(new Set(organisationKinds.map((k) => k.key)).size).toBe(organisationKinds.length);
  });

  it('labels keys in Dutch or English and passes custom text through', () => {
    expect(findDomain('sewerage-water')?.nl).toBe('Riolering & water');
    expect(catalogueLabel('sewerage-water', 'en')).toBe('Sewerage & water');
    expect(catalogueLabel('housing-corporation', 'nl')).toBe('Woningcorporatie');
    expect(catalogueLabel('Buurtbus Apeldoorn', 'nl')).toBe('Buurtbus Apeldoorn');
  });
});
