import type { VotingResult, VotingWeighting } from '@koppelbord/contract';
import type { BallotRecord } from '../storage/index.ts';

/**
 * The domain a ballot's votes count for in a weighted round: what the voter said they speak
 * for, compared without case and surrounding space; a voter who said nothing is a domain of
 * their own (so they are not lumped together with every other voter without one).
 */
function domainOf(ballot: BallotRecord): string {
  const stated = ballot.speaksFor?.trim().toLocaleLowerCase('nl') ?? '';
  return stated === '' ? `participant:${ballot.participantId}` : `domain:${stated}`;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * A round's results from its ballots: per opportunity with votes, the votes cast on it and,
 * with weighting `domain`, its weighted score — each domain weighs as much as one voter, so
 * every voter's votes count 1/n, n being how many voters of their domain cast a ballot (a
 * department that sends ten people has the say of one, spread over its ten). Voters are named
 * unless the round is anonymous. Ordered by score (weighted, else votes), then votes, then title.
 */
export function tally(
  ballots: readonly BallotRecord[],
  settings: { weighting: VotingWeighting; anonymous: boolean },
  titleOf: (opportunityId: string) => string,
): VotingResult[] {
  const domainSizes = new Map<string, number>();
  for (const ballot of ballots) domainSizes.set(domainOf(ballot), (domainSizes.get(domainOf(ballot)) ?? 0) + 1);

  const results = new Map<string, { votes: number; weighted: number; voters: NonNullable<VotingResult['voters']> }>();
  for (const ballot of ballots) {
    const share = 1 / domainSizes.get(domainOf(ballot))!;
    for (const [opportunityId, count] of Object.entries(ballot.votes)) {
      if (count <= 0) continue;
      let result = results.get(opportunityId);
      if (!result) results.set(opportunityId, (result = { votes: 0, weighted: 0, voters: [] }));
      result.votes += count;
      result.weighted += count * share;
      result.voters.push({ name: ballot.name, speaksFor: ballot.speaksFor, votes: count });
    }
  }

  const weighted = settings.weighting === 'domain';
  const list: VotingResult[] = [...results].map(([opportunityId, result]) => ({
    opportunityId,
    title: titleOf(opportunityId),
    votes: result.votes,
    weighted: weighted ? round2(result.weighted) : null,
    voters: settings.anonymous ? null : result.voters,
  }));
  const score = (result: VotingResult) => result.weighted ?? result.votes;
  return list.sort((a, b) => score(b) - score(a) || b.votes - a.votes || a.title.localeCompare(b.title, 'nl') || (a.opportunityId < b.opportunityId ? -1 : 1));
}
