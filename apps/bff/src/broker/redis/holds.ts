import type { Channel } from '@candlewire/protocol';
import type { InterestListener } from '../types';

/** Ref-counted interest per channel: a listener or a hold, as `Broker.onInterest` reports it. */
export interface Holds {
  /** Holds interest in `channel` until the returned function is called (idempotent). */
  hold(channel: Channel): () => void;
  onInterest(listener: InterestListener): () => void;
}

/** Creates the interest bookkeeping of one broker. */
export function createHolds(): Holds {
  const interest = new Set<InterestListener>();
  const holds = new Map<Channel, number>();
  return {
    hold(channel) {
      const n = holds.get(channel) ?? 0;
      holds.set(channel, n + 1);
      if (n === 0) for (const listener of interest) listener(channel, true);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (holds.get(channel) ?? 1) - 1;
        if (left > 0) return void holds.set(channel, left);
        holds.delete(channel);
        for (const listener of interest) listener(channel, false);
      };
    },
    onInterest(listener) {
      interest.add(listener);
      return () => void interest.delete(listener);
    },
  };
}
