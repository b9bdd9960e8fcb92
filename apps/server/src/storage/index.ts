export type { BoardStore, BoardRecord, StoredDocument, StoredSnapshot, LoadedSnapshot, LoggedUpdate, PendingWrite } from './types.ts';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
