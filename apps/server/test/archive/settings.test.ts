import { describe, expect, it } from 'vitest';
import { archiveSettingsFromEnv } from '../../src/archive/index.ts';

describe('archiveSettingsFromEnv', () => {
  it("defaults to MDTO's Nader te bepalen and leaves the rest unset", () => {
    expect(archiveSettingsFromEnv({})).toEqual({
      instance: 'default',
      municipalityCode: null,
      waardering: 'N',
      bewaartermijn: null,
      informatiecategorie: null,
      beperkingGebruik: 'Nader te bepalen',
      contact: { name: null, email: null },
    });
    expect(archiveSettingsFromEnv({ PUBLIC_URL: 'https://koppelbord.gemeente.nl' }).instance).toBe('koppelbord.gemeente.nl');
  });

  it('reads every variable', () => {
    expect(
      archiveSettingsFromEnv({
        ARCHIVE_INSTANCE: 'Amsterdam productie',
        ARCHIVE_MUNICIPALITY_CODE: 'GM0363',
        ARCHIVE_WAARDERING: 'B',
        ARCHIVE_BEWAARTERMIJN: 'P10Y',
        ARCHIVE_INFORMATIECATEGORIE: 'Beleidsvorming',
        ARCHIVE_INFORMATIECATEGORIE_CODE: '1.1',
        ARCHIVE_INFORMATIECATEGORIE_LIJST: 'Selectielijst gemeenten en intergemeentelijke organen 2020',
        ARCHIVE_BEPERKING_GEBRUIK: 'Geen beperking',
        ARCHIVE_CONTACT_NAME: 'Team DIV',
        ARCHIVE_CONTACT_EMAIL: 'div@gemeente.nl',
      }),
    ).toEqual({
      instance: 'Amsterdam productie',
      municipalityCode: 'gm0363',
      waardering: 'B',
      bewaartermijn: 'P10Y',
      informatiecategorie: { label: 'Beleidsvorming', code: '1.1', list: 'Selectielijst gemeenten en intergemeentelijke organen 2020' },
      beperkingGebruik: 'Geen beperking',
      contact: { name: 'Team DIV', email: 'div@gemeente.nl' },
    });
  });

  it('refuses bad values with a readable message', () => {
    expect(() => archiveSettingsFromEnv({ ARCHIVE_WAARDERING: 'X' })).toThrow(/ARCHIVE_WAARDERING: must be B/);
    expect(() => archiveSettingsFromEnv({ ARCHIVE_MUNICIPALITY_CODE: 'Amsterdam' })).toThrow(/ARCHIVE_MUNICIPALITY_CODE: must be a TOOI/);
    expect(() => archiveSettingsFromEnv({ ARCHIVE_BEWAARTERMIJN: '10 jaar' })).toThrow(/ARCHIVE_BEWAARTERMIJN: must be an xsd:duration/);
    expect(() => archiveSettingsFromEnv({ ARCHIVE_BEWAARTERMIJN: 'P' })).toThrow(/xsd:duration/);
    expect(() => archiveSettingsFromEnv({ ARCHIVE_CONTACT_EMAIL: 'nope' })).toThrow(/ARCHIVE_CONTACT_EMAIL/);
    expect(() => archiveSettingsFromEnv({ ARCHIVE_INFORMATIECATEGORIE: 'Beleidsvorming' })).toThrow(/ARCHIVE_INFORMATIECATEGORIE_LIJST/);
  });
});
