export type { BoardStore, BoardRecord, StoredDocument, StoredSnapshot, LoggedUpdate, PendingWrite } from './types.ts';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
