/**
 * The board's vocabulary in each of the contract's languages: the labels of every value the
 * model defines (card kinds, quadrant classes and axes, opportunity statuses, timings,
 * housing-cost effects, consultation statuses, domain groups), the register's column
 * headings, and the names of catalogue keys. The register, its CSV and Markdown exports and
 * the client's cards and panels all label through this module, so a value reads the same
 * wherever it is shown. Labels that stand on their own (a cell, an option, a badge) are in
 * sentence case.
 */
import type { BoardLanguage, Role } from '@koppelbord/contract';
import { findDomain, findOrganisationKind, type DomainGroup } from './catalogue.ts';
import { formatDate } from './dates.ts';
import type { QuadrantClass } from './classify.ts';
import type { ConsultationStatus } from './shapes/common.ts';
import type { HousingCostEffect, OpportunityStatus, Timing } from './shapes/opportunity.ts';
import type { PlanFirmness } from './shapes/plan.ts';
import type { KoppelShapeType } from './shapes/index.ts';

/** One text in each language. */
export type LocalizedText = Readonly<Record<BoardLanguage, string>>;

/** What the client's toolbar, panels and cards call each Koppelkansen shape. */
export const cardKindLabels: Record<KoppelShapeType, LocalizedText> = {
  domain: { nl: 'Beleidsdomein', en: 'Policy domain' },
  organisation: { nl: 'Organisatie', en: 'Organisation' },
  opportunity: { nl: 'Koppelkans', en: 'Opportunity' },
  quadrant: { nl: 'Kwadrant', en: 'Quadrant' },
  plan: { nl: 'Plan', en: 'Plan' },
  timeline: { nl: 'Tijdlijn', en: 'Timeline' },
};

export const domainGroupLabels: Record<DomainGroup, LocalizedText> = {
  social: { nl: 'Sociaal domein', en: 'Social domain' },
  physical: { nl: 'Fysiek domein', en: 'Physical domain' },
};

export const quadrantClassLabels: Record<QuadrantClass, LocalizedText> = {
  'win-win': { nl: 'Win-win — koppelen', en: 'Win-win — couple' },
  conditional: { nl: 'Kansrijk, mits… — beheersen', en: 'Promising, provided… — manage' },
  'no-regret': { nl: 'Meenemen als het past', en: 'Take along when it fits' },
  park: { nl: 'Niet koppelen — parkeren', en: 'Do not couple — park' },
};

/** The class field's value for an opportunity outside the quadrant (it has no class). */
/** What an opportunity without a title is called wherever it is shown (card-title.ts). */
export const untitledOpportunityLabel: LocalizedText = { nl: 'Nieuwe koppelkans', en: 'New opportunity' };

export const notInQuadrantLabel: LocalizedText = { nl: 'Niet in het kwadrant', en: 'Not in the quadrant' };

/** The quadrant's axes: benefit grows upwards, risk to the right. */
export const quadrantAxisLabels: Record<'benefit' | 'risk', LocalizedText> = {
  benefit: { nl: 'Baten', en: 'Benefit' },
  risk: { nl: 'Risico', en: 'Risk' },
};

export const opportunityStatusLabels: Record<OpportunityStatus, LocalizedText> = {
  idea: { nl: 'Idee', en: 'Idea' },
  explored: { nl: 'Verkend', en: 'Explored' },
  agreed: { nl: 'Afgesproken', en: 'Agreed' },
  chosen: { nl: 'Gekozen', en: 'Chosen' },
  'in-progress': { nl: 'In uitvoering', en: 'In progress' },
  parked: { nl: 'Geparkeerd', en: 'Parked' },
};

/** The coupling moment as a choice; `year` stands for the year the card gives. */
export const timingLabels: Record<Timing, LocalizedText> = {
  unknown: { nl: 'Nog onbekend', en: 'Not known yet' },
  now: { nl: 'Nu', en: 'Now' },
  'two-years': { nl: 'Over ~2 jaar', en: 'In ~2 years' },
  'three-to-ten-years': { nl: 'Over 3–10 jaar', en: 'In 3–10 years' },
  'twenty-year': { nl: '20-jaarsperspectief', en: '20-year perspective' },
  year: { nl: 'In een bepaald jaar', en: 'In a given year' },
};

