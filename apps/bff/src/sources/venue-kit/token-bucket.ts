/** Options of a token bucket. */
export interface TokenBucketOptions {
  /** Tokens added per second. */
  ratePerSec: number;
  /** Bucket size: most tokens available at once (the bucket starts full). */
  burst: number;
  /** Clock, ms (default Date.now). */
  now?: () => number;
}

/** A token bucket pacing outgoing messages: any window of t seconds sees at most burst + rate·t takes. */
export interface TokenBucket {
  /** Takes one token if available; false = wait `waitMs()` and retry. */
  take(): boolean;
  /** Ms until one token is available (0 = now). */
  waitMs(): number;
  /** Tokens available now (fractional). */
  available(): number;
}

/** Creates a token bucket, full at creation. */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const now = options.now ?? Date.now;
  const { ratePerSec, burst } = options;
  if (!(ratePerSec > 0) || !(burst >= 1)) throw new RangeError('token bucket needs ratePerSec > 0 and burst >= 1');
  let tokens = burst;
  let at = now();
  const refill = (): void => {
    const t = now();
    if (t > at) tokens = Math.min(burst, tokens + ((t - at) * ratePerSec) / 1000);
    at = Math.max(at, t);
  };
  return {
    take() {
      refill();
      // NOTE: a small epsilon absorbs float drift (0.1 + 0.2 style) so a token due at t is available at t.
      if (tokens < 1 - 1e-9) return false;
      tokens = Math.max(0, tokens - 1);
      return true;
    },
    waitMs() {
      refill();
      if (tokens >= 1 - 1e-9) return 0;
      return Math.ceil(((1 - tokens) * 1000) / ratePerSec);
    },
    available() {
      refill();
      return tokens;
    },
  };
}
