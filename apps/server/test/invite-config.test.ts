import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.ts';

describe('invite and access configuration', () => {
  it('has the documented defaults', () => {
    const config = configFromEnv({ RENDER: 'off' });
    expect(config.invites).toEqual({ defaultTtlDays: 14, allowUnexpiringViewLinks: false });
    expect(config.boardCreation).toEqual({ enabled: true, token: null });
    expect(config.previousAuthSecrets).toEqual([]);
  });

  it('reads every switch', () => {
    const config = configFromEnv({
      RENDER: 'off',
      INVITE_TTL_DAYS: '30',
      ALLOW_UNEXPIRING_VIEW_LINKS: 'on',
      BOARD_CREATE: 'off',
      BOARD_CREATE_TOKEN: 'a-board-create-token-of-24+',
      AUTH_SECRETS_PREVIOUS: ' old-secret-number-one-that-is-long-enough , base64url:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ',
    });
    expect(config.invites).toEqual({ defaultTtlDays: 30, allowUnexpiringViewLinks: true });
    expect(config.boardCreation).toEqual({ enabled: false, token: 'a-board-create-token-of-24+' });
    expect(config.previousAuthSecrets).toEqual(['old-secret-number-one-that-is-long-enough', 'base64url:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']);
  });

  it('refuses bad values with a message naming the variable', () => {
    expect(() => configFromEnv({ INVITE_TTL_DAYS: '0' })).toThrow(/INVITE_TTL_DAYS/);
    expect(() => configFromEnv({ INVITE_TTL_DAYS: '4000' })).toThrow(/INVITE_TTL_DAYS/);
    expect(() => configFromEnv({ ALLOW_UNEXPIRING_VIEW_LINKS: 'yes' })).toThrow(/ALLOW_UNEXPIRING_VIEW_LINKS/);
    expect(() => configFromEnv({ BOARD_CREATE: 'maybe' })).toThrow(/BOARD_CREATE/);
    expect(() => configFromEnv({ BOARD_CREATE_TOKEN: 'short' })).toThrow(/BOARD_CREATE_TOKEN must be at least 24 characters/);
    expect(() => configFromEnv({ AUTH_SECRETS_PREVIOUS: 'too-short' })).toThrow(/AUTH_SECRETS_PREVIOUS/);
  });
});
