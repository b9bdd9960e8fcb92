import { createShapePropsMigrationSequence, type RecordProps, type TLBaseShape } from '@tldraw/tlschema';
import { T } from '@tldraw/validate';
import { acceptedYears } from '../dates.ts';
import { dimension, text, textLimits } from './common.ts';

/** How firm an existing plan is: an idea, on the planning, with a budget, or under way. */
export const planFirmnesses = ['idea', 'planned', 'budgeted', 'under-way'] as const;
export type PlanFirmness = (typeof planFirmnesses)[number];

/** The years a plan runs, both included (2028–2030 is three years). */
export interface PlanPeriod {
  start: number;
  end: number;
}

/**
 * An existing plan for the neighbourhood (sewer replacement, street redesign, the housing
 * corporation's maintenance cycle, grid works, school rebuild). Where it sits on a timeline
 * follows its period (timeline.ts); its coupling moments are derived, never stored.
 */
export interface PlanShapeProps {
  w: number;
  h: number;
  title: string;
  /**
   * Who owns the plan, as picked: a domain catalogue key (`sewerage-water`), an organisation
   * kind key (`housing-corporation`) or the owner's own name; empty when not picked. Arrows
   * to domain and organisation cards name owners too (register.ts).
   */
  owner: string;
  /** One prop, not two, so the validator can hold `end >= start` (validators see one prop at a time). */
  period: PlanPeriod;
  firmness: PlanFirmness;
}

export type PlanShape = TLBaseShape<'plan', PlanShapeProps>;

/** A new plan: starts in two years (the method's sweet spot) and runs two years. */
export const defaultPlanProps = (thisYear = new Date().getFullYear()): PlanShapeProps => ({
  w: 240,
  h: 110,
  title: '',
  owner: '',
  period: { start: thisYear + 2, end: thisYear + 3 },
  firmness: 'planned',
});

const year = T.integer.check((value) => {
  if (value < acceptedYears.min || value > acceptedYears.max) throw new Error(`a year between ${acceptedYears.min} and ${acceptedYears.max}`);
});

/** Start and end year; the end is never before the start. */
export const planPeriod = T.object({ start: year, end: year }).check((period) => {
  if (period.end < period.start) throw new Error(`the end year (${period.end}) is before the start year (${period.start})`);
});

export const planShapeProps: RecordProps<PlanShape> = {
  w: dimension,
  h: dimension,
  title: text(textLimits.title),
  owner: text(textLimits.owner),
  period: planPeriod,
  firmness: T.literalEnum(...planFirmnesses),
};

export const planShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });
