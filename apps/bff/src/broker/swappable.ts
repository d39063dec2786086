import type { Channel } from '@candlewire/protocol';
import { forwardBroker } from './forward';
import type { Broker, InterestListener, StreamListener } from './types';

/** A broker whose streams can be thrown away and restarted under a new epoch. */
export interface SwappableBroker extends Broker {
  /** Replaces every stream with a fresh broker (new epoch, seq from 1); listeners carry over. */
  swap(): void;
}

interface Listening {
  channel: Channel;
  listener: StreamListener;
  detach: () => void;
}

/**
 * Delegates to a broker made by `make`; `swap` makes a new one. Stream listeners (the gateway's
 * fan-out) and interest listeners are re-attached to the new broker, so nothing outside notices
 * the swap except the new epoch.
 */
export function createSwappableBroker(make: () => Broker): SwappableBroker {
  let inner = make();
  const listening = new Set<Listening>();
  const interest = new Set<InterestListener>();
  const interestDetach = new Map<InterestListener, () => void>();
  const view = forwardBroker(() => inner, {
    listen(channel, listener) {
      const entry: Listening = { channel, listener, detach: inner.listen(channel, listener) };
      listening.add(entry);
      return () => {
        if (!listening.delete(entry)) return;
        entry.detach();
      };
    },
    onInterest(listener) {
      interest.add(listener);
      interestDetach.set(listener, inner.onInterest(listener));
      return () => {
        interest.delete(listener);
        interestDetach.get(listener)?.();
        interestDetach.delete(listener);
      };
    },
  });
  return {
    ...view,
    swap() {
      inner = make();
      for (const listener of interest) interestDetach.set(listener, inner.onInterest(listener));
      for (const entry of listening) entry.detach = inner.listen(entry.channel, entry.listener);
    },
  };
}
