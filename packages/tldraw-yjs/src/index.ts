// Public surface of @koppelbord/tldraw-yjs: what the web app, the server and the end-to-end
// tests use. DOM-free: the server imports it to seed boards and to check what clients write.
export { bindStoreToDoc, type BindingStatus } from './bind.ts';
export { META_SCHEMA_KEY, docHoldsBoard, getMetaMap, getRecordsMap } from './layout.ts';
export { readDocRecords, readDocSnapshot } from './doc-snapshot.ts';
export { readRecordEntry, writeRecordEntry, readValueBefore, type ValueBefore } from './record-entry.ts';
export { checkDocRecord } from './record-check.ts';
export { compareSchemaValue } from './schema-meta.ts';
export { SEED_PAGE_ID, createSeedUpdate, type SeedOptions } from './seed.ts';
export { awarenessStateToPresence, presenceIdForClient, type AwarenessPresenceState } from './presence.ts';
