/**
 * The plans register: the plans on a board as a table (owner, period, firmness, the coupling
 * moments each takes part in, the opportunities linked to it), and what an opportunity's
 * register row takes from the plans it is linked to. DOM-free, on plain tldraw records.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { BoardLanguage } from '@koppelbord/contract';
import { cardTitle } from './card-title.ts';
import { catalogueLabel, organisationLabel, planColumnLabels, planFirmnessLabels, timelineLabels, type PlanColumn } from './labels.ts';
import { arrowLinks, shapeType, type BoardRecordLike } from './links.ts';
import { couplingMomentText, couplingMoments, periodText, planTitle, startsInSweetSpot, timingFromPlans, type CouplingMoment } from './plans-timeline.ts';
import type { DomainShape } from './shapes/domain.ts';
import type { OpportunityShape } from './shapes/opportunity.ts';
import type { OrganisationShape } from './shapes/organisation.ts';
import type { PlanFirmness, PlanPeriod, PlanShape } from './shapes/plan.ts';

export interface PlanRegisterOptions {
  locale?: BoardLanguage;
  /** The year the window and the sweet spot count from; default this year. */
  thisYear?: number;
}

/** A plan an opportunity is linked to, as its register row names it. */
export interface LinkedPlan {
  id: string;
  title: string;
  period: PlanPeriod;
  /** '2028–2030'. */
  periodText: string;
}

export interface RegisterPlan extends LinkedPlan {
  /** As picked: a catalogue key, or the owner's own name; empty when not picked. */
  owner: string;
  /** The picked owner's label, and the domain and organisation cards linked to the plan by arrows. */
  owners: string[];
  firmness: PlanFirmness;
  firmnessLabel: string;
  startsInSweetSpot: boolean;
  /** The coupling moments this plan takes part in. */
  couplingMoments: CouplingMoment[];
  /** Opportunities linked to the plan by arrows, by title. */
  opportunities: { id: string; title: string }[];
}

const collatorOf = (locale: BoardLanguage) => new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });

/** One row per plan on the board (all pages), by start year, end year, then title and id. */
export function planRegister(records: Iterable<BoardRecordLike>, options: PlanRegisterOptions = {}): RegisterPlan[] {
  const locale = options.locale ?? 'nl';
  const thisYear = options.thisYear ?? new Date().getFullYear();
  const all = Array.from(records);
  const byId = new Map(all.map((record) => [record.id, record]));
  const links = arrowLinks(all);
  const moments = couplingMoments(all, thisYear, locale);
  const collator = collatorOf(locale);

  const rows = all.flatMap((record): RegisterPlan[] => {
    if (shapeType(record) !== 'plan') return [];
    const plan = record as unknown as PlanShape;
    const { owner, period, firmness } = plan.props;
    const ownerCards: string[] = [];
    const opportunities: { id: string; title: string }[] = [];
    for (const linkedId of links.get(plan.id) ?? []) {
      const linked = byId.get(linkedId);
      const type = linked && shapeType(linked);
      if (type === 'domain') ownerCards.push(catalogueLabel((linked as unknown as DomainShape).props.domain, locale));
      else if (type === 'organisation') {
        const { name, kind } = (linked as unknown as OrganisationShape).props;
        ownerCards.push(organisationLabel(name, kind, locale));
      } else if (type === 'opportunity') opportunities.push({ id: linkedId, title: cardTitle('opportunity', (linked as unknown as OpportunityShape).props.title, locale) });
    }
    const picked = owner.trim() === '' ? [] : [catalogueLabel(owner, locale)];
    return [
      {
        id: plan.id,
        title: planTitle(plan.props.title, locale),
        period: { ...period },
        periodText: periodText(period),
        owner,
        owners: [...new Set([...picked, ...ownerCards.sort(collator.compare)])],
        firmness,
        firmnessLabel: planFirmnessLabels[firmness][locale],
        startsInSweetSpot: startsInSweetSpot(period, thisYear),
        couplingMoments: moments.filter((moment) => moment.plans.some((each) => each.id === plan.id)),
        opportunities: opportunities.sort((a, b) => collator.compare(a.title, b.title)),
      },
    ];
  });
  return rows.sort((a, b) => a.period.start - b.period.start || a.period.end - b.period.end || collator.compare(a.title, b.title) || (a.id < b.id ? -1 : 1));
}

/** What an opportunity's register row takes from the plans linked to it. */
export interface OpportunityPlanTiming {
  plans: LinkedPlan[];
  /** The coupling moments of those plans (with any plan on the board). */
  moments: CouplingMoment[];
  /** The timing the plans give it (timingFromPlans); null without plans. */
  timing: PlanPeriod | null;
}

/** The plans among `linkedIds`, with their coupling moments and the timing they give. */
export function opportunityPlanTiming(linkedIds: Iterable<string>, byId: ReadonlyMap<string, BoardRecordLike>, moments: readonly CouplingMoment[], locale: BoardLanguage): OpportunityPlanTiming {
  const plans: LinkedPlan[] = [];
  for (const id of linkedIds) {
    const linked = byId.get(id);
    if (!linked || shapeType(linked) !== 'plan') continue;
    const { title, period } = (linked as unknown as PlanShape).props;
    plans.push({ id, title: planTitle(title, locale), period: { ...period }, periodText: periodText(period) });
  }
  plans.sort((a, b) => a.period.start - b.period.start || collatorOf(locale).compare(a.title, b.title));
  const ids = new Set(plans.map((plan) => plan.id));
  return {
    plans,
    moments: moments.filter((moment) => moment.plans.some((plan) => ids.has(plan.id))),
    timing: timingFromPlans(plans.map((plan) => plan.period)),
  };
}

/** 'Rioolvervanging (2028–2030)'. */
export const linkedPlanText = (plan: LinkedPlan): string => `${plan.title} (${plan.periodText})`;

// ---------------------------------------------------------------------------------------
// Export, the same conventions as the opportunity register's CSV (register.ts).

const listSeparator = ' | ';

const planColumns: readonly { key: PlanColumn; cell: (row: RegisterPlan, locale: BoardLanguage) => string }[] = [
  { key: 'title', cell: (row) => row.title },
  { key: 'owner', cell: (row) => row.owners.join(listSeparator) },
  { key: 'start', cell: (row) => String(row.period.start) },
  { key: 'end', cell: (row) => String(row.period.end) },
  { key: 'firmness', cell: (row, locale) => planFirmnessLabels[row.firmness][locale] },
  { key: 'sweetSpot', cell: (row, locale) => (row.startsInSweetSpot ? timelineLabels.yes[locale] : '') },
  { key: 'couplingMoments', cell: (row) => row.couplingMoments.map(couplingMomentText).join(listSeparator) },
  { key: 'opportunities', cell: (row) => row.opportunities.map((opportunity) => opportunity.title).join(listSeparator) },
];

/** The plans register as CSV for Dutch spreadsheets (BOM, `;`, CRLF, formulas neutralised; see registerToCsv). */
export function planRegisterToCsv(rows: readonly RegisterPlan[], locale: BoardLanguage = 'nl'): string {
  return stringify([planColumns.map((column) => planColumnLabels[column.key][locale]), ...rows.map((row) => planColumns.map((column) => column.cell(row, locale)))], {
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    escape_formulas: true,
    quoted_match: /\r/,
  });
}
