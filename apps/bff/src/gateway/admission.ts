/** Paces new WebSocket sessions: at most `perSecond` upgrades per second (0: unpaced). */
export interface Admission {
  /** True when one more upgrade may proceed at `now`. */
  take(now: number): boolean;
}

/**
 * A token bucket refilled at `perSecond`. NOTE: after a restart every client
 * comes back within a few seconds; pacing the handshakes (the rest get 503 + Retry-After and
 * back off with jitter) keeps any one second to a share of them, so the fresh process is not
 * swamped by snapshots for everyone at once.
 */
export function createAdmission(perSecond: number): Admission {
  // NOTE: a small burst (a tenth of a second's worth) keeps any one second near `perSecond`.
  const burst = Math.max(1, Math.ceil(perSecond / 10));
  let tokens = burst;
  let at = 0;
  return {
    take(now) {
      if (perSecond === 0) return true;
      tokens = Math.min(burst, tokens + ((now - at) * perSecond) / 1000);
      at = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
