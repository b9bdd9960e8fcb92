/**
 * The register: the opportunities on a board as a table derived from the canvas (domains
 * involved, quadrant, benefits, risks, timing, status, votes), and its CSV and Markdown
 * forms for the archive package. DOM-free; works on plain tldraw records, which the
 * store's validators (shapes/*.ts) have already checked.
 */
// The browser build (Buffer polyfilled): the register is exported from the board page too.
import { stringify } from 'csv-stringify/browser/esm/sync';
import { cardTitle } from './card-title.ts';
import { readVotingRounds, type BoardLanguage } from '@koppelbord/contract';
import { classifyOpportunity, type QuadrantClass } from './classify.ts';
import { domainCoverage } from './coverage.ts';
import { formatDate } from './dates.ts';
import {
  catalogueLabel,
  consultationLabel,
  housingCostLabel,
  mitigationLabel,
  opportunityStatusLabels,
  organisationLabel,
  planReportLabels,
  quadrantClassLabels,
  registerColumnLabels,
  reportLabels,
  timingLabel,
  votingLabels,
  type RegisterColumn,
} from './labels.ts';
import { arrowLinks, shapeType, type BoardRecordLike } from './links.ts';
import type { DomainShape } from './shapes/domain.ts';
import { opportunityStatuses, type HousingCostEffect, type OpportunityRisk, type OpportunityShape, type OpportunityStatus, type Timing, type Track } from './shapes/opportunity.ts';
import type { OrganisationShape } from './shapes/organisation.ts';
import { linkedPlanText, opportunityPlanTiming, planRegister, type LinkedPlan } from './plan-register.ts';
import { couplingMomentText, couplingMoments, periodText, type CouplingMoment } from './plans-timeline.ts';

export interface RegisterOptions {
  /** Language of the labels in the rows; default Dutch. */
  locale?: BoardLanguage;
  /** The year plans' sweet spot counts from; default this year. */
  thisYear?: number;
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
  /** Readable timing ('Over ~2 jaar', '2028', or the linked plans' '2028–2030'); empty when unknown. */
  timingLabel: string;
  /** Plans linked to it by arrows: its timing then follows them (timingFromPlans), not its own field. */
  plans: LinkedPlan[];
  /** The coupling moments of its plans. */
  planMoments: CouplingMoment[];
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
  /** Votes in the latest revealed round; on a board without one, the legacy per-card votes. */
  votes: number;
  /** Its result in every revealed round, oldest first (0 votes where it got none). */
  rounds: RegisterRoundVotes[];
}

/** An opportunity's result in one revealed voting round. */
export interface RegisterRoundVotes {
  roundId: string;
  label: string;
  votes: number;
  /** The weighted score of a round weighted by domain; null otherwise. */
  weighted: number | null;
}

/** The revealed voting rounds kept in the board's document record (the server writes them). */
function revealedRounds(records: readonly BoardRecordLike[]) {
  const document = records.find((record) => record.typeName === 'document') as { meta?: unknown } | undefined;
  return readVotingRounds(document?.meta).filter((round) => round.status === 'revealed');
}

/** Sorts by text (Dutch/English collation, numbers in numeric order), then by id, so the order never depends on the store's. */
function byTextThenId<T>(text: (item: T) => string, id: (item: T) => string, locale: BoardLanguage): (a: T, b: T) => number {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  return (a, b) => collator.compare(text(a), text(b)) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}

/**
 * One row per opportunity shape on the board (all pages), ordered by title and then id.
 * Domains and organisations are the cards linked to the opportunity by arrows bound at both
 * ends (see arrowLinks); the quadrant class comes from classifyOpportunity.
 */
