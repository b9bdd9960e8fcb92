import type { SnapshotSummary } from '@koppelbord/contract';
import type { PackageJobs } from '../snapshots/index.ts';
import type { Store, SnapshotMeta } from '../storage/index.ts';

/** Snapshots as the API lists them: with their package's state, size and hash, and the ARCHIVE_DIR copy's state. */
export async function snapshotSummaries(store: Store, packages: PackageJobs, metas: readonly SnapshotMeta[]): Promise<SnapshotSummary[]> {
  const ids = metas.map((meta) => meta.id);
  const [info, exports] = await Promise.all([store.packageInfo(ids), store.exportStatuses(ids)]);
  return metas.map((meta) => {
    const built = info.get(meta.id);
    const exported = exports.get(meta.id);
    return {
      id: meta.id,
      label: meta.label,
      createdAt: meta.createdAt.toISOString(),
      kind: meta.kind,
      actor: meta.actor,
      package: meta.kind === 'version' ? null : { status: packages.status(meta.id, built !== undefined), ...(built && { bytes: built.bytes, sha256: built.sha256 }) },
      thumbnail: built?.hasThumbnail ?? false,
      ...(exported && { archiveExport: { written: exported.writtenAt !== null, attempts: exported.attempts, lastError: exported.lastError } }),
      invalidRecords: meta.invalidRecords,
      changes: meta.changes,
    };
  });
}
