export type { BoardStore, BoardRecord, StoredDocument, StoredSnapshot, PendingWrite } from './types.ts';
export { SqliteStore } from './sqlite-store.ts';