export function opportunityRegister(records: Iterable<BoardRecordLike>, options: RegisterOptions = {}): RegisterRow[] {
  const locale: BoardLanguage = options.locale ?? 'nl';
  const all = Array.from(records);
  const byId = new Map<string, BoardRecordLike>(all.map((record) => [record.id, record]));
  const links = arrowLinks(all);
  const moments = couplingMoments(all, options.thisYear ?? new Date().getFullYear(), locale);
  const rounds = revealedRounds(all);

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
        organisations.push({ id: linked.id, name: cardTitle('organisation', name, locale), kind, kindLabel: catalogueLabel(kind, locale) });
      }
    }
    domains.sort(byTextThenId((d) => d.label, (d) => d.id, locale));
    organisations.sort(byTextThenId((o) => o.name, (o) => o.id, locale));

    const classification = classifyOpportunity(opportunity, byId);
    const fromPlans = opportunityPlanTiming(links.get(opportunity.id) ?? [], byId, moments, locale);
    const roundVotes: RegisterRoundVotes[] = rounds.map((round) => {
      const result = round.results?.find((each) => each.opportunityId === opportunity.id);
      return { roundId: round.id, label: round.label, votes: result?.votes ?? 0, weighted: round.weighting === 'domain' ? (result?.weighted ?? 0) : null };
    });
    rows.push({
      id: opportunity.id,
      title: cardTitle('opportunity', props.title, locale),
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
      timingLabel: fromPlans.timing ? periodText(fromPlans.timing) : timingLabel(props.timing, props.timingYear, locale),
      plans: fromPlans.plans,
      planMoments: fromPlans.moments,
      housingCost: props.housingCost,
      housingCostLabel: housingCostLabel(props.housingCost, locale),
      tracks: [...props.tracks],
      status: props.status,
      statusLabel: opportunityStatusLabels[props.status][locale],
      parkedReason: props.status === 'parked' ? props.parkedReason : '',
      owner: props.owner,
      nextAction: props.nextAction,
      votes: roundVotes.at(-1)?.votes ?? props.voters.length,
      rounds: roundVotes,
    });
  }
  return rows.sort(byTextThenId((row) => row.title, (row) => row.id, locale));
}

// ---------------------------------------------------------------------------------------
// Sorting, as the register panel offers it.

/** The method's order of the classes: couple the win-wins first, park the rest last. */
export const quadrantClassOrder: readonly QuadrantClass[] = ['win-win', 'conditional', 'no-regret', 'park'];

export type RegisterSortKey = 'title' | 'quadrant' | 'status' | 'votes';
export type SortDirection = 'ascending' | 'descending';

/** What a first click on a column gives: most votes first, everything else from its start. */
export const firstSortDirection = (key: RegisterSortKey): SortDirection => (key === 'votes' ? 'descending' : 'ascending');

const rankIn = <V>(order: readonly V[], value: V | undefined) => (value === undefined ? order.length : order.indexOf(value));

/** Ascending order per column; rows in no quadrant come after the others. */
const ascending: Record<RegisterSortKey, (a: RegisterRow, b: RegisterRow) => number> = {
  title: () => 0,
  quadrant: (a, b) => rankIn(quadrantClassOrder, a.quadrant?.quadrantClass) - rankIn(quadrantClassOrder, b.quadrant?.quadrantClass),
  // The status's own order (idea → … → in progress, parked), not its label's alphabet.
  status: (a, b) => rankIn(opportunityStatuses, a.status) - rankIn(opportunityStatuses, b.status),
  votes: (a, b) => a.votes - b.votes,
};

/**
 * The rows sorted by one column, either way; ties keep title-then-id order (opportunityRegister's),
 * so the order never depends on the store's.
 */
export function sortRegister(rows: readonly RegisterRow[], key: RegisterSortKey, direction: SortDirection, locale: BoardLanguage): RegisterRow[] {
  const byTitle = byTextThenId((row: RegisterRow) => row.title, (row) => row.id, locale);
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * (ascending[key](a, b) || byTitle(a, b)));
}

// ---------------------------------------------------------------------------------------
// Export: the same columns for CSV and Markdown. The cells are labelled in the export's own
// locale from the rows' keys, so the rows' locale does not matter.

const listSeparator = ' | ';

interface Column {
  key: RegisterColumn;
  cell: (row: RegisterRow, locale: BoardLanguage) => string;
}

/** Labels without repeats (two cards of one domain), in the export locale's alphabetical order. */
const labelList = (values: string[], locale: BoardLanguage) =>
  [...new Set(values)].sort(new Intl.Collator(locale, { numeric: true, sensitivity: 'base' }).compare).join(listSeparator);

