import type { SchemaPropsInfo } from '@tldraw/tlschema';
import { domainShapeMigrations, domainShapeProps, type DomainShapeProps } from './domain.ts';
import { opportunityShapeMigrations, opportunityShapeProps, type OpportunityShapeProps } from './opportunity.ts';
import { organisationShapeMigrations, organisationShapeProps, type OrganisationShapeProps } from './organisation.ts';
import { planShapeMigrations, planShapeProps, type PlanShapeProps } from './plan.ts';
import { quadrantShapeMigrations, quadrantShapeProps, type QuadrantShapeProps } from './quadrant.ts';
import { timelineShapeMigrations, timelineShapeProps, type TimelineShapeProps } from './timeline.ts';

/** The Koppelkansen shape types, in the order the client offers them. */
export const koppelShapeTypes = ['domain', 'organisation', 'opportunity', 'plan', 'quadrant', 'timeline'] as const;
export type KoppelShapeType = (typeof koppelShapeTypes)[number];

/**
 * Props validators and migrations of the Koppelkansen shapes, by contract type name.
 * No migration yet: a change to a shape's props adds its version ids
 * (createShapePropsMigrationIds) and an `up` and a `down` step to its sequence.
 */
export const koppelShapeSchemas = {
  domain: { props: domainShapeProps, migrations: domainShapeMigrations },
  organisation: { props: organisationShapeProps, migrations: organisationShapeMigrations },
  opportunity: { props: opportunityShapeProps, migrations: opportunityShapeMigrations },
  plan: { props: planShapeProps, migrations: planShapeMigrations },
  quadrant: { props: quadrantShapeProps, migrations: quadrantShapeMigrations },
  timeline: { props: timelineShapeProps, migrations: timelineShapeMigrations },
} satisfies Record<KoppelShapeType, SchemaPropsInfo>;

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    domain: DomainShapeProps;
    organisation: OrganisationShapeProps;
    opportunity: OpportunityShapeProps;
    plan: PlanShapeProps;
    quadrant: QuadrantShapeProps;
    timeline: TimelineShapeProps;
  }
}
