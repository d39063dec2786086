import type { Channel, LiveMessage, StaleMessage, SubscribedMessage } from '@candlewire/protocol';
import type { Logger } from 'pino';
import type { BrokerSignals } from '../broker/signals';
import type { Broker } from '../broker/types';
import type { Connection } from './connection';
import type { Fanout } from './fanout';

/** Options of the gateway's freshness notices. */
export interface FreshnessOptions {
  /** The broker as subscribers read it (snapshot hooks included). */
  broker: Broker;
  /** What the broker says besides updates; none (the memory broker): nothing to tell. */
  signals: BrokerSignals | undefined;
  connections: ReadonlySet<Connection>;
  fanout: Fanout;
  logger: Logger;
  now: () => number;
}

/** Tells subscribers when their data is stale, live again, or restarted under a new epoch. */
export interface Freshness {
  /** `c` joined `channel`'s fan-out: while the broker is stale it is told at once. */
  joined(c: Connection, channel: Channel): void;
  stop(): void;
}

/** The channels `c` has joined (not those still loading), in subscription order. */
function joinedChannels(c: Connection, fanout: Fanout): Channel[] {
  return [...c.channels].filter((channel) => fanout.subscribers(channel).has(c));
}

/**
 * The gateway side of the `stale` / `live` extension and of unsolicited `subscribed` after a new
 * epoch (docs/protocol-notes.md). NOTE: every notice goes through the connection's queue, so it
 * keeps its place among the updates: the catch-up a reconnect delivers precedes `live`, and a
 * reset's `subscribed` precedes the first update of the new epoch.
 */
export function createFreshness(options: FreshnessOptions): Freshness {
  const { broker, signals, connections, fanout, logger, now } = options;
  if (signals === undefined) return { joined: () => undefined, stop: () => undefined };
  const stale = (channels: Channel[]): string =>
    JSON.stringify({ type: 'stale', channels, reason: 'broker_unavailable', serverTime: now() } satisfies StaleMessage);
  const tellAll = (stale_: boolean): void => {
    let told = 0;
    for (const c of connections) {
      if (c.closed) continue;
      const channels = joinedChannels(c, fanout);
      if (channels.length === 0) continue;
      told++;
      fanout.enqueue(c, stale_ ? stale(channels) : JSON.stringify({ type: 'live', channels, serverTime: now() } satisfies LiveMessage));
    }
    if (stale_) logger.warn({ connections: told }, 'broker unreachable: subscribers told their data is stale');
    else logger.info({ connections: told }, 'broker back and caught up: subscribers told their data is live');
  };
  const reset = (channel: Channel): void => {
    const subscribers = fanout.subscribers(channel);
    if (subscribers.size === 0) return;
    const { epoch, seq } = broker.position(channel);
    // NOTE: unsolicited, so no `id`: the client's subscription is the channel, not a request.
    const reply: SubscribedMessage = { type: 'subscribed', channel, epoch, seq, recovered: false, snapshot: broker.snapshot(channel) };
    const text = JSON.stringify(reply);
    for (const c of subscribers) fanout.enqueue(c, text);
    logger.warn({ channel, epoch, subscribers: subscribers.size }, 'stream restarted under a new epoch: subscribers get a fresh snapshot');
  };
  const stops = [signals.onStale(tellAll), signals.onReset(reset)];
  return {
    joined(c, channel) {
      if (signals.isStale()) fanout.enqueue(c, stale([channel]));
    },
    stop() {
      for (const stop of stops) stop();
    },
  };
}
