/**
 * Which automatic versions to drop as they age: all of the last day are kept, then one per
 * hour up to a week, then one per day. "One per hour" keeps the newest version of each hour
 * (the state closest to the hour's end, which is what someone going back looks for).
 */
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const keepAllFor = dayMs;
const keepHourlyFor = 7 * dayMs;

export interface AgedVersion {
  id: string;
  createdAt: Date;
}

/** The ids of `versions` that thinning removes at `now`. */
export function versionsToDrop(versions: readonly AgedVersion[], now: number): string[] {
  const newestFirst = [...versions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keptBuckets = new Set<string>();
  const drop: string[] = [];
  for (const version of newestFirst) {
    const age = now - version.createdAt.getTime();
    if (age < keepAllFor) continue;
    const bucket = age < keepHourlyFor ? `h${Math.floor(version.createdAt.getTime() / hourMs)}` : `d${Math.floor(version.createdAt.getTime() / dayMs)}`;
    if (keptBuckets.has(bucket)) drop.push(version.id);
    else keptBuckets.add(bucket);
  }
  return drop;
}
