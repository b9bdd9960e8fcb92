import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { accessEndReasons, roles, type Role } from '@koppelbord/contract';
import type { SigningKey, SigningKeys } from './keys.ts';
import { VerifiedTokenCache } from './verified-cache.ts';

/** What a verified token grants. */
export interface BoardGrant {
  boardId: string;
  role: Role;
  /** Token id (`jti`). */
  tokenId: string;
  /**
   * The invite the token opens (`inv` claim), or null for a token made before invites
   * existed: such a token cannot be revoked on its own and lasts until it expires.
   */
  inviteId: string | null;
  /** The invite's label, once the invite check has looked it up (null before, and for tokens without an invite). */
  inviteLabel: string | null;
  /** The token's expiry, or its invite's once checked; far in the future for "no expiry". */
  expiresAt: Date;
}

export type TokenProblem = 'missing' | 'invalid' | 'expired' | 'revoked';

export class TokenError extends Error {
  readonly problem: TokenProblem;
  /** Said in the 4401 close reason and the HTTP error message. */
  readonly reason: string;
  constructor(problem: TokenProblem, reason = `token ${problem}`) {
    super(reason);
    this.problem = problem;
    this.reason = reason;
  }
}

/**
 * Runs after the signature and claims verified: checks what the token points at (its invite)
 * and answers the grant as it holds now (the invite's current role), or throws TokenError.
 */
export type GrantCheck = (grant: BoardGrant) => Promise<BoardGrant>;

const algorithm = 'HS256';
const audience = 'koppelbord:board';
/** Latest date a Date holds: the expiry of a token that has none. */
export const noExpiry = new Date(8.64e15);

/** What a new token opens: the invite it carries and when that ends (null: never). */
export interface TokenInvite {
  id: string;
  expiresAt: Date | null;
}

/**
 * Signs and verifies board access tokens (JWT, HMAC-SHA256), with key rotation: new tokens
 * are signed with the current key and name it in their `kid` header; tokens signed with a
 * previous key still verify until that key is removed from the configuration.
 */
export class TokenService {
  readonly #keys: SigningKeys;
  readonly #ttlSeconds: number;
  readonly #verified = new VerifiedTokenCache<BoardGrant>(10_000);
  #check: GrantCheck | undefined;

  static async create(keys: SigningKeys, ttlSeconds: number): Promise<TokenService> {
    return new TokenService(keys, ttlSeconds);
  }

  private constructor(keys: SigningKeys, ttlSeconds: number) {
    this.#keys = keys;
    this.#ttlSeconds = ttlSeconds;
  }

  /** Id of the key new tokens are signed with. */
  get currentKeyId(): string {
    return this.#keys.current.id;
  }

  /** Installs the invite check every `verify` runs (access/; the server wires it at start). */
  useGrantCheck(check: GrantCheck): void {
    this.#check = check;
  }

  /**
   * A token for `boardId`. With `invite` it carries the invite's id and ends with it (no `exp`
   * when the invite has no expiry: the invite row, checked on every use, is what ends it).
   * Without (tests, and tokens of the version before invites) it lasts `TOKEN_TTL_DAYS`.
   */
  async issue(boardId: string, role: Role, invite?: TokenInvite): Promise<string> {
    const claims: JWTPayload = { bid: boardId, role };
    if (invite) claims['inv'] = invite.id;
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: algorithm, typ: 'JWT', kid: this.#keys.current.id })
      .setAudience(audience)
      .setJti(randomBytes(12).toString('base64url'))
      .setIssuedAt();
    const expiresAt = invite ? invite.expiresAt : new Date(Date.now() + this.#ttlSeconds * 1000);
    if (expiresAt) jwt.setExpirationTime(Math.ceil(expiresAt.getTime() / 1000));
    return jwt.sign(this.#keys.current.key);
  }

  /**
   * Verifies signature, expiry and claims, then runs the invite check; throws TokenError.
   * Never trusts anything unsigned.
   */
  async verify(token: string | undefined | null): Promise<BoardGrant> {
    const grant = await this.#verifySignature(token);
    return this.#check ? this.#check(grant) : grant;
  }

  async #verifySignature(token: string | undefined | null): Promise<BoardGrant> {
    if (!token) throw new TokenError('missing');
    // Reject absurd input before doing any crypto work.
    if (token.length > 2048) throw new TokenError('invalid');
    const known = this.#verified.get(token);
    if (known) return known;
    const payload = await this.#verifyWithKeys(token);
    const { bid, role, jti, exp, inv } = payload;
    const inviteId = typeof inv === 'string' && inv.length > 0 ? inv : null;
    // A token without an invite must expire (those of the version before always did);
    // one with an invite may not, since the invite is checked on every use.
    const expiryOk = typeof exp === 'number' || (exp === undefined && inviteId !== null);
    if (typeof bid !== 'string' || typeof jti !== 'string' || !expiryOk || !isRole(role) || (inv !== undefined && inviteId === null)) {
      throw new TokenError('invalid');
    }
    const grant: BoardGrant = {
      boardId: bid,
      role,
      tokenId: jti,
      inviteId,
      inviteLabel: null,
      expiresAt: typeof exp === 'number' ? new Date(exp * 1000) : noExpiry,
    };
    this.#verified.set(token, grant);
    return grant;
  }

  /** The key named by `kid`; a token without one (made before key ids) is tried with each key. */
  async #verifyWithKeys(token: string): Promise<JWTPayload> {
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new TokenError('invalid');
    }
    let candidates: SigningKey[];
    if (kid === undefined) candidates = [...this.#keys.byId.values()];
    else {
      const key = typeof kid === 'string' ? this.#keys.byId.get(kid) : undefined;
      // A removed key's tokens end here: that is how rotating the secret ends old links.
      if (!key) throw new TokenError('invalid');
      candidates = [key];
    }
    let problem: TokenError = new TokenError('invalid');
    for (const { key } of candidates) {
      try {
        return (await jwtVerify(token, key, { algorithms: [algorithm], audience })).payload;
      } catch (error) {
        // An invite's token ends with its invite: say so, as the invite check would.
        if (error instanceof errors.JWTExpired) problem = new TokenError('expired', typeof error.payload['inv'] === 'string' ? accessEndReasons.expired : 'token expired');
      }
    }
    throw problem;
  }
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
