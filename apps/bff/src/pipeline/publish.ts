import { INTERVALS, type Interval } from '@candlewire/protocol';
import type { Broker } from '../broker/types';

/** The `quote:` channel of `symbol`. */
export const quoteChannel = (symbol: string): string => `quote:${symbol}`;
/** The `trades:` channel of `symbol`. */
export const tradesChannel = (symbol: string): string => `trades:${symbol}`;
/** The `candles:` channel of `symbol` at `interval`. */
export const candlesChannel = (symbol: string, interval: Interval): string => `candles:${symbol}:${interval}`;
/** Every channel the pipeline feeds for `symbol`. */
export const symbolChannels = (symbol: string): string[] => [quoteChannel(symbol), tradesChannel(symbol), ...INTERVALS.map((i) => candlesChannel(symbol, i))];

/** Stage 4 of the pipeline: what the throttle lets out goes onto the broker's channels. */
export interface PublishStage {
  /** Publishes `data` on `channel` now (the broker gives it the next seq). */
  send(channel: string, data: unknown): void;
  /** Forgets the snapshots of `channels`: nobody feeds them any more, the next subscriber reseeds. */
  forget(channels: readonly string[]): void;
}

/** Creates the publish stage over `broker`. */
export function createPublishStage(broker: Broker): PublishStage {
  return {
    send: (channel, data) => broker.publish(channel, data),
    forget(channels) {
      for (const channel of channels) broker.forget(channel);
    },
  };
}
