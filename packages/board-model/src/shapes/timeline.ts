import { createShapePropsMigrationSequence, type RecordProps, type TLBaseShape } from '@tldraw/tlschema';
import { dimension, text, textLimits } from './common.ts';

/**
 * The plans timeline: a frame-like container whose width spans this year … +20 years. Plans
 * on it (its children) sit by their period. The years are derived when it is drawn (from the
 * reader's clock), never stored, so a board opened next year shows next year's window.
 */
export interface TimelineShapeProps {
  w: number;
  h: number;
  title: string;
}

export type TimelineShape = TLBaseShape<'timeline', TimelineShapeProps>;

/** A new timeline: 21 years of 100 units, room for four rows of plans below the year band. */
export const defaultTimelineProps = (): TimelineShapeProps => ({ w: 2100, h: 560, title: 'Plannen in de wijk' });

export const timelineShapeProps: RecordProps<TimelineShape> = {
  w: dimension,
  h: dimension,
  title: text(textLimits.title),
};

export const timelineShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });
