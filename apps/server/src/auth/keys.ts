import { createHash, type webcrypto } from 'node:crypto';

/** One signing key and its stable id (the `kid` header of the tokens it signs). */
export interface SigningKey {
  id: string;
  key: webcrypto.CryptoKey;
}

/**
 * The current key signs; previous keys (`AUTH_SECRETS_PREVIOUS`) still verify, until the
 * operator removes them. A key's id is a hash of the key, so it is the same on every start
 * and every instance, and says nothing about the key itself.
 */
export interface SigningKeys {
  current: SigningKey;
  /** Every key that verifies, current first, by id. */
  byId: ReadonlyMap<string, SigningKey>;
}

/** First 96 bits of SHA-256 of the key, base64url: enough to tell keys apart, nothing to guess from. */
export const keyId = (secret: Uint8Array): string => createHash('sha256').update(secret).digest('base64url').slice(0, 16);

async function importKey(secret: Uint8Array): Promise<SigningKey> {
  const key = await crypto.subtle.importKey('raw', Uint8Array.from(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  return { id: keyId(secret), key };
}

/** Imports the keys once: handing jose raw bytes would import them again on every call. */
export async function importSigningKeys(current: Uint8Array, previous: readonly Uint8Array[] = []): Promise<SigningKeys> {
  const keys = await Promise.all([current, ...previous].map(importKey));
  const byId = new Map<string, SigningKey>();
  for (const key of keys) if (!byId.has(key.id)) byId.set(key.id, key);
  return { current: keys[0]!, byId };
}
