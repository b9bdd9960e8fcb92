/**
 * The register: the opportunities on a board as a table derived from the canvas (domains
 * involved, quadrant, benefits, risks, timing, status, votes), and its CSV and Markdown
 * forms for the archive package. DOM-free; works on plain tldraw records, which the
 * store's validators (shapes/*.ts) have already checked.
 */
// The browser build (Buffer polyfilled): the register is exported from the board page too.
import { stringify } from 'csv-stringify/browser/esm/sync';
import { catalogueLabel } from './catalogue.ts';
import { classifyOpportunity, quadrantClassLabels, type QuadrantClass } from './classify.ts';
import { arrowLinks, shapeType, type BoardRecordLike } from './links.ts';
import type { DomainShape } from './shapes/domain.ts';
import type { HousingCostEffect, OpportunityRisk, OpportunityShape, OpportunityStatus, Timing, Track } from './shapes/opportunity.ts';
import type { OrganisationShape } from './shapes/organisation.ts';

type Locale = 'nl' | 'en';

export interface RegisterOptions {
  /** Language of the labels in the rows; default Dutch. */
  locale?: 'nl' | 'en';
}

export interface RegisterDomain {
  /** The domain card's shape id. */
  id: string;
  /** A catalogue key or the custom domain's own name. */
  domain: string;
  label: string;
}

export interface RegisterOrganisation {
  /** The organisation card's shape id. */
  id: string;
  name: string;
  /** An organisation-kind key or the party's own description. */
  kind: string;
  kindLabel: string;
}

export interface RegisterQuadrant {
  quadrantClass: QuadrantClass;
  label: string;
  /** 0 (low) … 1 (high). */
  benefit: number;
  /** 0 (low) … 1 (high). */
  risk: number;
}

export interface RegisterRow {
  /** The opportunity's shape id. */
  id: string;
  title: string;
  description: string;
  /** Domain cards linked to it by arrows (either direction), by label. */
  domains: RegisterDomain[];
  /** Organisation cards linked to it by arrows (either direction), by name. */
  organisations: RegisterOrganisation[];
  /** Its class when it sits in a quadrant, otherwise null. */
  quadrant: RegisterQuadrant | null;
  benefits: string[];
  risks: OpportunityRisk[];
  timing: Timing;
  timingYear: number | null;
  /** Readable timing ('over ~2 jaar', '2028'); empty when unknown. */
  timingLabel: string;
  housingCost: HousingCostEffect;
  /** Empty when unknown. */
  housingCostLabel: string;
  tracks: Track[];
  status: OpportunityStatus;
  statusLabel: string;
  /** Why it was parked; empty unless the status is `parked`. */
  parkedReason: string;
  owner: string;
  nextAction: string;
  votes: number;
}

export const opportunityStatusLabels: Record<OpportunityStatus, { nl: string; en: string }> = {
  idea: { nl: 'Idee', en: 'Idea' },
  explored: { nl: 'Verkend', en: 'Explored' },
  agreed: { nl: 'Afgesproken', en: 'Agreed' },
  chosen: { nl: 'Gekozen', en: 'Chosen' },
  'in-progress': { nl: 'In uitvoering', en: 'In progress' },
  parked: { nl: 'Geparkeerd', en: 'Parked' },
};

/** Effect on residents' housing costs; `unknown` shows as empty. */
export const housingCostLabels: Record<HousingCostEffect, { nl: string; en: string }> = {
  unknown: { nl: '', en: '' },
  lower: { nl: 'Lager (−)', en: 'Lower (−)' },
  neutral: { nl: 'Gelijk (0)', en: 'Unchanged (0)' },
  higher: { nl: 'Hoger (+)', en: 'Higher (+)' },
};

/** The coupling moment as text: 'nu', 'over ~2 jaar', '3–10 jaar', '20-jaarsperspectief', the year, or '' when unknown. */
export function timingLabel(timing: Timing, timingYear: number | null, locale: Locale): string {
  switch (timing) {
    case 'now':
      return locale === 'nl' ? 'nu' : 'now';
    case 'two-years':
      return locale === 'nl' ? 'over ~2 jaar' : 'in ~2 years';
    case 'three-to-ten-years':
      return locale === 'nl' ? '3–10 jaar' : '3–10 years';
    case 'twenty-year':
      return locale === 'nl' ? '20-jaarsperspectief' : '20-year perspective';
    case 'year':
      return timingYear === null ? '' : String(timingYear);
    case 'unknown':
      return '';
  }
}

