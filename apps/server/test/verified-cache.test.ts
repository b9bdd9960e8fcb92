import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from '../src/auth/verified-cache.ts';

const grant = (expiresAt: number, boardId = 'b') => ({ boardId, expiresAt: new Date(expiresAt) });

describe('VerifiedTokenCache', () => {
  it('returns an entry only for the exact token, until the token expires', () => {
    const cache = new VerifiedTokenCache<ReturnType<typeof grant>>(10);
    cache.set('aaa.bbb.sig', grant(2_000));
    expect(cache.get('aaa.bbb.sig', 1_000)?.boardId).toBe('b');
    expect(cache.get('aaa.bbb.sih', 1_000)).toBeUndefined();
    expect(cache.get('aaa.bbb.sig', 2_000)).toBeUndefined();
  });

  it('evicts the oldest entry past its capacity and forgets on request', () => {
    const cache = new VerifiedTokenCache<ReturnType<typeof grant>>(2);
    cache.set('t1', grant(9_000, 'one'));
    cache.set('t2', grant(9_000, 'two'));
    cache.set('t3', grant(9_000, 'three'));
    expect(cache.get('t1', 0)).toBeUndefined();
    expect(cache.get('t3', 0)?.boardId).toBe('three');
    cache.forget((g) => g.boardId === 'two');
    expect(cache.get('t2', 0)).toBeUndefined();
  });
});
