export { AccessService, AccessProblem, type AccessProblemCode, type AccessServiceDeps, type BoardInviteTokens, type IssuedInvite } from './access-service.ts';
export { AuditFollower, accessChangeOf, type AuditFollowerOptions, type AuditLog } from './audit-follower.ts';
