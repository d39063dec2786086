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
