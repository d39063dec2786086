import type { Broker } from './types';

/**
 * A broker that forwards every call to `target()` (read at each call, so the target may be
 * replaced), except those given in `overrides`. The one way to put a view in front of a broker.
 */
export function forwardBroker(target: () => Broker, overrides: Partial<Broker> = {}): Broker {
  return {
    publish: (channel, data) => target().publish(channel, data),
    listen: (channel, listener) => target().listen(channel, listener),
    prepare: (channel) => target().prepare(channel),
    position: (channel) => target().position(channel),
    snapshot: (channel) => target().snapshot(channel),
    since: (channel, from) => target().since(channel, from),
    forget: (channel) => target().forget(channel),
    channelCount: () => target().channelCount(),
    onInterest: (listener) => target().onInterest(listener),
    ...overrides,
  };
}
