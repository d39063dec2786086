/** Conflates updates per channel so each channel publishes at most once per `intervalMs`. */
export interface Throttle {
  /** Offers the latest value of a channel; published now or at the next due flush. */
  offer(channel: string, data: unknown, at: number): void;
  /** Drops a pending value (superseded, e.g. by a closed candle published directly). */
  drop(channel: string): void;
  /** Publishes every pending value whose channel is due at `at`. */
  flush(at: number): void;
  /** Records a direct publish so the throttle window counts it. */
  touch(channel: string, at: number): void;
  /** True while some channel has a value waiting for its window. */
  pending(): boolean;
}

interface Entry {
  pending: unknown;
  hasPending: boolean;
  lastAt: number;
}

/**
 * NOTE: leading edge + trailing edge. A quiet channel publishes at once; a busy one publishes
 * its latest value once per interval. Throttling happens here, at the source, never per client,
 * so every subscriber sees the same contiguous `seq`.
 */
export function createThrottle(intervalMs: number, publish: (channel: string, data: unknown) => void): Throttle {
  const entries = new Map<string, Entry>();
  const dirty = new Set<string>();
  const entry = (channel: string): Entry => {
    let e = entries.get(channel);
    if (e === undefined) {
      e = { pending: undefined, hasPending: false, lastAt: -Infinity };
      entries.set(channel, e);
    }
    return e;
  };
  /** Publishes `data` now: the channel's window starts at `at`, nothing stays pending. */
  const release = (channel: string, e: Entry, data: unknown, at: number): void => {
    e.lastAt = at;
    e.hasPending = false;
    e.pending = undefined;
    dirty.delete(channel);
    publish(channel, data);
  };
  return {
    offer(channel, data, at) {
      const e = entry(channel);
      if (at - e.lastAt >= intervalMs) {
        release(channel, e, data, at);
        return;
      }
      e.pending = data;
      e.hasPending = true;
      dirty.add(channel);
    },
    drop(channel) {
      const e = entries.get(channel);
      if (e === undefined) return;
      e.hasPending = false;
      e.pending = undefined;
      dirty.delete(channel);
    },
    touch(channel, at) {
      entry(channel).lastAt = at;
    },
    pending: () => dirty.size > 0,
    flush(at) {
      for (const channel of dirty) {
        const e = entries.get(channel);
        if (e === undefined || !e.hasPending) {
          dirty.delete(channel);
          continue;
        }
        if (at - e.lastAt < intervalMs) continue;
        release(channel, e, e.pending, at);
      }
    },
  };
}
