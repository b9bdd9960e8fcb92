export { TokenBucket } from './token-bucket.ts';
export { KeyedLimiter, type KeyedLimiterOptions } from './keyed-limiter.ts';
