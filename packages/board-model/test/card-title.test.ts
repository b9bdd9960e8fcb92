import { describe, expect, it } from 'vitest';
import { cardTitle, defaultOpportunityProps, defaultOrganisationProps, isUntitled } from '../src/index.ts';

describe('cardTitle', () => {
  it.each([
    ['opportunity', '', 'nl', 'Nieuwe koppelkans'],
    ['opportunity', '', 'en', 'New opportunity'],
    // Cards made before new cards stored no text: the old Dutch default reads as untitled too.
    ['opportunity', defaultOpportunityProps().title, 'en', 'New opportunity'],
    ['opportunity', 'Warmtenet met de school', 'en', 'Warmtenet met de school'],
    ['organisation', '', 'en', 'Organisation'],
    ['organisation', defaultOrganisationProps().name, 'nl', 'Organisatie'],
    ['organisation', 'Woonstichting De Kern', 'nl', 'Woonstichting De Kern'],
  ] as const)('%s %j in %s reads %j', (kind, stored, locale, shown) => {
    expect(cardTitle(kind, stored, locale)).toBe(shown);
  });

  it('knows the untitled ones', () => {
    expect(isUntitled('opportunity', '')).toBe(true);
    expect(isUntitled('organisation', defaultOrganisationProps().name)).toBe(true);
    expect(isUntitled('opportunity', 'Warmtenet')).toBe(false);
  });
});
