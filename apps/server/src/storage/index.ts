export type {
  BoardStore,
  SnapshotStore,
  Store,
  BoardRecord,
  StoredDocument,
  StoredSnapshot,
  PendingWrite,
  SnapshotRecord,
  SnapshotMeta,
  StoredActor,
  StoredParticipant,
  StoredPackage,
  AuditEntry,
} from './types.ts';
export { SqliteStore } from './sqlite-store.ts';
