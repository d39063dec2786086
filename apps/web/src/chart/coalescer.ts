/**
 * Coalesces live candle states to one paint per UI beat (`lib/beat.ts`): only the latest state per
 * bucket time is kept, applied in time order. While the page is hidden nothing is queued: the
 * next visible frame repaints everything from the in-memory array instead.
 */
import type { Candle } from '@candlewire/protocol';
import { beat } from '../lib/beat';

/** Paints one frame: `full` = setData from the store, else `update()` each candle in order. */
export type FramePainter = (candles: Candle[], full: boolean) => void;

/** Scheduler seams, so tests can drive frames by hand. */
export interface FrameEnv {
  request: (cb: () => void) => number;
  cancel: (handle: number) => void;
  isHidden: () => boolean;
  onVisible: (cb: () => void) => () => void;
}

/** The page's UI beat + Page Visibility. */
export const browserFrameEnv: FrameEnv = {
  request: (cb) => beat.next(cb),
  cancel: (handle) => beat.cancel(handle),
  isHidden: () => document.hidden,
  onVisible: (cb) => {
    const listener = (): void => {
      if (!document.hidden) cb();
    };
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
};

/** A per-chart frame coalescer. */
export interface Coalescer {
  /** Queues the latest state of one bucket. */
  push(candle: Candle): void;
  /** Asks for a full repaint (setData) on the next frame. */
  requestFull(): void;
  /** Paints what is pending now (used on visibility return). */
  flushNow(): void;
  /** Drops what is pending (symbol/interval change). */
  reset(): void;
  dispose(): void;
}

/** Creates a coalescer calling `paint` at most once per beat. */
export function createCoalescer(paint: FramePainter, env: FrameEnv = browserFrameEnv): Coalescer {
  const pending = new Map<number, Candle>();
  let full = false;
  let handle: number | null = null;
  let disposed = false;

  const flush = (): void => {
    handle = null;
    if (disposed || (pending.size === 0 && !full)) return;
    const candles = full ? [] : [...pending.values()].sort((a, b) => a.time - b.time);
    const wasFull = full;
    pending.clear();
    full = false;
    paint(candles, wasFull);
  };

  const schedule = (): void => {
    // NOTE: nothing is queued in hidden tabs; on return, the visibility listener repaints in full.
    if (handle === null && !disposed && !env.isHidden()) handle = env.request(flush);
  };

  const stopVisible = env.onVisible(() => {
    full = true;
    pending.clear();
    if (handle !== null) env.cancel(handle);
    flush();
  });

  return {
    push(candle) {
      if (env.isHidden()) {
        pending.clear();
        full = true;
        return;
      }
      pending.set(candle.time, candle);
      schedule();
    },
    requestFull() {
      full = true;
      pending.clear();
      schedule();
    },
    flushNow() {
      if (handle !== null) env.cancel(handle);
      flush();
    },
    reset() {
      pending.clear();
      full = false;
      if (handle !== null) env.cancel(handle);
      handle = null;
    },
    dispose() {
      disposed = true;
      stopVisible();
      if (handle !== null) env.cancel(handle);
      handle = null;
    },
  };
}