function organisationKindLabel(kind: string, locale: Locale): string {
  return catalogueLabel(kind, locale);
}

/** Sorts by text (Dutch/English collation, numbers in numeric order), then by id, so the order never depends on the store's. */
function byTextThenId<T>(text: (item: T) => string, id: (item: T) => string, locale: Locale): (a: T, b: T) => number {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  return (a, b) => collator.compare(text(a), text(b)) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}

/**
 * One row per opportunity shape on the board (all pages), ordered by title and then id.
 * Domains and organisations are the cards linked to the opportunity by arrows bound at both
 * ends (see arrowLinks); the quadrant class comes from classifyOpportunity.
 */
export function opportunityRegister(records: Iterable<BoardRecordLike>, options: RegisterOptions = {}): RegisterRow[] {
  const locale: Locale = options.locale ?? 'nl';
  const all = Array.from(records);
  const byId = new Map<string, BoardRecordLike>(all.map((record) => [record.id, record]));
  const links = arrowLinks(all);

  const rows: RegisterRow[] = [];
  for (const record of all) {
    if (shapeType(record) !== 'opportunity') continue;
    const opportunity = record as unknown as OpportunityShape;
    const props = opportunity.props;

    const domains: RegisterDomain[] = [];
    const organisations: RegisterOrganisation[] = [];
    for (const linkedId of links.get(opportunity.id) ?? []) {
      const linked = byId.get(linkedId);
      if (!linked) continue;
      const type = shapeType(linked);
      if (type === 'domain') {
        const domain = (linked as unknown as DomainShape).props.domain;
        domains.push({ id: linked.id, domain, label: catalogueLabel(domain, locale) });
      } else if (type === 'organisation') {
        const { name, kind } = (linked as unknown as OrganisationShape).props;
        organisations.push({ id: linked.id, name, kind, kindLabel: organisationKindLabel(kind, locale) });
      }
    }
    domains.sort(byTextThenId((d) => d.label, (d) => d.id, locale));
    organisations.sort(byTextThenId((o) => o.name, (o) => o.id, locale));

    const classification = classifyOpportunity(opportunity, byId);
    rows.push({
      id: opportunity.id,
      title: props.title,
      description: props.description,
      domains,
      organisations,
      quadrant: classification && {
        quadrantClass: classification.quadrantClass,
        label: quadrantClassLabels[classification.quadrantClass][locale],
        benefit: classification.benefit,
        risk: classification.risk,
      },
      benefits: [...props.benefits],
      risks: props.risks.map((risk) => ({ risk: risk.risk, mitigation: risk.mitigation })),
      timing: props.timing,
      timingYear: props.timingYear,
      timingLabel: timingLabel(props.timing, props.timingYear, locale),
      housingCost: props.housingCost,
      housingCostLabel: housingCostLabels[props.housingCost][locale],
      tracks: [...props.tracks],
      status: props.status,
      statusLabel: opportunityStatusLabels[props.status][locale],
      parkedReason: props.status === 'parked' ? props.parkedReason : '',
      owner: props.owner,
      nextAction: props.nextAction,
      votes: props.voters.length,
    });
  }
  return rows.sort(byTextThenId((row) => row.title, (row) => row.id, locale));
}

// ---------------------------------------------------------------------------------------
// Export: the same columns for CSV and Markdown. The cells are labelled in the export's own
// locale from the rows' keys, so the rows' locale does not matter.

const listSeparator = ' | ';

interface Column {
  nl: string;
  en: string;
  cell: (row: RegisterRow, locale: Locale) => string;
}

/** Labels without repeats (two cards of one domain), in the export locale's alphabetical order. */
const labelList = (values: string[], locale: Locale) =>
  [...new Set(values)].sort(new Intl.Collator(locale, { numeric: true, sensitivity: 'base' }).compare).join(listSeparator);

