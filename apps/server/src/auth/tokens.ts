import { randomBytes, type webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { roles, type Role } from '@koppelbord/contract';
import { VerifiedTokenCache } from './verified-cache.ts';

/** What a verified token grants. */
export interface BoardGrant {
  boardId: string;
  role: Role;
  /** Token id: lets later issues revoke a single link. */
  tokenId: string;
  expiresAt: Date;
}

export type TokenProblem = 'missing' | 'invalid' | 'expired';

export class TokenError extends Error {
  readonly problem: TokenProblem;
  constructor(problem: TokenProblem) {
    super(`token ${problem}`);
    this.problem = problem;
  }
}

const algorithm = 'HS256';
const audience = 'koppelbord:board';

/** Signs and verifies board access tokens (JWT, HMAC-SHA256). */
export class TokenService {
  readonly #key: webcrypto.CryptoKey;
  readonly #ttlSeconds: number;
  readonly #verified = new VerifiedTokenCache<BoardGrant>(10_000);

  /** Imports the secret once: handing jose raw bytes would import them again on every call. */
  static async create(secret: Uint8Array, ttlSeconds: number): Promise<TokenService> {
    const key = await crypto.subtle.importKey('raw', Uint8Array.from(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return new TokenService(key, ttlSeconds);
  }

  private constructor(key: webcrypto.CryptoKey, ttlSeconds: number) {
    this.#key = key;
    this.#ttlSeconds = ttlSeconds;
  }

  async issue(boardId: string, role: Role): Promise<string> {
    return new SignJWT({ bid: boardId, role })
      .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
      .setAudience(audience)
      .setJti(randomBytes(12).toString('base64url'))
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + this.#ttlSeconds)
      .sign(this.#key);
  }

  /** Verifies signature, expiry and claims; throws TokenError. Never trusts anything unsigned. */
  async verify(token: string | undefined | null): Promise<BoardGrant> {
    if (!token) throw new TokenError('missing');
    // Reject absurd input before doing any crypto work.
    if (token.length > 2048) throw new TokenError('invalid');
    const known = this.#verified.get(token);
    if (known) return known;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.#key, { algorithms: [algorithm], audience }));
    } catch (error) {
      throw new TokenError(error instanceof errors.JWTExpired ? 'expired' : 'invalid');
    }
    const { bid, role, jti, exp } = payload;
    if (typeof bid !== 'string' || typeof jti !== 'string' || typeof exp !== 'number' || !isRole(role)) {
      throw new TokenError('invalid');
    }
    const grant: BoardGrant = { boardId: bid, role, tokenId: jti, expiresAt: new Date(exp * 1000) };
    this.#verified.set(token, grant);
    return grant;
  }
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
