import { describe, expect, it } from 'vitest';
import { versionsToDrop } from '../../src/snapshots/version-thinning.ts';

const hour = 3_600_000;
const day = 24 * hour;
const now = Date.UTC(2026, 11, 2, 12, 0, 0);
const at = (ageMs: number, id = `v${ageMs}`) => ({ id, createdAt: new Date(now - ageMs) });

describe('versionsToDrop', () => {
  it.each([
    ['keeps every version of the last day', [at(1_000), at(10 * 60_000), at(23 * hour)], []],
    ['keeps the newest version of each hour after a day', [at(day + 10 * 60_000, 'newer'), at(day + 20 * 60_000, 'older')], ['older']],
    ['keeps versions of different hours', [at(day + hour + 5 * 60_000), at(day + 3 * hour)], []],
    ['keeps one per day after a week', [at(8 * day + hour, 'a'), at(8 * day + 3 * hour, 'b'), at(9 * day + 3 * hour, 'c')], ['b']],
  ])('%s', (_what, versions, dropped) => {
    // Dates chosen so the buckets do not straddle a UTC hour or day boundary.
    expect(versionsToDrop(versions, now).sort()).toEqual([...dropped].sort());
  });

  it('drops nothing twice and keeps at least one version per bucket whatever the input order', () => {
    const versions = Array.from({ length: 200 }, (_, i) => at(i * 37 * 60_000));
    const dropped = new Set(versionsToDrop([...versions].reverse(), now));
    const kept = versions.filter((version) => !dropped.has(version.id));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.filter((version) => now - version.createdAt.getTime() < day)).toHaveLength(versions.filter((version) => now - version.createdAt.getTime() < day).length);
  });
});
