/**
 * What changed on a board between two snapshots (or versions): the history panel's and the
 * session report's "changes since the previous snapshot". Pure and DOM-free; works on the
 * plain records of the two states, which the caller has already validated.
 */
import type { BoardLanguage, SnapshotChangeSummary } from '@koppelbord/contract';
import { cardTitle } from './card-title.ts';
import { classifyOpportunity } from './classify.ts';
import { catalogueLabel, organisationLabel } from './labels.ts';
import { shapeType, type BoardRecordLike } from './links.ts';
import type { DomainShape } from './shapes/domain.ts';
import type { OpportunityShape } from './shapes/opportunity.ts';
import type { OrganisationShape } from './shapes/organisation.ts';

export interface BoardChangesOptions {
  /** Language of the domain and organisation labels; default Dutch. */
  locale?: BoardLanguage;
}

/** The parts of a card the summary compares. */
interface CardState {
  label: string;
  /** Domain: catalogue key or custom name; organisation: its label (two cards of one party are one party). */
  key: string;
  consultation: string;
}

interface OpportunityState {
  title: string;
  quadrantClass: string | null;
  status: string;
}

interface BoardState {
  opportunities: Map<string, OpportunityState>;
  domains: Map<string, CardState>;
  organisations: Map<string, CardState>;
}

function readState(records: Iterable<BoardRecordLike>, locale: BoardLanguage): BoardState {
  const all = Array.from(records);
  const byId = new Map(all.map((record) => [record.id, record]));
  const state: BoardState = { opportunities: new Map(), domains: new Map(), organisations: new Map() };
  for (const record of all) {
    const type = shapeType(record);
    if (type === 'opportunity') {
      const opportunity = record as unknown as OpportunityShape;
      state.opportunities.set(record.id, {
        title: cardTitle('opportunity', opportunity.props.title, locale),
        quadrantClass: classifyOpportunity(opportunity, byId)?.quadrantClass ?? null,
        status: opportunity.props.status,
      });
    } else if (type === 'domain') {
      const { domain, consultation, consultedOn } = (record as unknown as DomainShape).props;
      state.domains.set(record.id, { label: catalogueLabel(domain, locale), key: domain, consultation: `${consultation} ${consultedOn}` });
    } else if (type === 'organisation') {
      const { name, kind, consultation, consultedOn } = (record as unknown as OrganisationShape).props;
      const label = organisationLabel(name, kind, locale);
      state.organisations.set(record.id, { label, key: label, consultation: `${consultation} ${consultedOn}` });
    }
  }
  return state;
}

/** Distinct texts in the locale's alphabetical order, so the summary never depends on the store's order. */
function sorted(values: Iterable<string>, locale: BoardLanguage): string[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  return [...new Set(values)].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Cards whose key was not on the board before (a second card of a domain already there adds no domain). */
function addedCards(before: Map<string, CardState>, after: Map<string, CardState>): string[] {
  const keysBefore = new Set([...before.values()].map((card) => card.key));
  return [...after.values()].filter((card) => !keysBefore.has(card.key)).map((card) => card.label);
}

/** Cards on both boards whose consultation status or date changed. */
function consultationChanges(before: Map<string, CardState>, after: Map<string, CardState>): string[] {
  const out: string[] = [];
  for (const [id, card] of after) {
    const old = before.get(id);
    if (old && old.consultation !== card.consultation) out.push(card.label);
  }
  return out;
}

/**
 * The changes from `before` to `after`: opportunities added or removed (by shape id), changed
 * (title, quadrant class or status; listed by their new title), domains and organisations
 * newly on the board, and cards whose consultation changed. Every list is sorted and has no
 * repeats. `before` empty gives everything on `after` as added.
 */
export function boardChanges(before: Iterable<BoardRecordLike>, after: Iterable<BoardRecordLike>, options: BoardChangesOptions = {}): SnapshotChangeSummary {
  const locale = options.locale ?? 'nl';
  const old = readState(before, locale);
  const now = readState(after, locale);

  const added: string[] = [];
  const changed: string[] = [];
  for (const [id, opportunity] of now.opportunities) {
    const was = old.opportunities.get(id);
    if (!was) added.push(opportunity.title);
    else if (was.title !== opportunity.title || was.quadrantClass !== opportunity.quadrantClass || was.status !== opportunity.status) {
      changed.push(opportunity.title);
    }
  }
  const removed = [...old.opportunities].filter(([id]) => !now.opportunities.has(id)).map(([, opportunity]) => opportunity.title);

  return {
    opportunitiesAdded: sorted(added, locale),
    opportunitiesRemoved: sorted(removed, locale),
    opportunitiesChanged: sorted(changed, locale),
    domainsAdded: sorted(addedCards(old.domains, now.domains), locale),
    organisationsAdded: sorted(addedCards(old.organisations, now.organisations), locale),
    consultationChanged: sorted([...consultationChanges(old.domains, now.domains), ...consultationChanges(old.organisations, now.organisations)], locale),
  };
}

/** A summary with nothing in it (the first snapshot of a board has nothing to compare with). */
export function noChanges(): SnapshotChangeSummary {
  return { opportunitiesAdded: [], opportunitiesRemoved: [], opportunitiesChanged: [], domainsAdded: [], organisationsAdded: [], consultationChanged: [] };
}