/** The coupling moment as a value ('Over ~2 jaar', '2028'): the year itself for `year`, empty when unknown. */
export function timingLabel(timing: Timing, timingYear: number | null, locale: BoardLanguage): string {
  if (timing === 'unknown') return '';
  if (timing === 'year') return timingYear === null ? '' : String(timingYear);
  return timingLabels[timing][locale];
}

/** Effect on residents' housing costs, as a choice. */
export const housingCostLabels: Record<HousingCostEffect, LocalizedText> = {
  unknown: { nl: 'Nog onbekend', en: 'Not known yet' },
  lower: { nl: 'Lager (−)', en: 'Lower (−)' },
  neutral: { nl: 'Gelijk (0)', en: 'Unchanged (0)' },
  higher: { nl: 'Hoger (+)', en: 'Higher (+)' },
};

/** Effect on residents' housing costs as a value: empty when unknown. */
export function housingCostLabel(effect: HousingCostEffect, locale: BoardLanguage): string {
  return effect === 'unknown' ? '' : housingCostLabels[effect][locale];
}

export const consultationLabels: Record<ConsultationStatus, LocalizedText> = {
  'not-yet': { nl: 'Nog niet benaderd', en: 'Not approached yet' },
  invited: { nl: 'Uitgenodigd', en: 'Invited' },
  consulted: { nl: 'Geraadpleegd', en: 'Consulted' },
};

/** "Geraadpleegd 2-11-2026": the status, with the date once consulted in `locale`'s short form (a card is narrow). */
export function consultationLabel(status: ConsultationStatus, consultedOn: string, locale: BoardLanguage): string {
  const label = consultationLabels[status][locale];
  return status === 'consulted' && consultedOn ? `${label} ${formatDate(consultedOn, locale, 'short')}` : label;
}

/**
 * One term per opportunity field, wherever it is named: the card panel's field, the register's
 * column and the exports' heading. ("Trekker", not "Eigenaar": the board has an owner too.)
 */
export const registerColumnLabels = {
  title: { nl: 'Titel', en: 'Title' },
  description: { nl: 'Omschrijving', en: 'Description' },
  domains: { nl: 'Domeinen', en: 'Domains' },
  organisations: { nl: 'Organisaties', en: 'Organisations' },
  quadrant: { nl: 'Kwadrant', en: 'Quadrant' },
  benefitScore: { nl: 'Baten (score)', en: 'Benefit (score)' },
  riskScore: { nl: 'Risico (score)', en: 'Risk (score)' },
  benefits: { nl: 'Baten', en: 'Benefits' },
  risks: { nl: 'Risico’s', en: 'Risks' },
  timing: { nl: 'Koppelmoment', en: 'Coupling moment' },
  housingCost: { nl: 'Effect op woonlasten', en: 'Effect on housing costs' },
  tracks: { nl: 'Wijkkompas-sporen', en: 'Wijkkompas tracks' },
  status: { nl: 'Status', en: 'Status' },
  parkedReason: { nl: 'Reden om te parkeren', en: 'Reason for parking' },
  owner: { nl: 'Trekker', en: 'Owner' },
  nextAction: { nl: 'Volgende stap', en: 'Next step' },
  votes: { nl: 'Stemmen', en: 'Votes' },
  plans: { nl: 'Plannen', en: 'Plans' },
  planMoments: { nl: 'Koppelmomenten van de plannen', en: 'Coupling moments of the plans' },
} satisfies Record<string, LocalizedText>;
export type RegisterColumn = keyof typeof registerColumnLabels;

/** The Markdown report's own words (register.ts, registerReport); the coverage lines say what the coverage panel says. */
export const reportLabels = {
  municipality: { nl: 'Gemeente', en: 'Municipality' },
  neighbourhood: { nl: 'Wijk', en: 'Neighbourhood' },
  date: { nl: 'Datum', en: 'Date' },
  coverage: { nl: 'Dekking', en: 'Coverage' },
  present: { nl: 'Op het bord', en: 'On the board' },
  missing: { nl: 'Nog niet aan tafel', en: 'Not at the table yet' },
  register: { nl: 'Register van koppelkansen', en: 'Register of opportunities' },
  none: { nl: 'geen', en: 'none' },
} satisfies Record<string, LocalizedText>;

/** How a risk's mitigation is introduced after the risk: "Draagvlak (beheersing: …)". */
export const mitigationLabel: LocalizedText = { nl: 'beheersing', en: 'mitigation' };

