/** Options of `createWatermark`. */
export interface WatermarkOptions {
  /** The watermark trails the clock by this much, ms (venue latency allowance). */
  lagMs: number;
  /** How often it is emitted, ms (default 250). */
  everyMs?: number;
  /** Clock, ms (default Date.now). */
  now?: () => number;
}

/** A wall-clock watermark for a live venue: `now − lag`, emitted on a timer, never going back. */
export interface VenueWatermark {
  /** Starts emitting to `emit`; idempotent. */
  start(emit: (ms: number) => void): void;
  stop(): void;
  /**
   * A trade time no earlier than the last emitted watermark.
   * NOTE: a trade behind the watermark would be dropped as late by the aggregators; delayed
   * venue feeds are stamped at the watermark instead.
   */
  stamp(time: number): number;
}

/** Creates a venue watermark (fake-timer testable). */
export function createWatermark(options: WatermarkOptions): VenueWatermark {
  const now = options.now ?? Date.now;
  let mark = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    start(emit) {
      if (timer !== null) return;
      timer = setInterval(() => {
        mark = Math.max(mark, now() - options.lagMs);
        emit(mark);
      }, options.everyMs ?? 250);
      timer.unref?.();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
    stamp: (time) => Math.max(time, mark),
  };
}
