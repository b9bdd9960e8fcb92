/**
 * The session report of an archived snapshot as a list of plain blocks (headings,
 * paragraphs, lists, labelled fields): one content model that the archive's HTML and PDF
 * renderers both draw, so the two always say the same. Pure and DOM-free; labels come from
 * labels.ts in the board's language.
 */
import { readVotingRounds, type BoardLanguage, type Role, type SnapshotChangeSummary } from '@koppelbord/contract';
import { commentedCards, commentCount } from './comments.ts';
import { domainCoverage } from './coverage.ts';
import { dutchYearOf } from './dates.ts';
import { commentLabels, consultationLabel, catalogueLabel, mitigationLabel, notInQuadrantLabel, quadrantClassLabels, registerColumnLabels, roleLabels, sessionReportLabels, votingLabels, type LocalizedText } from './labels.ts';
import type { BoardRecordLike } from './links.ts';
import { opportunityRegister, quadrantClassOrder, type RegisterRow } from './register.ts';
import { planBlocks } from './plan-report.ts';
import { linkedPlanText } from './plan-register.ts';
import { couplingMomentText } from './plans-timeline.ts';

export type ReportBlock =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  /** Label/value pairs (a definition list); empty values are left out by the builder. */
  | { kind: 'fields'; fields: { label: string; value: string }[] };

export interface ReportDocument {
  language: BoardLanguage;
  /** The document's title (the board's title with "Sessieverslag"). */
  title: string;
  blocks: ReportBlock[];
}

export interface ReportParticipant {
  role: Role;
  name: string | null;
  /** A catalogue key (domain or organisation kind) or the participant's own text; null when not given. */
  speaksFor: string | null;
}

export interface SessionReportInput {
  board: { title: string; municipality: string | null; neighbourhood: string | null };
  snapshot: { label: string; createdAt: Date };
  participants: readonly ReportParticipant[];
  /** "namen opnemen": list names; otherwise roles and domains only (AVG). */
  includeNames: boolean;
  /** Changes since the previous snapshot, with its label and time; null for a board's first snapshot. */
  previous: { label: string; createdAt: Date; changes: SnapshotChangeSummary } | null;
  /** Records left out because they did not validate (said in the report when not 0). */
  invalidRecords: number;
}

const timeLocales: Record<BoardLanguage, string> = { nl: 'nl-NL', en: 'en-GB' };

/**
 * A moment as a Dutch municipality reads it: '28 november 2026 16:30' in Amsterdam time (the
 * boards are Dutch), with the zone's name so a reader elsewhere is not misled.
 */
export function formatMoment(moment: Date, locale: BoardLanguage): string {
  return new Intl.DateTimeFormat(timeLocales[locale], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Amsterdam',
    timeZoneName: 'short',
  }).format(moment);
}

