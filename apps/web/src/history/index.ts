/** The board's history: snapshots and versions, their packages, revert and restore. */
export { AuditLog } from './AuditLog.tsx';
export { SnapshotEntry, type StatusMessage } from './SnapshotEntry.tsx';
export { TakeSnapshotForm } from './TakeSnapshotForm.tsx';
export { useSnapshotList } from './use-snapshot-list.ts';
export { useBrowserRender } from './use-browser-render.ts';
export { describePackage, describeActor, formatBytes, formatTime } from './describe.ts';
export { saveFile } from './save-file.ts';
