import { channel, INTERVALS, type Channel, type ChannelData, type ChannelKind, type Interval } from '@candlewire/protocol';
import type { Broker } from '../broker/types';

/** The `quote:` channel of `symbol`. */
export const quoteChannel = (symbol: string): Channel<'quote'> => channel.quote(symbol);
/** The `trades:` channel of `symbol`. */
export const tradesChannel = (symbol: string): Channel<'trades'> => channel.trades(symbol);
/** The `candles:` channel of `symbol` at `interval`. */
export const candlesChannel = (symbol: string, interval: Interval): Channel<'candles'> => channel.candles(symbol, interval);
/** Every channel the pipeline feeds for `symbol`. */
export const symbolChannels = (symbol: string): Channel[] => [
  quoteChannel(symbol),
  tradesChannel(symbol),
  ...INTERVALS.map((i) => candlesChannel(symbol, i)),
];

/** Stage 4 of the pipeline: what the throttle lets out goes onto the broker's channels. */
export interface PublishStage {
  /** Publishes `data` on `channel` now (the broker gives it the next seq). */
  send<K extends ChannelKind>(channel: Channel<K>, data: ChannelData[K]): void;
  /** Forgets the snapshots of `channels`: nobody feeds them any more, the next subscriber reseeds. */
  forget(channels: readonly Channel[]): void;
}

/** Creates the publish stage over `broker`. */
export function createPublishStage(broker: Broker): PublishStage {
  return {
    send: (name, data) => broker.publish(name, data),
    forget(channels) {
      for (const name of channels) broker.forget(name);
    },
  };
}
