// The archive package of a snapshot (issue 11): building and verifying it (packaging/ runs
// the build off the server process). Pure server-side code: no HTTP, no storage.
export type { ArchiveSettings, ArchiveParticipant, RenderedPage, ArchiveInput, BuiltPackage, PackageFile } from './types.ts';
export { buildArchivePackage, type BuildOptions } from './build.ts';
export { verifyArchivePackage } from './verify.ts';
export { snapshotRecords, type SnapshotRecords } from './records.ts';
export { tldrFile } from './tldr.ts';
export { formats, type FileFormat } from './formats.ts';
export { archiveSettingsFromEnv } from './settings.ts';
