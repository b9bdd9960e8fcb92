export { loadAuthSecret } from './secret.ts';
export { TokenService, TokenError, type BoardGrant } from './tokens.ts';
