import type { SchemaPropsInfo } from '@tldraw/tlschema';
import { domainShapeMigrations, domainShapeProps, type DomainShapeProps } from './domain.ts';
import { opportunityShapeMigrations, opportunityShapeProps, type OpportunityShapeProps } from './opportunity.ts';
import { organisationShapeMigrations, organisationShapeProps, type OrganisationShapeProps } from './organisation.ts';
import { quadrantShapeMigrations, quadrantShapeProps, type QuadrantShapeProps } from './quadrant.ts';

export * from './common.ts';
export * from './domain.ts';
export * from './organisation.ts';
export * from './opportunity.ts';
export * from './quadrant.ts';

/** Props validators and migrations of the four Koppelkansen shapes, by contract type name. */
export const koppelShapeSchemas = {
  domain: { props: domainShapeProps, migrations: domainShapeMigrations },
  organisation: { props: organisationShapeProps, migrations: organisationShapeMigrations },
  opportunity: { props: opportunityShapeProps, migrations: opportunityShapeMigrations },
  quadrant: { props: quadrantShapeProps, migrations: quadrantShapeMigrations },
} satisfies Record<string, SchemaPropsInfo>;

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    domain: DomainShapeProps;
    organisation: OrganisationShapeProps;
    opportunity: OpportunityShapeProps;
    quadrant: QuadrantShapeProps;
  }
}
