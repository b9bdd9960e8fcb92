import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServer } from '../../src/server.ts';
import { defaultConfig } from '../../src/config.ts';
import { tempDataDir } from '../../../../tests/helpers/server.ts';

describe('cluster configuration', () => {
  it('reads the cluster settings, with a random instance id by default', () => {
    const config = configFromEnv({ REDIS_URL: 'redis://:secret@127.0.0.1:6379/0', REPAIR_INTERVAL_MS: '500', INSTANCE_ID: 'web-1' });
    expect(config.cluster).toMatchObject({ redisUrl: 'redis://:secret@127.0.0.1:6379/0', instanceId: 'web-1', repairIntervalMs: 500 });
    expect(configFromEnv({}).cluster.redisUrl).toBeNull();
    expect(configFromEnv({}).cluster.instanceId).not.toBe(configFromEnv({}).cluster.instanceId);
  });

  it.each([
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ INSTANCE_ID: 'with space' }, /INSTANCE_ID/],
    [{ REPAIR_INTERVAL_MS: '10' }, /REPAIR_INTERVAL_MS/],
    [{ INSTANCE_HEARTBEAT_MS: '5000', INSTANCE_TTL_MS: '6000' }, /INSTANCE_TTL_MS must be at least twice INSTANCE_HEARTBEAT_MS/],
  ])('refuses %o', (env, message) => {
    expect(() => configFromEnv(env)).toThrow(message);
  });

  it('never puts the Redis password in the error', () => {
    expect(() => configFromEnv({ REDIS_URL: 'http://user:hunter2@example' })).toThrow(/^(?!.*hunter2)/s);
  });

  it('refuses REDIS_URL on the SQLite data directory, which instances cannot share', async () => {
    const dataDir = tempDataDir();
    try {
      const config = defaultConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent', cluster: { ...defaultConfig().cluster, redisUrl: 'redis://127.0.0.1:1' } });
      await expect(startServer(config, { log: createLogger('silent') })).rejects.toThrow(/DATABASE_URL/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
