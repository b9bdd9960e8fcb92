// What the server, the web client and the tests use; the rest stays inside the package.
export { domains, organisationKinds, findDomain, type CatalogueEntry, type DomainGroup } from './catalogue.ts';
export {
  automaticSnapshotLabels,
  cardKindLabels,
  commentLabels,
  catalogueLabel,
  consultationLabel,
  consultationLabels,
  domainGroupLabels,
  housingCostLabels,
  notInQuadrantLabel,
  untitledOpportunityLabel,
  opportunityStatusLabels,
  organisationLabel,
  quadrantAxisLabels,
  quadrantClassLabels,
  registerColumnLabels,
  votingLabels,
  timingLabels,
  type LocalizedText,
} from './labels.ts';
export { acceptedYears, dutchYearOf, formatDate, isoDate, isoToday, parseTypedDate } from './dates.ts';
export { createBoardSchema } from './schema.ts';
export { koppelShapeTypes, type KoppelShapeType } from './shapes/index.ts';
export { textLimits, consultationStatuses, type ConsultationStatus } from './shapes/common.ts';
export { domainShapeProps, domainShapeMigrations, defaultDomainProps, type DomainShape, type DomainShapeProps } from './shapes/domain.ts';
export {
  organisationShapeProps,
  organisationShapeMigrations,
  defaultOrganisationProps,
  type OrganisationShape,
  type OrganisationShapeProps,
} from './shapes/organisation.ts';
export {
  opportunityShapeProps,
  opportunityShapeMigrations,
  defaultOpportunityProps,
  timings,
  housingCostEffects,
  tracks,
  opportunityStatuses,
  type OpportunityShape,
  type OpportunityShapeProps,
  type Track,
} from './shapes/opportunity.ts';
export {
  quadrantShapeProps,
  quadrantShapeMigrations,
  defaultQuadrantProps,
  type QuadrantShape,
  type QuadrantShapeProps,
} from './shapes/quadrant.ts';
export { classifyPoint, classifyOpportunity, keepScoresOnResize, type Classification, type QuadrantClass } from './classify.ts';
export { arrowLink, type BoardRecordLike } from './links.ts';
export {
  firstSortDirection,
  opportunityRegister,
  quadrantClassOrder,
  registerReport,
  registerToCsv,
  sortRegister,
  type RegisterRow,
  type RegisterSortKey,
  type SortDirection,
} from './register.ts';
export { domainCoverage } from './coverage.ts';
export { starterTemplate, isScaffold, localizedTemplateText, pinnedScaffoldTypes } from './template.ts';
export { roleLabels, sessionReportLabels, defaultInviteLabels } from './labels.ts';
export { boardChanges, noChanges, type BoardChangesOptions } from './changes.ts';
export {
  formatMoment,
  sessionReport,
  type ReportBlock,
  type ReportDocument,
  type ReportParticipant,
  type SessionReportInput,
} from './report-model.ts';
export type { TLRecord } from './tl-types.ts';
export { cardTitle, isUntitled } from './card-title.ts';
export { planShapeProps, planShapeMigrations, defaultPlanProps, planFirmnesses, type PlanFirmness, type PlanPeriod, type PlanShape, type PlanShapeProps } from './shapes/plan.ts';
export { timelineShapeProps, timelineShapeMigrations, defaultTimelineProps, type TimelineShape, type TimelineShapeProps } from './shapes/timeline.ts';
export {
  couplingMoments,
  couplingMomentsOf,
  couplingMomentText,
  movedPeriod,
  periodText,
  planBox,
  planTitle,
  startsInSweetSpot,
  sweetSpot,
  timingFromPlans,
  timelineHeaderHeight,
  timelineYearCount,
  yearWidth,
  type CouplingMoment,
  type PlanRef,
} from './plans-timeline.ts';
export { planRegister, planRegisterToCsv, linkedPlanText, type LinkedPlan, type RegisterPlan } from './plan-register.ts';
export { planColumnLabels, planFirmnessLabels, timelineLabels, untitledPlanLabel } from './labels.ts';
export { cardCommentType, koppelRecordSchemas, type CardComment, type CardCommentId, type CommentResolution } from './records/card-comment.ts';
export {
  commentableCardTypes,
  commentCount,
  commentCounts,
  commentedCards,
  commentsOf,
  commentTextProblem,
  editedComment,
  isCardComment,
  newComment,
  reopenedComment,
  resolvedComment,
  type CommentableCardType,
  type CommentAuthor,
  type CommentCount,
  type CommentedCard,
} from './comments.ts';