function riskText(risk: OpportunityRisk, locale: BoardLanguage): string {
  if (risk.mitigation === '') return risk.risk;
  return `${risk.risk} (${mitigationLabel[locale]}: ${risk.mitigation})`;
}

function scoreText(score: number | undefined, locale: BoardLanguage): string {
  if (score === undefined) return '';
  const text = score.toFixed(2);
  return locale === 'nl' ? text.replace('.', ',') : text;
}

const columns: readonly Column[] = [
  { key: 'title', cell: (row) => row.title },
  { key: 'description', cell: (row) => row.description },
  { key: 'domains', cell: (row, locale) => labelList(row.domains.map((d) => catalogueLabel(d.domain, locale)), locale) },
  { key: 'organisations', cell: (row, locale) => labelList(row.organisations.map((o) => organisationLabel(o.name, o.kind, locale)), locale) },
  { key: 'quadrant', cell: (row, locale) => (row.quadrant ? quadrantClassLabels[row.quadrant.quadrantClass][locale] : '') },
  { key: 'benefitScore', cell: (row, locale) => scoreText(row.quadrant?.benefit, locale) },
  { key: 'riskScore', cell: (row, locale) => scoreText(row.quadrant?.risk, locale) },
  { key: 'benefits', cell: (row) => row.benefits.join(listSeparator) },
  { key: 'risks', cell: (row, locale) => row.risks.map((risk) => riskText(risk, locale)).join(listSeparator) },
  { key: 'timing', cell: (row, locale) => (row.plans.length > 0 ? row.timingLabel : timingLabel(row.timing, row.timingYear, locale)) },
  { key: 'housingCost', cell: (row, locale) => housingCostLabel(row.housingCost, locale) },
  { key: 'tracks', cell: (row) => row.tracks.join(listSeparator) },
  { key: 'status', cell: (row, locale) => opportunityStatusLabels[row.status][locale] },
  { key: 'parkedReason', cell: (row) => row.parkedReason },
  { key: 'owner', cell: (row) => row.owner },
  { key: 'nextAction', cell: (row) => row.nextAction },
  { key: 'votes', cell: (row) => String(row.votes) },
  // Plans last, so the columns before them keep their places in existing spreadsheets.
  { key: 'plans', cell: (row) => row.plans.map(linkedPlanText).join(listSeparator) },
  { key: 'planMoments', cell: (row) => row.planMoments.map(couplingMomentText).join(listSeparator) },
];

interface RoundColumn {
  heading: (locale: BoardLanguage) => string;
  cell: (row: RegisterRow, locale: BoardLanguage) => string;
}

/**
 * Columns of the revealed voting rounds, after the fixed ones: per round its votes ("Eerste
 * ronde — stemmen") and, for a round weighted by domain, its weighted score — numbers a
 * spreadsheet can sort. A board without revealed rounds has none, so its export is as before.
 */
function roundColumns(rows: readonly RegisterRow[]): RoundColumn[] {
  return (rows[0]?.rounds ?? []).flatMap((round, index) => {
    const votes: RoundColumn = {
      heading: (locale) => `${round.label} — ${votingLabels.votes[locale]}`,
      cell: (row) => String(row.rounds[index]?.votes ?? 0),
    };
    if (round.weighted === null) return [votes];
    return [votes, { heading: (locale) => `${round.label} — ${votingLabels.weighted[locale]}`, cell: (row, locale) => scoreText(row.rounds[index]?.weighted ?? 0, locale) }];
  });
}

/** The header and the cells of every row, in the export's locale. */
function table(rows: readonly RegisterRow[], locale: BoardLanguage): { headings: string[]; cells: string[][] } {
  const extra = roundColumns(rows);
  return {
    headings: [...columns.map((column) => registerColumnLabels[column.key][locale]), ...extra.map((column) => column.heading(locale))],
    cells: rows.map((row) => [...columns.map((column) => column.cell(row, locale)), ...extra.map((column) => column.cell(row, locale))]),
  };
}

