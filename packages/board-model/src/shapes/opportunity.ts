import { createShapePropsMigrationSequence, type RecordProps, type TLBaseShape } from '@tldraw/tlschema';
import { T } from '@tldraw/validate';
import { acceptedYears } from '../dates.ts';
import { dimension, list, text, textLimits } from './common.ts';

/** The coupling moment: coupling to what starts in ~2 years works best (the method's tip). */
export const timings = ['unknown', 'now', 'two-years', 'three-to-ten-years', 'twenty-year', 'year'] as const;
export type Timing = (typeof timings)[number];

/** Effect on residents' housing costs. */
export const housingCostEffects = ['unknown', 'lower', 'neutral', 'higher'] as const;
export type HousingCostEffect = (typeof housingCostEffects)[number];

/** Wijkkompas tracks (sporen). */
export const tracks = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
export type Track = (typeof tracks)[number];

/** idea → explored → agreed → chosen → in progress, or parked (with a reason). */
export const opportunityStatuses = ['idea', 'explored', 'agreed', 'chosen', 'in-progress', 'parked'] as const;
export type OpportunityStatus = (typeof opportunityStatuses)[number];

export interface OpportunityRisk {
  risk: string;
  /** How the risk is managed; empty when none yet. */
  mitigation: string;
}

/** A koppelkans. Its quadrant class is derived from its position, never stored. */
export interface OpportunityShapeProps {
  w: number;
  h: number;
  title: string;
  description: string;
  benefits: string[];
  risks: OpportunityRisk[];
  timing: Timing;
  /** The year, when `timing` is `year`. */
  timingYear: number | null;
  housingCost: HousingCostEffect;
  tracks: Track[];
  status: OpportunityStatus;
  /** Why it was parked, when `status` is `parked`. */
  parkedReason: string;
  owner: string;
  nextAction: string;
  /** Participant ids that voted for it (one vote each). */
  voters: string[];
}

export type OpportunityShape = TLBaseShape<'opportunity', OpportunityShapeProps>;

/** A new card's props (the client's ShapeUtil and tests start from these). */
export const defaultOpportunityProps = (): OpportunityShapeProps => ({
  w: 240,
  h: 150,
  title: 'Nieuwe koppelkans',
  description: '',
  benefits: [],
  risks: [],
  timing: 'unknown',
  timingYear: null,
  housingCost: 'unknown',
  tracks: [],
  status: 'idea',
  parkedReason: '',
  owner: '',
  nextAction: '',
  voters: [],
});

const year = T.integer.check((value) => {
  if (value < acceptedYears.min || value > acceptedYears.max) throw new Error(`a year between ${acceptedYears.min} and ${acceptedYears.max}`);
});

export const opportunityShapeProps: RecordProps<OpportunityShape> = {
  w: dimension,
  h: dimension,
  title: text(textLimits.title),
  description: text(textLimits.long),
  benefits: list(text(textLimits.line), textLimits.listItems),
  risks: list(T.object({ risk: text(textLimits.line), mitigation: text(textLimits.line) }), textLimits.listItems),
  timing: T.literalEnum(...timings),
  timingYear: year.nullable(),
  housingCost: T.literalEnum(...housingCostEffects),
  tracks: list(T.literalEnum(...tracks), tracks.length),
  status: T.literalEnum(...opportunityStatuses),
  parkedReason: text(textLimits.line),
  owner: text(textLimits.owner),
  nextAction: text(textLimits.line),
  voters: list(text(textLimits.label), textLimits.voters),
};

export const opportunityShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });
