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

/** A sliding window of connection attempts (e.g. Binance: 300 per 5 minutes per IP). */
export interface AttemptLimiter {
  /** Ms to wait until one more attempt is allowed (0 = now). */
  waitMs(): number;
  /** Records an attempt made now. */
  record(): void;
  /** Attempts inside the current window. */
  inWindow(): number;
}

/** Creates a limiter allowing at most `max` attempts in any `windowMs`; share one per venue host. */
export function createAttemptLimiter(max: number, windowMs: number, now: () => number = Date.now): AttemptLimiter {
  const times: number[] = [];
  const prune = (t: number): void => {
    while (times.length > 0 && (times[0] ?? 0) <= t - windowMs) times.shift();
  };
  return {
    waitMs() {
      const t = now();
      prune(t);
      if (times.length < max) return 0;
      // NOTE: the oldest attempt leaves the window at oldest + windowMs (exclusive window start).
      return Math.max(0, (times[times.length - max] ?? t) + windowMs - t);
    },
    record() {
      const t = now();
      prune(t);
      times.push(t);
    },
    inWindow() {
      prune(now());
      return times.length;
    },
  };
}
