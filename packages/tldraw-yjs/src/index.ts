// Public surface of @koppelbord/tldraw-yjs. DOM-free: the server imports it to seed and read boards.
export {
  bindStoreToDoc,
  type BindOptions,
  type BindingStatus,
  type ReadOnlyReason,
  type StoreDocBinding,
} from './bind.ts';
export { META_MAP_NAME, META_SCHEMA_KEY, RECORDS_MAP_NAME, getMetaMap, getRecordsMap } from './layout.ts';
export { readDocRecords, readDocSnapshot } from './doc-snapshot.ts';
export { readRecordEntry, writeRecordEntry, readValueBefore, type ValueBefore } from './record-entry.ts';
export { checkDocRecord, type RecordCheck } from './record-check.ts';
export { compareDocSchema, compareSchemaValue, readDocSchema, type SchemaComparison } from './schema-meta.ts';
export {
  DEFAULT_PAGE_NAME,
  SEED_CLIENT_ID,
  SEED_PAGE_ID,
  createSeedRecords,
  createSeedUpdate,
  seedBoardDocument,
  type SeedOptions,
} from './seed.ts';
export { consoleLogger, type BindingLogger } from './logger.ts';
export {
  AWARENESS_PRESENCE_FIELD,
  awarenessStateToPresence,
  presenceIdForClient,
  presenceToAwarenessState,
  type AwarenessPresenceState,
} from './presence.ts';