/** The session report's blocks for the board's valid records. */
export function sessionReport(records: Iterable<BoardRecordLike>, input: SessionReportInput, locale: BoardLanguage): ReportDocument {
  const all = Array.from(records);
  const t = (label: LocalizedText) => label[locale];
  const l = sessionReportLabels;
  const blocks: ReportBlock[] = [];
  const fields = (pairs: [string, string | null][]): ReportBlock => ({
    kind: 'fields',
    fields: pairs.filter((pair): pair is [string, string] => pair[1] !== null && pair[1].trim() !== '').map(([label, value]) => ({ label, value })),
  });
  const title = `${t(l.documentTitle)}: ${input.board.title}`;

  blocks.push({ kind: 'heading', level: 1, text: title });
  blocks.push(
    fields([
      [t(l.board), input.board.title],
      [t(l.municipality), input.board.municipality],
      [t(l.neighbourhood), input.board.neighbourhood],
      [t(l.snapshot), input.snapshot.label],
      [t(l.takenAt), formatMoment(input.snapshot.createdAt, locale)],
    ]),
  );
  if (input.invalidRecords > 0) blocks.push({ kind: 'paragraph', text: `${input.invalidRecords} ${t(l.invalidRecords)}` });

  blocks.push({ kind: 'heading', level: 2, text: t(l.participants) });
  blocks.push(...participantBlocks(input, locale));

  blocks.push({ kind: 'heading', level: 2, text: t(l.coverage) });
  const coverage = domainCoverage(all, { locale });
  const withStatus = coverage.present.map((entry) => `${entry.label} — ${consultationLabel(entry.consultation, entry.consultedOn, locale)}`);
  const consulted = coverage.present.filter((entry) => entry.consultation === 'consulted').map((entry) => entry.label);
  blocks.push({ kind: 'heading', level: 3, text: `${t(l.present)} (${coverage.present.length})` });
  blocks.push(listOrNone(withStatus, locale));
  blocks.push({ kind: 'heading', level: 3, text: `${t(l.consulted)} (${consulted.length})` });
  blocks.push(listOrNone(consulted, locale));
  blocks.push({ kind: 'heading', level: 3, text: `${t(l.missing)} (${coverage.missing.length})` });
  blocks.push(listOrNone(coverage.missing.map((entry) => entry.label), locale));

  blocks.push({ kind: 'heading', level: 2, text: t(l.opportunities) });
  // The sweet spot is counted from the year of the snapshot, so the report keeps saying what the board said then.
  const thisYear = dutchYearOf(input.snapshot.createdAt);
  blocks.push(...opportunityBlocks(opportunityRegister(all, { locale, thisYear }), locale));

  blocks.push(...planBlocks(all, locale, thisYear));

  blocks.push({ kind: 'heading', level: 2, text: commentLabels.heading[locale] });
  blocks.push(...commentBlocks(all, input.includeNames, locale));

  blocks.push({ kind: 'heading', level: 2, text: t(votingLabels.rounds) });
  blocks.push(...votingBlocks(all, input.includeNames, locale));

  blocks.push({ kind: 'heading', level: 2, text: t(l.changes) });
  blocks.push(...changeBlocks(input.previous, locale));

  return { language: locale, title, blocks };
}

function listOrNone(items: string[], locale: BoardLanguage): ReportBlock {
  return items.length === 0 ? { kind: 'paragraph', text: `(${sessionReportLabels.none[locale]})` } : { kind: 'list', items };
}

/** Participants grouped by the domain or organisation they speak for; names only when the owner chose to include them. */
function participantBlocks(input: SessionReportInput, locale: BoardLanguage): ReportBlock[] {
  const l = sessionReportLabels;
  if (input.participants.length === 0) return [{ kind: 'paragraph', text: l.noParticipants[locale] }];
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const groups = new Map<string, ReportParticipant[]>();
  for (const participant of input.participants) {
    const speaksFor = participant.speaksFor?.trim();
    const group = speaksFor ? catalogueLabel(speaksFor, locale) : l.noDomainGiven[locale];
    groups.set(group, [...(groups.get(group) ?? []), participant]);
  }
  const items = [...groups]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([group, members]) => {
      const roleOrder = (role: Role) => ['owner', 'editor', 'viewer'].indexOf(role);
      const sortedMembers = [...members].sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || collator.compare(a.name ?? '', b.name ?? ''));
      const described = input.includeNames
        ? sortedMembers.map((member) => (member.name?.trim() ? `${member.name.trim()} (${roleLabels[member.role][locale]})` : roleLabels[member.role][locale]))
        : countRoles(sortedMembers, locale);
      return `${group}: ${described.join(', ')}`;
    });
  const blocks: ReportBlock[] = [{ kind: 'list', items }];
  if (!input.includeNames) blocks.push({ kind: 'paragraph', text: l.namesLeftOut[locale] });
  return blocks;
}

