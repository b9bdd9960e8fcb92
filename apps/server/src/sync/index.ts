export { SyncService } from './sync-service.ts';
export type { BoardRoom } from './board-room.ts';
export type { SyncConnection } from './connection.ts';
