export { SyncService } from './sync-service.ts';
export type { BoardRoom, RoomSession, SessionPresence } from './board-room.ts';
export type { SyncConnection } from './connection.ts';
export { ClusterFanout, type FanoutOptions, type FanoutStore } from './cluster-fanout.ts';
