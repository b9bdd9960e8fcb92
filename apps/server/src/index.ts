export { startServer, type RunningServer, type StartOptions } from './server.ts';
export { defaultConfig, type ConfigOverrides } from './config.ts';
export { createLogger } from './log.ts';
export { SqliteStore, PgStore, type BoardStore, type SnapshotStore, type Store, type BoardRecord, type PendingWrite } from './storage/index.ts';