/** The label for a catalogue key (domain or organisation kind), or the custom text itself when it is not one. */
export function catalogueLabel(keyOrCustom: string, locale: BoardLanguage): string {
  const entry = findDomain(keyOrCustom) ?? findOrganisationKind(keyOrCustom);
  return entry ? entry[locale] : keyOrCustom;
}

/**
 * An organisation with its kind, 'Woonstichting De Kernen (Woningcorporatie)'; either alone
 * when the other is empty or says the same (the template's 'Woningcorporatie' card is of that kind).
 */
export function organisationLabel(name: string, kind: string, locale: BoardLanguage): string {
  const kindLabel = catalogueLabel(kind, locale);
  if (name.trim() === '' || sameWords(name, kindLabel)) return kindLabel;
  return kindLabel === '' ? name : `${name} (${kindLabel})`;
}

/** Equal but for case and surrounding space ('school' and 'School'). */
function sameWords(a: string, b: string): boolean {
  return a.trim().localeCompare(b.trim(), undefined, { sensitivity: 'accent' }) === 0;
}

/**
 * Labels of the snapshots and versions the server keeps by itself, in the board's language.
 * `beforeRevert` gets the label of the snapshot the board goes back to.
 */
export const automaticSnapshotLabels = {
  sessionEnd: { nl: 'Automatisch — einde sessie', en: 'Automatic — end of session' },
  interval: { nl: 'Automatische versie', en: 'Automatic version' },
  beforeRevert: { nl: 'Vóór terugzetten naar: {label}', en: 'Before going back to: {label}' },
  restoredTitle: { nl: '{title} (hersteld {date})', en: '{title} (restored {date})' },
} as const satisfies Record<string, LocalizedText>;

/**
 * Labels of the links a new board starts with (server: the invites made at creation), as the
 * owner's invite list shows them.
 */
export const defaultInviteLabels: Record<Role, LocalizedText> = {
  owner: { nl: 'Eigenaar', en: 'Owner' },
  editor: { nl: 'Bewerken', en: 'Edit' },
  viewer: { nl: 'Bekijken', en: 'View' },
};

/** What each role is called where people are listed by role (the session report's participants). */
export const roleLabels: Record<Role, LocalizedText> = {
  owner: { nl: 'Eigenaar van het bord', en: 'Board owner' },
  editor: { nl: 'Deelnemer (bewerken)', en: 'Participant (editing)' },
  viewer: { nl: 'Meekijker (alleen lezen)', en: 'Observer (read-only)' },
};

/** The session report's own words (report-model.ts: the archive package's .html and .pdf). */
export const sessionReportLabels = {
  documentTitle: { nl: 'Sessieverslag', en: 'Session report' },
  board: { nl: 'Bord', en: 'Board' },
  municipality: { nl: 'Gemeente', en: 'Municipality' },
  neighbourhood: { nl: 'Wijk', en: 'Neighbourhood' },
  snapshot: { nl: 'Momentopname', en: 'Snapshot' },
  takenAt: { nl: 'Vastgelegd op', en: 'Taken at' },
  participants: { nl: 'Deelnemers', en: 'Participants' },
  noParticipants: { nl: 'Er waren geen deelnemers verbonden.', en: 'No participants were connected.' },
  noDomainGiven: { nl: 'Geen domein of organisatie opgegeven', en: 'No domain or organisation given' },
  namesLeftOut: {
    nl: 'Namen zijn niet opgenomen; alleen rollen en domeinen (AVG).',
    en: 'Names are not included; only roles and domains (GDPR).',
  },
  coverage: { nl: 'Dekking van de beleidsdomeinen', en: 'Coverage of the policy domains' },
  present: { nl: 'Op het bord', en: 'On the board' },
  consulted: { nl: 'Geraadpleegd', en: 'Consulted' },
  missing: { nl: 'Niet op het bord (uit de catalogus)', en: 'Not on the board (from the catalogue)' },
  opportunities: { nl: 'Koppelkansen', en: 'Coupling opportunities' },
  noOpportunities: { nl: 'Er staan geen koppelkansen op het bord.', en: 'There are no opportunities on the board.' },
  linkedDomains: { nl: 'Gekoppelde domeinen', en: 'Linked domains' },
  linkedOrganisations: { nl: 'Gekoppelde organisaties', en: 'Linked organisations' },
  changes: { nl: 'Wijzigingen sinds de vorige momentopname', en: 'Changes since the previous snapshot' },
  firstSnapshot: { nl: 'Dit is de eerste momentopname van dit bord.', en: 'This is the first snapshot of this board.' },
  previous: { nl: 'Vorige momentopname', en: 'Previous snapshot' },
  noChanges: { nl: 'Geen wijzigingen.', en: 'No changes.' },
  opportunitiesAdded: { nl: 'Koppelkansen toegevoegd', en: 'Opportunities added' },
  opportunitiesRemoved: { nl: 'Koppelkansen verwijderd', en: 'Opportunities removed' },
  opportunitiesChanged: { nl: 'Koppelkansen gewijzigd (titel, kwadrant of status)', en: 'Opportunities changed (title, quadrant or status)' },
  domainsAdded: { nl: 'Domeinen erbij', en: 'Domains added' },
  organisationsAdded: { nl: 'Organisaties erbij', en: 'Organisations added' },
  consultationChanged: { nl: 'Raadpleging gewijzigd', en: 'Consultation changed' },
  boardImage: { nl: 'Het bord', en: 'The board' },
  page: { nl: 'Pagina', en: 'Page' },
  imageUnavailable: {
    nl: 'Deze afbeelding kon niet in de pdf worden opgenomen; het pakket bevat haar als png- en svg-bestand.',
    en: 'This image could not be put in the PDF; the package holds it as a PNG and an SVG file.',
  },
  invalidRecords: {
    nl: 'onderdelen van het bord voldeden niet aan het bordschema en zijn weggelaten.',
    en: 'parts of the board did not validate against the board schema and were left out.',
  },
  none: { nl: 'geen', en: 'none' },
} satisfies Record<string, LocalizedText>;

