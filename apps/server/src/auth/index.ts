export { loadAuthSecret } from './secret.ts';
export { TokenService, TokenError, type BoardGrant, type TokenProblem } from './tokens.ts';
