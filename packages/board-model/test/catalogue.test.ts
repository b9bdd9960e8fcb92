import { describe, expect, it } from 'vitest';
import { domains, organisationKinds } from '../src/catalogue.ts';

describe('domain catalogue', () => {
  it('holds the method’s 11 social and 11 physical domains with unique keys', () => {
    expect(domains.filter((d) => d.group === 'social')).toHaveLength(11);
    expect(domains.filter((d) => d.group === 'physical')).toHaveLength(11);
    expect(new Set(domains.map((d) => d.key)).size).toBe(domains.length);
    expect(new Set(organisationKinds.map((k) => k.key)).size).toBe(organisationKinds.length);
  });
});
