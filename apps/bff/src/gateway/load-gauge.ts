import { performance } from 'node:perf_hooks';

/** Below this event-loop utilization the batching window is 0: every message goes out at once. */
export const IDLE_LOAD = 0.4;
/** At or above this utilization the window is the full `FLUSH_MS`. */
export const BUSY_LOAD = 0.8;
const SAMPLE_MS = 100;

/**
 * How busy the event loop is, 0..1: its utilization over the last ~100 ms, smoothed over a few
 * samples. Sampled lazily when read (no timer of its own).
 */
export function createLoadGauge(): () => number {
  let last = performance.eventLoopUtilization();
  let at = performance.now();
  let load = 0;
  return () => {
    const now = performance.now();
    if (now - at < SAMPLE_MS) return load;
    const current = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(current, last);
    last = current;
    at = now;
    load = 0.5 * load + 0.5 * delta.utilization;
    return load;
  };
}

/**
 * The batching window for a given load: 0 while the loop has time to spare, growing linearly to
 * `flushMs` as it gets busy. NOTE: a frame costs far more than a message in a frame, so when the
 * loop gets busy fewer, larger frames are what keeps it from saturating; when it is not, waiting
 * buys nothing and only adds latency.
 */
export function windowFor(load: number, flushMs: number): number {
  if (load <= IDLE_LOAD) return 0;
  if (load >= BUSY_LOAD) return flushMs;
  return (flushMs * (load - IDLE_LOAD)) / (BUSY_LOAD - IDLE_LOAD);
}
