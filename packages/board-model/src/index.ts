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
export { arrowLinks, shapeType, type BoardRecordLike } from './links.ts';
export {
  opportunityRegister,
  registerToCsv,
  registerToMarkdown,
  timingLabel,
  opportunityStatusLabels,
  housingCostLabels,
  type RegisterRow,
  type RegisterDomain,
  type RegisterOrganisation,
  type RegisterQuadrant,
  type RegisterOptions,
} from './register.ts';
export { domainCoverage, type DomainCoverage, type CoverageEntry, type MissingDomain, type CoverageOptions } from './coverage.ts';
export { starterTemplate, starterTemplateId, isScaffold, type StarterTemplateOptions } from './template.ts';