function organisationText(organisation: RegisterOrganisation, locale: Locale): string {
  const kind = organisationKindLabel(organisation.kind, locale);
  if (organisation.name === '') return kind;
  return kind === '' ? organisation.name : `${organisation.name} (${kind})`;
}

function riskText(risk: OpportunityRisk, locale: Locale): string {
  if (risk.mitigation === '') return risk.risk;
  return `${risk.risk} (${locale === 'nl' ? 'beheersing' : 'mitigation'}: ${risk.mitigation})`;
}

function scoreText(score: number | undefined, locale: Locale): string {
  if (score === undefined) return '';
  const text = score.toFixed(2);
  return locale === 'nl' ? text.replace('.', ',') : text;
}

const columns: readonly Column[] = [
  { nl: 'Titel', en: 'Title', cell: (row) => row.title },
  { nl: 'Omschrijving', en: 'Description', cell: (row) => row.description },
  { nl: 'Domeinen', en: 'Domains', cell: (row, locale) => labelList(row.domains.map((d) => catalogueLabel(d.domain, locale)), locale) },
  { nl: 'Organisaties', en: 'Organisations', cell: (row, locale) => labelList(row.organisations.map((o) => organisationText(o, locale)), locale) },
  { nl: 'Kwadrant', en: 'Quadrant', cell: (row, locale) => (row.quadrant ? quadrantClassLabels[row.quadrant.quadrantClass][locale] : '') },
  { nl: 'Baten (score)', en: 'Benefit (score)', cell: (row, locale) => scoreText(row.quadrant?.benefit, locale) },
  { nl: 'Risico (score)', en: 'Risk (score)', cell: (row, locale) => scoreText(row.quadrant?.risk, locale) },
  { nl: 'Baten', en: 'Benefits', cell: (row) => row.benefits.join(listSeparator) },
  { nl: "Risico's", en: 'Risks', cell: (row, locale) => row.risks.map((risk) => riskText(risk, locale)).join(listSeparator) },
  { nl: 'Koppelmoment', en: 'Timing', cell: (row, locale) => timingLabel(row.timing, row.timingYear, locale) },
  { nl: 'Woonlasten', en: 'Housing costs', cell: (row, locale) => housingCostLabels[row.housingCost][locale] },
  { nl: 'Sporen', en: 'Tracks', cell: (row) => row.tracks.join(listSeparator) },
  { nl: 'Status', en: 'Status', cell: (row, locale) => opportunityStatusLabels[row.status][locale] },
  { nl: 'Reden parkeren', en: 'Reason parked', cell: (row) => row.parkedReason },
  { nl: 'Eigenaar', en: 'Owner', cell: (row) => row.owner },
  { nl: 'Volgende actie', en: 'Next action', cell: (row) => row.nextAction },
  { nl: 'Stemmen', en: 'Votes', cell: (row) => String(row.votes) },
];

/**
 * The register as CSV for Dutch spreadsheets: UTF-8 byte-order mark, `;` between fields,
 * CRLF after every record, a header row in `locale`, RFC 4180 quoting, lists joined with
 * ' | ', and formulas neutralised (a `'` before a field that starts with `=`, `+`, `-`, `@`,
 * tab or CR) so a cell is never run by the spreadsheet.
 */
export function registerToCsv(rows: readonly RegisterRow[], locale: 'nl' | 'en' = 'nl'): string {
  return stringify([columns.map((column) => column[locale]), ...rows.map((row) => columns.map((column) => column.cell(row, locale)))], {
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    escape_formulas: true,
    // csv-stringify quotes a field with the delimiter, a quote or a line feed; a bare CR too.
    quoted_match: /\r/,
  });
}

/** A Markdown table cell: backslashes and `|` escaped, `<` as `&lt;` (no raw HTML), line breaks as `<br>`. */
function markdownCell(value: string): string {
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** The register as a GitHub-flavoured Markdown table (header in `locale`), for the readable report. */
export function registerToMarkdown(rows: readonly RegisterRow[], locale: 'nl' | 'en' = 'nl'): string {
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [
    line(columns.map((column) => column[locale])),
    `|${columns.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => line(columns.map((column) => column.cell(row, locale)))),
  ].join('\n') + '\n';
}
