import { createShapePropsMigrationSequence, type RecordProps, type TLBaseShape } from '@tldraw/tlschema';
import { consultationStatus, dimension, isoDateOrEmpty, text, textLimits, type ConsultationStatus } from './common.ts';

/** An outside party: housing corporation, school, welfare organisation, … */
export interface OrganisationShapeProps {
  w: number;
  h: number;
  name: string;
  /** An organisation-kind key (`housing-corporation`) or the party's own description. */
  kind: string;
  contact: string;
  consultation: ConsultationStatus;
  consultedOn: string;
}

export type OrganisationShape = TLBaseShape<'organisation', OrganisationShapeProps>;

/** A new card's props (the client's ShapeUtil and tests start from these). */
export const defaultOrganisationProps = (): OrganisationShapeProps => ({
  w: 220,
  h: 130,
  name: 'Organisatie',
  kind: 'housing-corporation',
  contact: '',
  consultation: 'not-yet',
  consultedOn: '',
});

export const organisationShapeProps: RecordProps<OrganisationShape> = {
  w: dimension,
  h: dimension,
  name: text(textLimits.name),
  kind: text(textLimits.label),
  contact: text(textLimits.contact),
  consultation: consultationStatus,
  consultedOn: isoDateOrEmpty,
};

export const organisationShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });
