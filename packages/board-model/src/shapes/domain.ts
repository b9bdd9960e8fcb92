import { createShapePropsMigrationSequence, type RecordProps, type TLBaseShape } from '@tldraw/tlschema';
import { consultationStatus, dimension, isoDateOrEmpty, text, textLimits, type ConsultationStatus } from './common.ts';

/** A municipal policy domain at the table. */
export interface DomainShapeProps {
  w: number;
  h: number;
  /** A catalogue key (`sewerage-water`) or the custom domain's own name. */
  domain: string;
  /** Contact person and/or department. */
  contact: string;
  ambitions: string;
  consultation: ConsultationStatus;
  /** When consulted (`YYYY-MM-DD`), or empty. */
  consultedOn: string;
}

export type DomainShape = TLBaseShape<'domain', DomainShapeProps>;

/** A new card's props (the client's ShapeUtil and tests start from these). */
export const defaultDomainProps = (): DomainShapeProps => ({
  w: 220,
  h: 130,
  domain: 'welfare',
  contact: '',
  ambitions: '',
  consultation: 'not-yet',
  consultedOn: '',
});

export const domainShapeProps: RecordProps<DomainShape> = {
  w: dimension,
  h: dimension,
  domain: text(textLimits.label),
  contact: text(textLimits.contact),
  ambitions: text(textLimits.long),
  consultation: consultationStatus,
  consultedOn: isoDateOrEmpty,
};

export const domainShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });
