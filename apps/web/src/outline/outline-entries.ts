import type { TLRecord, TLShapeId } from 'tldraw';
import {
  commentCounts,
  commentLabels,
  consultationLabel,
  couplingMomentText,
  domainCoverage,
  linkedPlanText,
  notInQuadrantLabel,
  opportunityRegister,
  planColumnLabels,
  planRegister,
  registerColumnLabels,
  votingLabels,
  type RegisterRow,
} from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';

/**
 * What the outline says about each card, derived from the board's records by the board
 * model's own readings (domain coverage, the register), so the outline, the register and
 * the coverage never tell a card differently.
 */

/** One line of what is known about a card: a term and its value, read as a description list. */
export interface OutlineFact {
  term: string;
  value: string;
}

export interface OutlineEntry {
  id: TLShapeId;
  /** What the card is called (its heading in the list, and in the names of its buttons). */
  name: string;
  facts: OutlineFact[];
}

/** A domain or organisation card as the coverage reads it. */
type CoverageEntry = ReturnType<typeof domainCoverage>['present'][number];

/** The card's contact, told apart from another card of the same domain or kind by it. */
type ContactOf = (id: string) => string;

/** Every card's comment count, counted once per derivation (not one pass over the records per card). */
type CommentCounts = ReturnType<typeof commentCounts>;

/** A card's thread counted as its face shows it ("3 opmerkingen, 1 open"), so open remarks are not missed in the list. */
function commentFact(counts: CommentCounts, cardId: string, t: Messages, locale: BoardLanguage): OutlineFact {
  const { total, open } = counts.get(cardId) ?? { total: 0, open: 0 };
  return { term: commentLabels.comments[locale], value: t.comments.count(total, open) };
}

/** Several values in one fact: a semicolon, since a plan's or moment's own text can hold a comma. */
const listed = (values: readonly string[], none: string): string => (values.length > 0 ? values.join('; ') : none);

function consultationEntry(entry: CoverageEntry, contactOf: ContactOf, counts: CommentCounts, t: Messages, locale: BoardLanguage): OutlineEntry {
  const contact = contactOf(entry.id);
  return {
    id: entry.id as TLShapeId,
    name: contact ? `${entry.label} — ${contact}` : entry.label,
    facts: [
      { term: t.card.consultation, value: consultationLabel(entry.consultation, entry.consultedOn, locale) },
      { term: t.outline.linkedOpportunities, value: t.opportunities(entry.linkedOpportunities) },
      commentFact(counts, entry.id, t, locale),
    ],
  };
}

/** The domain cards (catalogue order, then custom ones) or the organisation cards (by name). */
export function consultedEntries(kind: 'domain' | 'organisation', records: readonly TLRecord[], t: Messages, locale: BoardLanguage): OutlineEntry[] {
  const contacts = new Map<string, string>();
  for (const record of records) {
    if (record.typeName === 'shape' && (record.type === 'domain' || record.type === 'organisation')) contacts.set(record.id, record.props.contact);
  }
  const contactOf = (id: string) => contacts.get(id) ?? '';
  const counts = commentCounts(records);
  return domainCoverage(records, { locale })
    .present.filter((entry) => entry.kind === kind)
    .map((entry) => consultationEntry(entry, contactOf, counts, t, locale));
}

/** A round's result as the register panel words it: "3 stemmen (Ronde 2)", weighted rounds with their score. */
function roundResult(round: RegisterRow['rounds'][number], t: Messages, locale: BoardLanguage): string {
  const weighted = round.weighted === null ? '' : `, ${votingLabels.weighted[locale]} ${round.weighted.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB')}`;
  return `${t.votes(round.votes)} (${round.label}${weighted})`;
}

/** The opportunities as the register has them, by title: class, links, status, timing, plans, votes and comments. */
export function opportunityEntries(records: readonly TLRecord[], t: Messages, locale: BoardLanguage): OutlineEntry[] {
  const counts = commentCounts(records);
  return opportunityRegister(records, { locale }).map((row) => {
    const links = [...row.domains.map((domain) => domain.label), ...row.organisations.map((organisation) => `${organisation.name} (${organisation.kindLabel})`)];
    const facts: OutlineFact[] = [
      { term: registerColumnLabels.quadrant[locale], value: row.quadrant?.label ?? notInQuadrantLabel[locale] },
      { term: t.outline.links, value: links.length > 0 ? links.join(', ') : t.outline.nothingLinked },
      { term: registerColumnLabels.status[locale], value: row.statusLabel },
    ];
    if (row.timingLabel) facts.push({ term: registerColumnLabels.timing[locale], value: row.timingLabel });
    facts.push({ term: registerColumnLabels.plans[locale], value: listed(row.plans.map(linkedPlanText), t.outline.nothingLinked) });
    if (row.planMoments.length > 0) facts.push({ term: registerColumnLabels.planMoments[locale], value: listed(row.planMoments.map(couplingMomentText), '') });
    // The latest revealed round is the result the table works with; without one, the legacy per-card votes.
    const latest = row.rounds.at(-1);
    facts.push({ term: registerColumnLabels.votes[locale], value: latest ? roundResult(latest, t, locale) : t.votes(row.votes) });
    facts.push(commentFact(counts, row.id, t, locale));
    return { id: row.id as TLShapeId, name: row.title, facts };
  });
}

/** The plans as the plans register has them (by period): period, firmness, owner, coupling moments, linked opportunities. */
export function planEntries(records: readonly TLRecord[], t: Messages, locale: BoardLanguage): OutlineEntry[] {
  return planRegister(records, { locale }).map((row) => ({
    id: row.id as TLShapeId,
    name: row.title,
    facts: [
      { term: planColumnLabels.period[locale], value: row.periodText },
      { term: planColumnLabels.firmness[locale], value: row.firmnessLabel },
      { term: planColumnLabels.owner[locale], value: listed(row.owners, t.outline.noOwner) },
      { term: planColumnLabels.couplingMoments[locale], value: listed(row.couplingMoments.map(couplingMomentText), t.outline.noCouplingMoments) },
      { term: planColumnLabels.opportunities[locale], value: listed(row.opportunities.map((opportunity) => opportunity.title), t.outline.nothingLinked) },
    ],
  }));
}

/** Two derivations say the same: the lists are not drawn again when only a card's position changed. */
export function sameEntries(a: readonly OutlineEntry[], b: readonly OutlineEntry[]): boolean {
  return a.length === b.length && a.every((entry, index) => JSON.stringify(entry) === JSON.stringify(b[index]));
}

/**
 * The entries in the order they were shown before, new ones after them (in their own order).
 * A list that re-sorted as one types a title or picks a domain would move the row being
 * edited away from where one is working, and rows would jump under a screen reader's reading
 * position whenever someone else renames a card; so an open outline keeps its order, and
 * sorts afresh the next time it is opened.
 */
export function keepOrder(entries: readonly OutlineEntry[], previous: readonly TLShapeId[]): OutlineEntry[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const known = new Set(previous);
  return [...previous.flatMap((id) => byId.get(id) ?? []), ...entries.filter((entry) => !known.has(entry.id))];
}