/** "Deelnemer (bewerken) × 2", in role order. */
function countRoles(members: readonly ReportParticipant[], locale: BoardLanguage): string[] {
  const counts = new Map<Role, number>();
  for (const member of members) counts.set(member.role, (counts.get(member.role) ?? 0) + 1);
  return [...counts].map(([role, count]) => (count === 1 ? roleLabels[role][locale] : `${roleLabels[role][locale]} × ${count}`));
}

/** Opportunities by quadrant class in the method's order (win-win first), those outside the quadrant last. */
function opportunityBlocks(rows: readonly RegisterRow[], locale: BoardLanguage): ReportBlock[] {
  if (rows.length === 0) return [{ kind: 'paragraph', text: sessionReportLabels.noOpportunities[locale] }];
  const c = registerColumnLabels;
  const l = sessionReportLabels;
  const groups: { label: string; rows: RegisterRow[] }[] = [
    ...quadrantClassOrder.map((quadrantClass) => ({ label: quadrantClassLabels[quadrantClass][locale], rows: rows.filter((row) => row.quadrant?.quadrantClass === quadrantClass) })),
    { label: notInQuadrantLabel[locale], rows: rows.filter((row) => row.quadrant === null) },
  ];
  const blocks: ReportBlock[] = [];
  for (const group of groups) {
    if (group.rows.length === 0) continue;
    blocks.push({ kind: 'heading', level: 3, text: `${group.label} (${group.rows.length})` });
    for (const row of group.rows) {
      blocks.push({ kind: 'heading', level: 4, text: row.title.trim() || '—' });
      const risks = row.risks.map((risk) => (risk.mitigation ? `${risk.risk} (${mitigationLabel[locale]}: ${risk.mitigation})` : risk.risk));
      const status = row.parkedReason ? `${row.statusLabel} — ${row.parkedReason}` : row.statusLabel;
      const block: ReportBlock = {
        kind: 'fields',
        fields: [
          [c.description[locale], row.description],
          [c.benefits[locale], row.benefits.join('; ')],
          [c.risks[locale], risks.join('; ')],
          [c.timing[locale], row.timingLabel],
          [c.plans[locale], row.plans.map(linkedPlanText).join('; ')],
          [c.planMoments[locale], row.planMoments.map(couplingMomentText).join('; ')],
          [c.housingCost[locale], row.housingCostLabel],
          [c.status[locale], status],
          [c.owner[locale], row.owner],
          [c.nextAction[locale], row.nextAction],
          [l.linkedDomains[locale], row.domains.map((domain) => domain.label).join('; ')],
          [l.linkedOrganisations[locale], row.organisations.map((organisation) => (organisation.name ? `${organisation.name} (${organisation.kindLabel})` : organisation.kindLabel)).join('; ')],
          [c.votes[locale], row.votes > 0 ? String(row.votes) : ''],
        ]
          .filter(([, value]) => value!.trim() !== '')
          .map(([label, value]) => ({ label: label!, value: value! })),
      };
      blocks.push(block);
    }
  }
  return blocks;
}

/**
 * Each card's thread with the card's kind and title: "Anna de Vries (Riolering & water), 2
 * december 2026 14:05 CET: text", marked when resolved or edited. Without names (AVG) a
 * comment is attributed to the domain its author spoke for only.
 */
function commentBlocks(records: readonly BoardRecordLike[], includeNames: boolean, locale: BoardLanguage): ReportBlock[] {
  const l = commentLabels;
  const cards = commentedCards(records, locale);
  if (cards.length === 0) return [{ kind: 'paragraph', text: l.noComments[locale] }];
  const blocks: ReportBlock[] = [];
  for (const { label, thread } of cards) {
    const count = commentCount(thread);
    blocks.push({ kind: 'heading', level: 3, text: `${label} (${count.total}, ${count.open} ${l.open[locale]})` });
    const items = thread.map((comment) => {
      const domain = comment.authorDomain.trim() ? catalogueLabel(comment.authorDomain, locale) : '';
      const name = includeNames ? comment.authorName.trim() : '';
      const author = name && domain ? `${name} (${domain})` : name || domain || l.participant[locale];
      const marks = [comment.editedAt !== null ? l.edited[locale] : '', comment.resolved ? `${l.resolved[locale]} ${formatMoment(new Date(comment.resolved.at), locale)}` : ''].filter(Boolean);
      return `${author}, ${formatMoment(new Date(comment.createdAt), locale)}: ${comment.text}${marks.length > 0 ? ` [${marks.join('; ')}]` : ''}`;
    });
    blocks.push({ kind: 'list', items });
  }
  return blocks;
}