// ---------------------------------------------------------------------------------------
// Plans and the plans timeline (plans-timeline.ts).

/** What a plan without a title is called wherever it is shown. */
export const untitledPlanLabel: LocalizedText = { nl: 'Nieuw plan', en: 'New plan' };

export const planFirmnessLabels: Record<PlanFirmness, LocalizedText> = {
  idea: { nl: 'Idee', en: 'Idea' },
  planned: { nl: 'Gepland', en: 'Planned' },
  budgeted: { nl: 'Begroot', en: 'Budgeted' },
  'under-way': { nl: 'In uitvoering', en: 'Under way' },
};

/** One term per plan field: the plan form, the plans register and its exports. */
export const planColumnLabels = {
  title: { nl: 'Plan', en: 'Plan' },
  owner: { nl: 'Eigenaar van het plan', en: 'Plan owner' },
  start: { nl: 'Beginjaar', en: 'Start year' },
  end: { nl: 'Eindjaar', en: 'End year' },
  period: { nl: 'Periode', en: 'Period' },
  firmness: { nl: 'Hardheid', en: 'Firmness' },
  couplingMoments: { nl: 'Koppelmomenten', en: 'Coupling moments' },
  sweetSpot: { nl: 'Start over ~2 jaar', en: 'Starts in ~2 years' },
  opportunities: { nl: 'Gekoppelde koppelkansen', en: 'Linked opportunities' },
} satisfies Record<string, LocalizedText>;
export type PlanColumn = keyof typeof planColumnLabels;

/** The timeline's own words, on the canvas and in its export. */
export const timelineLabels = {
  title: { nl: 'Plannen in de wijk', en: 'Plans in the neighbourhood' },
  sweetSpot: { nl: 'Over ~2 jaar: beste koppelmoment', en: 'In ~2 years: best moment to couple' },
  couplingMoment: { nl: 'Koppelmoment', en: 'Coupling moment' },
  yes: { nl: 'ja', en: 'yes' },
} satisfies Record<string, LocalizedText>;

/** The session report's section on plans (report-model.ts). */
export const planReportLabels = {
  plans: { nl: 'Plannen in de wijk', en: 'Plans in the neighbourhood' },
  noPlans: { nl: 'Er staan geen plannen op het bord.', en: 'There are no plans on the board.' },
  couplingMoments: { nl: 'Koppelmomenten (plannen die tegelijk lopen)', en: 'Coupling moments (plans running at the same time)' },
  noCouplingMoments: { nl: 'Geen plannen lopen tegelijk.', en: 'No plans run at the same time.' },
  inSweetSpot: { nl: 'begint over ~2 jaar', en: 'starts in ~2 years' },
} satisfies Record<string, LocalizedText>;
