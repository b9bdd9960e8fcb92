export { RedisBus, type BusCounters, type BusListener, type RedisBusOptions } from './redis-bus.ts';
export { accessActions, committedMessage, isAccessAction, type AccessAction, type AccessChange, type ClusterMessage } from './wire.ts';
