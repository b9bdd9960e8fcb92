/**
 * The municipal policy domains of the Sociale koppelkansen method (eleven social, eleven
 * physical) and the kinds of outside party it brings to the table: English keys in code and
 * data, a name in each language for the screen. A custom domain or kind is always allowed
 * next to these; labels.ts turns a key, or custom text, into what is shown.
 */
import type { BoardLanguage } from '@koppelbord/contract';

export type DomainGroup = 'social' | 'physical';

/** tldraw's named colours, so a domain's cards, cursors and badges can share one colour. */
export type CatalogueColour =
  | 'red'
  | 'light-red'
  | 'orange'
  | 'yellow'
  | 'green'
  | 'light-green'
  | 'blue'
  | 'light-blue'
  | 'violet'
  | 'light-violet'
  | 'grey';

/** A key with its name in each language. */
export interface CatalogueEntry extends Readonly<Record<BoardLanguage, string>> {
  key: string;
}

export interface DomainEntry extends CatalogueEntry {
  group: DomainGroup;
  /** Unique within the group (eleven domains, eleven colours), so a colour names a domain there. */
  colour: CatalogueColour;
  /** Two letters on a colour chip, unique in each language, for what colour alone cannot say. */
  short: Readonly<Record<BoardLanguage, string>>;
}

type DomainRow = [key: string, nl: string, en: string, colour: CatalogueColour, shortNl: string, shortEn: string];
const entriesOf =
  (group: DomainGroup) =>
  ([key, nl, en, colour, shortNl, shortEn]: DomainRow): DomainEntry => ({ key, nl, en, group, colour, short: { nl: shortNl, en: shortEn } });

export const domains: readonly DomainEntry[] = [
  ...(
    [
      ['care', 'Zorg & ondersteuning (Wmo)', 'Care & support (Wmo)', 'red', 'Zo', 'Ca'],
      ['youth', 'Jeugd', 'Youth', 'light-red', 'Je', 'Yo'],
      ['welfare', 'Welzijn & wijkteams', 'Welfare & neighbourhood teams', 'orange', 'Wz', 'Wf'],
      ['work-income', 'Werk & inkomen', 'Work & income', 'yellow', 'WI', 'WI'],
      ['poverty-debt', 'Armoede & schuldhulp', 'Poverty & debt relief', 'grey', 'Ar', 'Po'],
      ['energy-poverty', 'Energiearmoede', 'Energy poverty', 'green', 'EA', 'EP'],
      ['public-health', 'Publieke gezondheid', 'Public health', 'light-blue', 'PG', 'PH'],
      ['education', 'Onderwijs', 'Education', 'violet', 'On', 'Ed'],
      ['culture-sport-library', 'Cultuur, sport & bibliotheek', 'Culture, sport & library', 'light-violet', 'Cu', 'Cu'],
      ['safety', 'Veiligheid', 'Safety', 'blue', 'Vh', 'Sa'],
      ['integration-language', 'Inburgering & taal', 'Integration & language', 'light-green', 'In', 'In'],
    ] satisfies DomainRow[]
  ).map(entriesOf('social')),
  ...(
    [
      ['housing', 'Wonen', 'Housing', 'orange', 'Wo', 'Ho'],
      ['spatial-planning', 'Ruimtelijke ordening', 'Spatial planning', 'light-violet', 'RO', 'SP'],
      ['public-space', 'Openbare ruimte & beheer', 'Public space & maintenance', 'light-green', 'OR', 'PS'],
      ['sewerage-water', 'Riolering & water', 'Sewerage & water', 'blue', 'RW', 'SW'],
      ['climate-adaptation', 'Klimaatadaptatie', 'Climate adaptation', 'light-blue', 'KA', 'Cl'],
      ['green-biodiversity', 'Groen & biodiversiteit', 'Greenery & biodiversity', 'green', 'Gr', 'Gr'],
      ['mobility-parking', 'Mobiliteit & parkeren', 'Mobility & parking', 'grey', 'Mo', 'Mo'],
      ['energy-transition', 'Energietransitie & duurzaamheid', 'Energy transition & sustainability', 'violet', 'ET', 'ET'],
      ['municipal-property', 'Gemeentelijk vastgoed', 'Municipal property', 'light-red', 'GV', 'MP'],
      ['economy-employment', 'Economie & werkgelegenheid', 'Economy & employment', 'yellow', 'Ec', 'Ec'],
      ['waste-circularity', 'Afval & circulariteit', 'Waste & circularity', 'red', 'Af', 'Wa'],
    ] satisfies DomainRow[]
  ).map(entriesOf('physical')),
];

/** Kinds of outside party that take part (an organisation card names its own). */
export const organisationKinds: readonly CatalogueEntry[] = [
  { key: 'housing-corporation', nl: 'Woningcorporatie', en: 'Housing corporation' },
  { key: 'tenant-body', nl: 'Huurdersorganisatie', en: 'Tenant body' },
  { key: 'welfare-organisation', nl: 'Welzijnsorganisatie', en: 'Welfare organisation' },
  { key: 'care-provider', nl: 'Zorgaanbieder', en: 'Care provider' },
  { key: 'school', nl: 'School', en: 'School' },
  { key: 'cultural-institution', nl: 'Culturele instelling', en: 'Cultural institution' },
  { key: 'library', nl: 'Bibliotheek', en: 'Library' },
  { key: 'grid-operator', nl: 'Netbeheerder', en: 'Grid operator' },
  { key: 'heat-company', nl: 'Warmtebedrijf', en: 'Heat company' },
  { key: 'water-board', nl: 'Waterschap', en: 'Water board' },
  { key: 'energy-cooperative', nl: 'Energiecoöperatie', en: 'Energy cooperative' },
  { key: 'residents-initiative', nl: 'Bewonersinitiatief', en: "Residents' initiative" },
  { key: 'neighbourhood-council', nl: 'Wijkraad', en: 'Neighbourhood council' },
  { key: 'business-association', nl: 'Ondernemersvereniging', en: 'Business association' },
];

const domainsByKey = new Map(domains.map((domain) => [domain.key, domain]));
const organisationKindsByKey = new Map(organisationKinds.map((kind) => [kind.key, kind]));

export function findDomain(key: string): DomainEntry | undefined {
  return domainsByKey.get(key);
}

export function findOrganisationKind(key: string): CatalogueEntry | undefined {
  return organisationKindsByKey.get(key);
}
