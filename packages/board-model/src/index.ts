export {
  domains,
  organisationKinds,
  findDomain,
  findOrganisationKind,
  catalogueLabel,
  type DomainEntry,
  type DomainGroup,
  type CatalogueEntry,
  type CatalogueColour,
} from './catalogue.ts';
export { createBoardSchema } from './schema.ts';
export * from './shapes/index.ts';
export {
  classifyPoint,
  classifyOpportunity,
  keepScoresOnResize,
  quadrantClassLabels,
  type Classification,
  type QuadrantClass,
} from './classify.ts';
