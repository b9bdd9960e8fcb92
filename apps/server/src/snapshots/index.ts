export { SnapshotService, SnapshotProblem, type TakeOptions } from './snapshot-service.ts';
export { PackageJobs, type AssetSource, type PackagerLike } from './package-jobs.ts';
export { ArchiveDirWriter } from './archive-dir.ts';
export { SnapshotAnalyzer } from './analyzer.ts';