/**
 * Every revealed voting round: its settings, how many voted, and per opportunity its votes
 * (and weighted score). Who voted for what only for a round that was not anonymous, and only
 * when the owner chose to include names (otherwise the domains they spoke for).
 */
function votingBlocks(records: readonly BoardRecordLike[], includeNames: boolean, locale: BoardLanguage): ReportBlock[] {
  const v = votingLabels;
  const document = records.find((record) => record.typeName === 'document') as { meta?: unknown } | undefined;
  const rounds = readVotingRounds(document?.meta).filter((round) => round.status === 'revealed');
  if (rounds.length === 0) return [{ kind: 'paragraph', text: v.noRounds[locale] }];
  const number = (value: number) => value.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 });
  const blocks: ReportBlock[] = [];
  for (const round of rounds) {
    blocks.push({ kind: 'heading', level: 3, text: `${round.label} (${v.revealedAt[locale]} ${formatMoment(new Date(round.revealedAt ?? round.openedAt), locale)})` });
    const settings = [`${round.votesPerParticipant} ${v.perParticipant[locale]}`, ...(round.weighting === 'domain' ? [v.weightedByDomain[locale]] : []), ...(round.anonymous ? [v.anonymous[locale]] : []), `${round.voterCount} ${v.voters[locale]}`];
    blocks.push({ kind: 'paragraph', text: settings.join(' · ') });
    const results = round.results ?? [];
    if (results.length === 0) {
      blocks.push({ kind: 'paragraph', text: v.noVotes[locale] });
      continue;
    }
    blocks.push({
      kind: 'list',
      items: results.map((result) => {
        const weighted = result.weighted === null ? '' : `, ${v.weighted[locale]} ${number(result.weighted)}`;
        const who = result.voters?.map((voter) => `${(includeNames && voter.name?.trim()) || (voter.speaksFor ? catalogueLabel(voter.speaksFor, locale) : '—')} ${voter.votes}`).join(', ');
        return `${result.title}: ${result.votes} ${v.votes[locale]}${weighted}${who ? ` (${who})` : ''}`;
      }),
    });
  }
  return blocks;
}

function changeBlocks(previous: SessionReportInput['previous'], locale: BoardLanguage): ReportBlock[] {
  const l = sessionReportLabels;
  if (!previous) return [{ kind: 'paragraph', text: l.firstSnapshot[locale] }];
  const blocks: ReportBlock[] = [{ kind: 'paragraph', text: `${l.previous[locale]}: ${previous.label} (${formatMoment(previous.createdAt, locale)})` }];
  const parts: [LocalizedText, string[]][] = [
    [l.opportunitiesAdded, previous.changes.opportunitiesAdded],
    [l.opportunitiesRemoved, previous.changes.opportunitiesRemoved],
    [l.opportunitiesChanged, previous.changes.opportunitiesChanged],
    [l.domainsAdded, previous.changes.domainsAdded],
    [l.organisationsAdded, previous.changes.organisationsAdded],
    [l.consultationChanged, previous.changes.consultationChanged],
  ];
  const items = parts.filter(([, values]) => values.length > 0).map(([label, values]) => `${label[locale]}: ${values.join('; ')}`);
  blocks.push(items.length === 0 ? { kind: 'paragraph', text: l.noChanges[locale] } : { kind: 'list', items });
  return blocks;
}
