import { describe, expect, it } from 'vitest';
import { decodeSecret, importSigningKeys, keyId, TokenService } from '../src/auth/index.ts';

const secret = (text: string) => new TextEncoder().encode(text);
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid?: string };

describe('tokens with invites and key ids', () => {
  it('names the current key in kid, carries the invite id, and has no exp for an invite without expiry', async () => {
    const tokens = await TokenService.create(await importSigningKeys(secret('current-secret-current-secret-current')), 3600);
    const token = await tokens.issue('board', 'viewer', { id: 'inv1', expiresAt: null });
    expect(headerOf(token).kid).toBe(keyId(secret('current-secret-current-secret-current')));
    const grant = await tokens.verify(token);
    expect(grant).toMatchObject({ boardId: 'board', role: 'viewer', inviteId: 'inv1' });
    expect(grant.expiresAt.getTime()).toBeGreaterThan(Date.now() + 100 * 365 * 24 * 3600 * 1000);
  });

  it('verifies tokens of previous keys, refuses those of unknown ones; the key id is stable and reveals nothing', async () => {
    const old = secret('old-secret-old-secret-old-secret-old');
    const oldTokens = await TokenService.create(await importSigningKeys(old), 3600);
    const token = await oldTokens.issue('board', 'editor', { id: 'inv', expiresAt: new Date(Date.now() + 60_000) });
    const rotated = await TokenService.create(await importSigningKeys(secret('new-secret-new-secret-new-secret-new'), [old]), 3600);
    expect((await rotated.verify(token)).inviteId).toBe('inv');
    const removed = await TokenService.create(await importSigningKeys(secret('new-secret-new-secret-new-secret-new')), 3600);
    await expect(removed.verify(token)).rejects.toMatchObject({ problem: 'invalid' });
    expect(keyId(old)).toBe(keyId(secret('old-secret-old-secret-old-secret-old')));
    expect(keyId(old)).not.toContain('old-secret');
  });

  it('runs the installed invite check on every verify', async () => {
    const tokens = await TokenService.create(await importSigningKeys(secret('current-secret-current-secret-current')), 3600);
    const token = await tokens.issue('board', 'editor', { id: 'inv', expiresAt: null });
    let calls = 0;
    tokens.useGrantCheck(async (grant) => (calls++, { ...grant, role: 'viewer' }));
    expect((await tokens.verify(token)).role).toBe('viewer');
    expect((await tokens.verify(token)).role).toBe('viewer');
    expect(calls).toBe(2);
  });

  it('decodes raw previous keys given as base64url', () => {
    expect(Array.from(decodeSecret('base64url:AQID'))).toEqual([1, 2, 3]);
    expect(new TextDecoder().decode(decodeSecret('plain-text-secret'))).toBe('plain-text-secret');
  });
});
