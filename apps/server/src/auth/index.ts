export { loadAuthSecret, decodeSecret } from './secret.ts';
export { importSigningKeys, keyId, type SigningKeys, type SigningKey } from './keys.ts';
export { TokenService, TokenError, noExpiry, type BoardGrant, type GrantCheck, type TokenInvite, type TokenProblem } from './tokens.ts';
