export { CloseCode } from './close-codes.ts';
export { roles, canEdit, type Role } from './roles.ts';
export {
  boardTextLimits,
  createBoardInput,
  boardIdPattern,
  boardTemplates,
  boardLanguages,
  type BoardTemplate,
  type BoardLanguage,
  type CreateBoardInput,
  type CreateBoardResponse,
  type BoardLinks,
  type BoardMetadata,
  type ApiErrorBody,
} from './boards.ts';
