/**
 * The one full-jitter backoff of the house (AWS "full jitter"), used by the SDK's reconnect and
 * by every venue socket.
 */
/** Options of a full-jitter backoff. */
export interface BackoffOptions {
  /** Delay scale of the first retry, ms. */
  baseMs: number;
  /** Largest delay, ms. */
  capMs: number;
  /** Uniform random in [0, 1) (default Math.random; inject for deterministic tests). */
  random?: () => number;
}

/** Full-jitter delay (AWS "full jitter"): uniform in [0, min(cap, base·2^attempt)). */
export function fullJitterDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  // NOTE: the exponent is clamped so 2^attempt never overflows to Infinity for huge attempts.
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(Math.max(attempt, 0), 52));
  return Math.floor(random() * ceiling);
}

/** A retry counter producing full-jitter delays. */
export interface Backoff {
  /** Delay before the next attempt, ms; increments the attempt count. */
  next(): number;
  /** Back to attempt 0 (after a connection proved healthy). */
  reset(): void;
  /** Attempts made since the last reset. */
  readonly attempts: number;
}

/** Creates a full-jitter backoff counter. */
export function createBackoff(options: BackoffOptions): Backoff {
  let attempt = 0;
  return {
    next: () => fullJitterDelay(attempt++, options),
    reset: () => {
      attempt = 0;
    },
    get attempts() {
      return attempt;
    },
  };
}
