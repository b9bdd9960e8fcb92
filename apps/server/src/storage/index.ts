export type {
  BoardStore,
  SnapshotStore,
  Store,
  BoardRecord,
  StoredDocument,
  LoggedUpdate,
  UpdatesAfter,
  StoredSnapshot,
  PendingWrite,
  SnapshotRecord,
  SnapshotMeta,
  StoredActor,
  StoredParticipant,
  StoredPackage,
  NewPackage,
  AuditEntry,
  AuditAction,
  InviteRecord,
  InviteStore,
  AssetStore,
  StoredAsset,
  VotingStore,
  VotingRoundRecord,
  BallotRecord,
} from './types.ts';
export { SqliteAssetStore } from './sqlite-assets.ts';
export { SqliteStore } from './sqlite-store.ts';
export { PgStore, type PgStoreOptions } from './pg-store.ts';
export { redactUrl } from './pg-client.ts';
export { SchemaTooNewError } from './migrations/index.ts';
