export { createIdleGc } from './idle-gc.ts';
export { receivedLargeBodyBytes, scavengeSoon } from './young-gc.ts';
