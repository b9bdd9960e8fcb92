import { z } from 'zod/mini';
import { trimmedText } from './text.ts';

/**
 * Voting rounds (`/api/boards/:id/rounds…`). The owner opens a round on the board's
 * opportunities; participants cast their ballot over HTTP with their participant key, and the
 * server keeps the ballots in its database — never in the shared Y.Doc, which every client
 * receives whole, so votes stay hidden until the owner reveals them even from a modified
 * client. The round's state (settings, open/closed, how many have voted) and, once revealed,
 * its results are written into the board by the server itself (`votingMetaKey` in the tldraw
 * document record's `meta`), and no client may change them.
 */

const votingWeightings = ['none', 'domain'] as const;
/**
 * `none`: every vote counts one. `domain`: every domain (the "speaks for" a voter stated)
 * weighs as much as one voter, however many of its people vote — each voter's votes count
 * 1/n where n is the number of voters of their domain; a voter who states no domain is a
 * domain of their own.
 */
export type VotingWeighting = (typeof votingWeightings)[number];

const roundStatuses = ['open', 'closed', 'revealed'] as const;
type RoundStatus = (typeof roundStatuses)[number];

export const votingLimits = {
  label: 80,
  /** Votes one participant may hold in one round, at most (the owner chooses 1 … this). */
  votesPerParticipant: 20,
  /** Rounds a board keeps (the doc carries them all). */
  roundsPerBoard: 50,
  /** Stated name and domain on a ballot. */
  name: 80,
  speaksFor: 80,
} as const;

/** Body of `POST /api/boards/:id/rounds` (owner): opens a round; one round is open at a time. */
export const startRoundInput = z.strictObject({
  label: trimmedText(1, votingLimits.label),
  votesPerParticipant: z.int().check(z.minimum(1), z.maximum(votingLimits.votesPerParticipant)),
  weighting: z._default(z.enum(votingWeightings), 'none'),
  anonymous: z._default(z.boolean(), false),
});
export type StartRoundInput = z.input<typeof startRoundInput>;

/** Record keys of shapes (`shape:…`), as tldraw makes them. */
const shapeId = z.string().check(z.regex(/^shape:[A-Za-z0-9_-]{1,64}$/, 'not a shape id'));

/**
 * Body of `PUT /api/boards/:id/rounds/:roundId/ballot`: the participant's whole ballot in
 * the round (opportunity shape id → votes on it; 0 or absent: none), replacing the one before.
 * Who votes is never stated: the server derives it from the participant key header. `name`
 * and `speaksFor` are self-declared (as in the join dialog); `speaksFor` is the domain the
 * votes count for in a weighted round.
 */
export const castBallotInput = z.strictObject({
  votes: z.record(shapeId, z.int().check(z.minimum(0), z.maximum(votingLimits.votesPerParticipant))),
  name: z.optional(z.nullable(trimmedText(0, votingLimits.name))),
  speaksFor: z.optional(z.nullable(trimmedText(0, votingLimits.speaksFor))),
});
export type CastBallotInput = z.input<typeof castBallotInput>;

/** Response of the ballot's GET and PUT: this participant's votes in the round, and what is left. */
export interface MyBallot {
  roundId: string;
  votes: Record<string, number>;
  used: number;
  left: number;
  limit: number;
}

/** One opportunity's result in a revealed round. */
export interface VotingResult {
  opportunityId: string;
  /** The card's title when the round was revealed (the card may be gone later). */
  title: string;
  /** Votes cast on it. */
  votes: number;
  /** Weighted score (weighting `domain`, rounded to 2 decimals); null for an unweighted round. */
  weighted: number | null;
  /** Who voted for it, with how many votes; null in an anonymous round. */
  voters: { name: string | null; speaksFor: string | null; votes: number }[] | null;
}

/** A round as every client sees it in the board document. */
export interface VotingRoundState {
  id: string;
  label: string;
  votesPerParticipant: number;
  weighting: VotingWeighting;
  anonymous: boolean;
  status: RoundStatus;
  openedAt: string;
  closedAt: string | null;
  revealedAt: string | null;
  /** Participants who have cast a ballot (how many, never what). */
  voterCount: number;
  /** Per opportunity with votes, most first; null until revealed. */
  results: VotingResult[] | null;
}

/** What the server keeps under `votingMetaKey` of the document record's `meta`. */
export interface VotingState {
  rounds: VotingRoundState[];
}

export const votingMetaKey = 'koppelbordVoting';

const votingResult = z.object({
  opportunityId: z.string(),
  title: z.string(),
  votes: z.number(),
  weighted: z.nullable(z.number()),
  voters: z.nullable(z.array(z.object({ name: z.nullable(z.string()), speaksFor: z.nullable(z.string()), votes: z.number() }))),
});
const votingRoundState = z.object({
  id: z.string(),
  label: z.string(),
  votesPerParticipant: z.number(),
  weighting: z.enum(votingWeightings),
  anonymous: z.boolean(),
  status: z.enum(roundStatuses),
  openedAt: z.string(),
  closedAt: z.nullable(z.string()),
  revealedAt: z.nullable(z.string()),
  voterCount: z.number(),
  results: z.nullable(z.array(votingResult)),
});
const votingState = z.object({ rounds: z.array(votingRoundState) });

/**
 * The rounds held in a document record's `meta` (oldest first); none when it has none or
 * holds something else (only the server writes it, but a board from elsewhere may not).
 */
export function readVotingRounds(documentMeta: unknown): VotingRoundState[] {
  if (typeof documentMeta !== 'object' || documentMeta === null) return [];
  const parsed = votingState.safeParse((documentMeta as Record<string, unknown>)[votingMetaKey]);
  return parsed.success ? parsed.data.rounds : [];
}

/** The round whose results the cards show: the last revealed one. */
export function latestRevealedRound(rounds: readonly VotingRoundState[]): VotingRoundState | undefined {
  return rounds.findLast((round) => round.status === 'revealed');
}

/** The open round, if any (at most one is open). */
export function openRound(rounds: readonly VotingRoundState[]): VotingRoundState | undefined {
  return rounds.find((round) => round.status === 'open');
}
