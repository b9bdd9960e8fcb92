import { createShapePropsMigrationSequence, type RecordProps, type TLBaseShape } from '@tldraw/tlschema';
import { dimension, text, textLimits } from './common.ts';

/**
 * The risk/benefit matrix: a frame-like container. Risk grows to the right, benefit grows
 * upwards; opportunities inside it (its children) are classified from their position.
 */
export interface QuadrantShapeProps {
  w: number;
  h: number;
  title: string;
}

export type QuadrantShape = TLBaseShape<'quadrant', QuadrantShapeProps>;

/** A new quadrant's props. */
export const defaultQuadrantProps = (): QuadrantShapeProps => ({ w: 900, h: 640, title: 'Kansen en risico’s' });

export const quadrantShapeProps: RecordProps<QuadrantShape> = {
  w: dimension,
  h: dimension,
  title: text(textLimits.title),
};

export const quadrantShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });
