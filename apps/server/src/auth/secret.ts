import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const secretFileName = 'auth-secret';

/**
 * The token-signing key: `AUTH_SECRET` when given, else a random key generated on first
 * start and kept (mode 0600) in the data directory, so tokens stay valid across restarts.
 */
export function loadAuthSecret(configured: string | undefined, dataDir: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, secretFileName);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 43) return Buffer.from(stored, 'base64url');
    throw new Error(`${file} is too short to be a signing key; remove it to generate a new one`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile: then use theirs.
  try {
    writeFileSync(file, secret.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  }
}

const rawKeyPrefix = 'base64url:';

/**
 * An entry of `AUTH_SECRETS_PREVIOUS`: a secret as text (as `AUTH_SECRET` takes it), or
 * `base64url:<key>` for raw key bytes, such as the contents of a generated `DATA_DIR/auth-secret`
 * when the operator moves from the generated key to an `AUTH_SECRET` of their own.
 */
export function decodeSecret(value: string): Uint8Array {
  if (value.startsWith(rawKeyPrefix)) return Buffer.from(value.slice(rawKeyPrefix.length), 'base64url');
  return new TextEncoder().encode(value);
}
