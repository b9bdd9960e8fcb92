/**
 * Domain coverage: which policy domains and organisations are on the board, whether they were
 * consulted and how many opportunities they are linked to, and which catalogue domains have
 * no card at all. The method asks a team to show that no domain was passed over; this is
 * that evidence. DOM-free; works on plain tldraw records.
 */
import type { BoardLanguage } from '@koppelbord/contract';
import { domains, findDomain, type DomainGroup } from './catalogue.ts';
import { catalogueLabel, organisationLabel } from './labels.ts';
import { arrowLinks, shapeType, type BoardRecordLike } from './links.ts';
import type { ConsultationStatus } from './shapes/common.ts';
import type { DomainShape } from './shapes/domain.ts';
import type { OrganisationShape } from './shapes/organisation.ts';

export interface CoverageOptions {
  /** Language of the labels; default Dutch. */
  locale?: BoardLanguage;
}

/** One domain or organisation card on the board. */
export interface CoverageEntry {
  /** The card's shape id. */
  id: string;
  kind: 'domain' | 'organisation';
  /** Domain: its catalogue key or custom name. Organisation: its kind key or own description. */
  key: string;
  /** Domain: catalogue label or custom name. Organisation: its name with its kind label, 'Naam (Woningcorporatie)'. */
  label: string;
  /** Social or physical for a catalogue domain; null for a custom domain or an organisation. */
  group: DomainGroup | null;
  consultation: ConsultationStatus;
  /** `YYYY-MM-DD`, or empty. */
  consultedOn: string;
  /** Distinct opportunities linked to the card by arrows (either direction). */
  linkedOpportunities: number;
}

/** A catalogue domain without any card on the board. */
export interface MissingDomain {
  key: string;
  label: string;
  group: DomainGroup;
}

export interface DomainCoverage {
  /** Every domain card (catalogue domains in catalogue order, then custom ones by label), then every organisation card by label. */
  present: CoverageEntry[];
  /** Catalogue domains with no card, in catalogue order. */
  missing: MissingDomain[];
}

const catalogueOrder = new Map(domains.map((domain, index) => [domain.key, index]));

export function domainCoverage(records: Iterable<BoardRecordLike>, options: CoverageOptions = {}): DomainCoverage {
  const locale: BoardLanguage = options.locale ?? 'nl';
  const all = Array.from(records);
  const opportunityIds = new Set(all.filter((record) => shapeType(record) === 'opportunity').map((record) => record.id));
  const links = arrowLinks(all);
  const linkedOpportunities = (id: string) => [...(links.get(id) ?? [])].filter((linked) => opportunityIds.has(linked)).length;

  const present: CoverageEntry[] = [];
  for (const record of all) {
    const type = shapeType(record);
    if (type === 'domain') {
      const props = (record as unknown as DomainShape).props;
      present.push({
        id: record.id,
        kind: 'domain',
        key: props.domain,
        label: catalogueLabel(props.domain, locale),
        group: findDomain(props.domain)?.group ?? null,
        consultation: props.consultation,
        consultedOn: props.consultedOn,
        linkedOpportunities: linkedOpportunities(record.id),
      });
    } else if (type === 'organisation') {
      const props = (record as unknown as OrganisationShape).props;
      present.push({
        id: record.id,
        kind: 'organisation',
        key: props.kind,
        label: organisationLabel(props.name, props.kind, locale),
        group: null,
        consultation: props.consultation,
        consultedOn: props.consultedOn,
        linkedOpportunities: linkedOpportunities(record.id),
      });
    }
  }

  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  // Rank: catalogue domains by catalogue position, then custom domains, then organisations.
  const rank = (entry: CoverageEntry) =>
    entry.kind === 'organisation' ? domains.length + 1 : (catalogueOrder.get(entry.key) ?? domains.length);
  present.sort(
    (a, b) => rank(a) - rank(b) || collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const onBoard = new Set(present.filter((entry) => entry.kind === 'domain').map((entry) => entry.key));
  const missing = domains
    .filter((domain) => !onBoard.has(domain.key))
    .map((domain): MissingDomain => ({ key: domain.key, label: domain[locale], group: domain.group }));

  return { present, missing };
}