/**
 * The register as CSV for Dutch spreadsheets: UTF-8 byte-order mark, `;` between fields,
 * CRLF after every record, a header row in `locale`, RFC 4180 quoting, lists joined with
 * ' | ', and formulas neutralised (a `'` before a field that starts with `=`, `+`, `-`, `@`,
 * tab or CR) so a cell is never run by the spreadsheet.
 */
export function registerToCsv(rows: readonly RegisterRow[], locale: BoardLanguage = 'nl'): string {
  const { headings, cells } = table(rows, locale);
  return stringify([headings, ...cells], {
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
export function registerToMarkdown(rows: readonly RegisterRow[], locale: BoardLanguage = 'nl'): string {
  const line = (cells: string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  const { headings, cells } = table(rows, locale);
  return [
    line(headings),
    `|${headings.map(() => ' --- ').join('|')}|`,
    ...cells.map(line),
  ].join('\n') + '\n';
}

export interface ReportBoard {
  title: string;
  /** Empty when the board has none. */
  municipality: string;
  neighbourhood: string;
  /** The report's date, `YYYY-MM-DD`. */
  date: string;
}

/** Text on a Markdown line: the characters that would format it escaped, `<` as `&lt;`, on one line. */
function markdownText(value: string): string {
  return value.replace(/[\\`*_[\]#|]/g, '\\$&').replaceAll('<', '&lt;').replace(/\s*(\r\n|\r|\n)\s*/g, ' ');
}

/**
 * The register as a short report for the archive or an e-mail: the board's title,
 * municipality, neighbourhood and date, the coverage (who is on the board, with their
 * consultation, and which catalogue domains are not yet at the table), then the register's table.
 */
export function registerReport(records: Iterable<BoardRecordLike>, board: ReportBoard, locale: BoardLanguage = 'nl'): string {
  const all = Array.from(records);
  const rows = opportunityRegister(all, { locale });
  const coverage = domainCoverage(all, { locale });
  const text = Object.fromEntries(Object.entries(reportLabels).map(([key, label]) => [key, label[locale]])) as Record<keyof typeof reportLabels, string>;
  const facts: [string, string][] = [
    [text.municipality, board.municipality],
    [text.neighbourhood, board.neighbourhood],
    [text.date, formatDate(board.date, locale)],
  ];
  const present = coverage.present.map((entry) => `${entry.label} (${consultationLabel(entry.consultation, entry.consultedOn, locale).toLocaleLowerCase(locale)})`);
  const missing = coverage.missing.map((entry) => entry.label);
  const list = (items: string[]) => (items.length === 0 ? text.none : items.map(markdownText).join(', '));
  return [
    `# ${markdownText(board.title)}`,
    '',
    ...facts.filter(([, value]) => value.trim() !== '').map(([label, value]) => `- ${label}: ${markdownText(value)}`),
    '',
    `## ${text.coverage}`,
    '',
    `- ${text.present}: ${list(present)}`,
    `- ${text.missing}: ${list(missing)}`,
    '',
    `## ${text.register} (${rows.length})`,
    '',
    registerToMarkdown(rows, locale),
    ...planMarkdown(all, locale),
  ].join('\n');
}

/** The plans and their coupling moments, as the report's last section; nothing on a board without plans. */
function planMarkdown(records: readonly BoardRecordLike[], locale: BoardLanguage): string[] {
  const plans = planRegister(records, { locale });
  if (plans.length === 0) return [];
  const moments = couplingMoments(records, new Date().getFullYear(), locale);
  const l = planReportLabels;
  return [
    `## ${l.plans[locale]} (${plans.length})`,
    '',
    ...plans.map((plan) => `- ${markdownText([plan.title, plan.periodText, ...plan.owners, plan.firmnessLabel].join(' — '))}`),
    '',
    `### ${l.couplingMoments[locale]} (${moments.length})`,
    '',
    ...(moments.length === 0 ? [l.noCouplingMoments[locale]] : moments.map((moment) => `- ${markdownText(couplingMomentText(moment))}${moment.inSweetSpot ? ` (${l.inSweetSpot[locale]})` : ''}`)),
    '',
  ];
}
