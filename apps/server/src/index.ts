export { startServer, type RunningServer, type StartOptions } from './server.ts';
export { configFromEnv, defaultConfig, type ServerConfig, type ConfigOverrides } from './config.ts';
export { createLogger, type Logger } from './log.ts';
export { SqliteStore, type BoardStore, type BoardRecord, type StoredDocument, type PendingWrite } from './storage/index.ts';
export { TokenService, type BoardGrant } from './auth/index.ts';
