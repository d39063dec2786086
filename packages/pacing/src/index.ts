export { createBackoff, fullJitterDelay, type Backoff, type BackoffOptions } from './backoff';
export { createAttemptLimiter, type AttemptLimiter } from './attempt-limiter';
export {
  createTokenBucket,
  fullTokens,
  refillTokens,
  takeToken,
  tokenWaitMs,
  type TokenBucket,
  type TokenBucketOptions,
  type TokenRate,
  type TokenState,
} from './token-bucket';
