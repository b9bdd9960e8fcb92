import { describe, expect, it } from 'vitest';
import { domains, organisationKinds } from '../src/catalogue.ts';

describe('domain catalogue', () => {
  it('holds the method’s 11 social and 11 physical domains with unique keys', () => {
    expect(domains.filter((d) => d.group === 'social')).toHaveLength(11);
    expect(domains.filter((d) => d.group === 'physical')).toHaveLength(11);
    expect(new Set(domains.map((d) => d.key)).size).toBe(domains.length);
    expect(new Set(organisationKinds.map((k) => k.key)).size).toBe(organisationKinds.length);
  });

  it('gives each domain of a group its own colour, and each domain its own chip letters in each language', () => {
    for (const group of ['social', 'physical'] as const) {
      const inGroup = domains.filter((d) => d.group === group);
      expect(new Set(inGroup.map((d) => d.colour)).size, group).toBe(inGroup.length);
    }
    for (const locale of ['nl', 'en'] as const) {
      const letters = domains.map((d) => d.short[locale].toLowerCase());
      expect(new Set(letters).size, locale).toBe(domains.length);
      for (const short of letters) expect(short).toHaveLength(2);
    }
  });
});
