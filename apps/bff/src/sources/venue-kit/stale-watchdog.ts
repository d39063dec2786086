/** Options of a stale watchdog. */
export interface StaleWatchdogOptions {
  /** A key that hears nothing for this long is stale, ms. */
  windowMs: number;
  /** Called once when a key turns stale. */
  onStale: (key: string) => void;
  /** Called once when a stale key hears again. */
  onLive: (key: string) => void;
  /** How often keys are checked, ms (default windowMs / 4, at least 10). */
  checkMs?: number;
  /** Clock, ms (default Date.now). */
  now?: () => number;
}

/** Per-key last-heard times with stale/live callbacks. */
export interface StaleWatchdog {
  /** Starts watching `key` (counts as heard now); idempotent. */
  watch(key: string): void;
  /** Stops watching `key` (no callback). */
  unwatch(key: string): void;
  /** `key` heard a message now; calls onLive when it was stale. Unwatched keys are ignored. */
  heard(key: string): void;
  /** True when `key` is watched and stale. */
  isStale(key: string): boolean;
  /** Last heard time of `key`, or undefined. */
  lastHeard(key: string): number | undefined;
  /** Stops the timer; idempotent. */
  stop(): void;
}

/** Creates a timer-based stale watchdog (one interval for all keys; fake-timer testable). */
export function createStaleWatchdog(options: StaleWatchdogOptions): StaleWatchdog {
  const now = options.now ?? Date.now;
  const keys = new Map<string, { at: number; stale: boolean }>();
  const checkMs = options.checkMs ?? Math.max(10, Math.floor(options.windowMs / 4));
  let timer: ReturnType<typeof setInterval> | null = null;

  const check = (): void => {
    const t = now();
    for (const [key, entry] of keys) {
      if (!entry.stale && t - entry.at >= options.windowMs) {
        entry.stale = true;
        options.onStale(key);
      }
    }
  };
  const ensureTimer = (): void => {
    if (timer !== null || keys.size === 0) return;
    timer = setInterval(check, checkMs);
    timer.unref?.();
  };
  const stopTimer = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };

  return {
    watch(key) {
      if (keys.has(key)) return;
      keys.set(key, { at: now(), stale: false });
      ensureTimer();
    },
    unwatch(key) {
      keys.delete(key);
      if (keys.size === 0) stopTimer();
    },
    heard(key) {
      const entry = keys.get(key);
      if (entry === undefined) return;
      entry.at = now();
      if (entry.stale) {
        entry.stale = false;
        options.onLive(key);
      }
    },
    isStale: (key) => keys.get(key)?.stale ?? false,
    lastHeard: (key) => keys.get(key)?.at,
    stop() {
      stopTimer();
      keys.clear();
    },
  };
}
