export { TokenBucket } from './token-bucket.ts';
export { KeyedLimiter } from './keyed-limiter.ts';
