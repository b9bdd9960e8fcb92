export { createIdleGc } from './idle-gc.ts';
