/**
 * The UI beat: live data reaches the screen in steps of `BEAT_MS`, every consumer in the same
 * step (quotes, charts, compare lines, the tape, flash ends). Each step is one timer task, so the
 * DOM changes and the charts' repaints it causes land in the same frame.
 * NOTE: why. Messages arrive at random times; painting each as it came made every frame of the
 * desk a changed one (style, layout, paint, layer commit on the page, then a software composite
 * in the GPU process: a third of a core on its own), and the page's main thread was preempted
 * mid-frame on a 2-core machine. A beat of 33 ms is every other frame at 60 Hz; the server already
 * conflates each channel to 100 ms, so nothing a trader can see is lost. A timer, not an
 * animation frame: a chart invalidated inside a frame callback repaints only in the next frame.
 * While the page is hidden nothing is drawn, so callbacks run at once (a microtask): hidden tabs
 * throttle timers to one a minute, and price alerts must still fire on time.
 */

/** Milliseconds between two beats. */
export const BEAT_MS = 33;

/** Scheduler seams, so tests can drive the beat by hand. */
export interface BeatEnv {
  now(): number;
  setTimer(cb: () => void, ms: number): unknown;
  isHidden(): boolean;
  microtask(cb: () => void): void;
}

/** Runs callbacks at the next beat. */
export interface Beat {
  /** Runs `cb` once at the next beat; returns a handle for `cancel`. */
  next(cb: () => void): number;
  /** Forgets a callback not yet run. */
  cancel(handle: number): void;
  /** Runs `cb` at the first beat at least `ms` from now. */
  after(ms: number, cb: () => void): void;
}

/** A beat on `env`'s clock: beats fall on multiples of `periodMs`, so it runs at most once per period. */
export function createBeat(env: BeatEnv, periodMs = BEAT_MS): Beat {
  let queued = new Map<number, () => void>();
  let armed = false;
  let nextId = 1;

  const run = (): void => {
    armed = false;
    const batch = queued;
    queued = new Map();
    let failure: { error: unknown } | null = null;
    for (const cb of batch.values()) {
      try {
        cb();
      } catch (error) {
        failure ??= { error };
      }
    }
    // NOTE: one consumer's bug must not cost the others their step; it still surfaces.
    if (failure !== null) throw failure.error;
  };

  const arm = (): void => {
    if (armed) return;
    armed = true;
    if (env.isHidden()) {
      env.microtask(run);
      return;
    }
    const now = env.now();
    const at = (Math.floor(now / periodMs) + 1) * periodMs;
    env.setTimer(run, at - now);
  };

  return {
    next(cb) {
      const id = nextId++;
      queued.set(id, cb);
      arm();
      return id;
    },
    cancel(handle) {
      queued.delete(handle);
    },
    after(ms, cb) {
      if (ms <= 0) this.next(cb);
      else env.setTimer(() => this.next(cb), ms);
    },
  };
}

/** The page's beat (performance.now() clock, Page Visibility). */
export const beat: Beat = createBeat({
  now: () => performance.now(),
  setTimer: (cb, ms) => setTimeout(cb, ms),
  isHidden: () => typeof document !== 'undefined' && document.hidden,
  microtask: (cb) => queueMicrotask(cb),
});
