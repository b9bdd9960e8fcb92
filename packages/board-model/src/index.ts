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
