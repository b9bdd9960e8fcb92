export { AccessService, AccessProblem, type AccessProblemCode, type AccessServiceDeps, type BoardInviteTokens, type IssuedInvite } from './access-service.ts';
