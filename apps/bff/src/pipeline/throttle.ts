import type { Channel, ChannelData, ChannelKind } from '@candlewire/protocol';

/** Publishes `data` on `channel` (the broker's `publish`). */
export type Publish = <K extends ChannelKind>(channel: Channel<K>, data: ChannelData[K]) => void;

/** Conflates updates per channel so each channel publishes at most once per `intervalMs`. */
export interface Throttle {
  /** Offers the latest value of a channel; published now or at the next due flush. */
  offer<K extends ChannelKind>(channel: Channel<K>, data: ChannelData[K], at: number): void;
  /** Drops a pending value (superseded, e.g. by a closed candle published directly). */
  drop(channel: Channel): void;
  /** Publishes every pending value whose channel is due at `at`. */
  flush(at: number): void;
  /** Records a direct publish so the throttle window counts it. */
  touch(channel: Channel, at: number): void;
  /** True while some channel has a value waiting for its window. */
  pending(): boolean;
}

interface Entry {
  /** Publishes the pending value (a closure keeps the value with its channel's type). */
  pending: (() => void) | undefined;
  hasPending: boolean;
  lastAt: number;
}

/**
 * NOTE: leading edge + trailing edge. A quiet channel publishes at once; a busy one publishes
 * its latest value once per interval. Throttling happens here, at the source, never per client,
 * so every subscriber sees the same contiguous `seq`.
 */
export function createThrottle(intervalMs: number, publish: Publish): Throttle {
  const entries = new Map<Channel, Entry>();
  const dirty = new Set<Channel>();
  const entry = (channel: Channel): Entry => {
    let e = entries.get(channel);
    if (e === undefined) {
      e = { pending: undefined, hasPending: false, lastAt: -Infinity };
      entries.set(channel, e);
    }
    return e;
  };
  /** Ends `channel`'s wait before a publish now: its window starts at `at`, nothing stays pending. */
  const release = (channel: Channel, e: Entry, at: number): void => {
    e.lastAt = at;
    e.hasPending = false;
    e.pending = undefined;
    dirty.delete(channel);
  };
  return {
    offer(channel, data, at) {
      const e = entry(channel);
      if (at - e.lastAt >= intervalMs) {
        release(channel, e, at);
        publish(channel, data);
        return;
      }
      e.pending = () => publish(channel, data);
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
        const send = e.pending;
        release(channel, e, at);
        send?.();
      }
    },
  };
}
