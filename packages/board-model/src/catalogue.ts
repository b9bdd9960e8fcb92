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
  colour: CatalogueColour;
}

const social = (key: string, nl: string, en: string, colour: CatalogueColour): DomainEntry => ({ key, nl, en, group: 'social', colour });
const physical = (key: string, nl: string, en: string, colour: CatalogueColour): DomainEntry => ({ key, nl, en, group: 'physical', colour });

export const domains: readonly DomainEntry[] = [
  social('care', 'Zorg & ondersteuning (Wmo)', 'Care & support (Wmo)', 'red'),
  social('youth', 'Jeugd', 'Youth', 'light-red'),
  social('welfare', 'Welzijn & wijkteams', 'Welfare & neighbourhood teams', 'orange'),
  social('work-income', 'Werk & inkomen', 'Work & income', 'yellow'),
  social('poverty-debt', 'Armoede & schuldhulp', 'Poverty & debt relief', 'orange'),
  social('energy-poverty', 'Energiearmoede', 'Energy poverty', 'red'),
  social('public-health', 'Publieke gezondheid', 'Public health', 'light-red'),
  social('education', 'Onderwijs', 'Education', 'violet'),
  social('culture-sport-library', 'Cultuur, sport & bibliotheek', 'Culture, sport & library', 'light-violet'),
  social('safety', 'Veiligheid', 'Safety', 'violet'),
  social('integration-language', 'Inburgering & taal', 'Integration & language', 'light-violet'),
  physical('housing', 'Wonen', 'Housing', 'blue'),
  physical('spatial-planning', 'Ruimtelijke ordening', 'Spatial planning', 'light-blue'),
  physical('public-space', 'Openbare ruimte & beheer', 'Public space & maintenance', 'green'),
  physical('sewerage-water', 'Riolering & water', 'Sewerage & water', 'blue'),
  physical('climate-adaptation', 'Klimaatadaptatie', 'Climate adaptation', 'light-blue'),
  physical('green-biodiversity', 'Groen & biodiversiteit', 'Greenery & biodiversity', 'light-green'),
  physical('mobility-parking', 'Mobiliteit & parkeren', 'Mobility & parking', 'grey'),
  physical('energy-transition', 'Energietransitie & duurzaamheid', 'Energy transition & sustainability', 'green'),
  physical('municipal-property', 'Gemeentelijk vastgoed', 'Municipal property', 'grey'),
  physical('economy-employment', 'Economie & werkgelegenheid', 'Economy & employment', 'yellow'),
  physical('waste-circularity', 'Afval & circulariteit', 'Waste & circularity', 'light-green'),
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
