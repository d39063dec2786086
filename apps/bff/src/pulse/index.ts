/**
 * Market pulse: the `markets` channel (statuses, movers, connections) and the `alerts` channel
 * (anomaly detectors over the live trades). Both run only while their channel has listeners.
 */
import { channel as channels, INTERVAL_SECONDS, type Channel, type Interval } from '@candlewire/protocol';
import type { Logger } from 'pino';
import { forwardBroker } from '../broker/forward';
import type { Broker } from '../broker/types';
import type { Pipeline } from '../pipeline';
import type { MarketSource } from '../sources/types';
import { createDetectors, type Detectors } from './detectors';
import { createMarketsProducer } from './markets';
import type { ThresholdTable, Thresholds } from './thresholds';

/** Channel names of the pulse. */
export const PULSE_CHANNELS = { markets: channels.markets(), alerts: channels.alerts() } as const;

/** `markets` is published at most this often. */
export const MARKETS_PERIOD_MS = 1000;

/** What the pulse needs. */
export interface PulseOptions {
  broker: Broker;
  pipeline: Pipeline;
  source: MarketSource;
  /** Connected clients (the gateway's count). */
  connections: () => number;
  thresholds: ThresholdTable;
  logger: Logger;
  /**
   * Holds a symbol's upstream interest (the BFF's `interest.retain`): while `markets` or `alerts`
   * is listened to, every instrument is held, so movers and detectors see the whole market even
   * from on-demand venues. Absent: nothing is held.
   */
  retain?: (symbol: string, owner: string) => () => void;
  now?: () => number;
}

/** The running pulse. */
export interface Pulse {
  /**
   * Called before a subscriber reads `channel`'s snapshot: when `markets` has no producer running,
   * publishes its current value first, so a first subscriber never sees a stale snapshot.
   */
  beforeSnapshot(channel: Channel): void;
  stop(): void;
}

/** Starts the pulse: producers attach on their channel's first listener and detach after its last. */
export function createPulse(options: PulseOptions): Pulse {
  const { broker, pipeline, logger } = options;
  const now = options.now ?? Date.now;
  const markets = createMarketsProducer(
    { source: options.source, quotes: () => pipeline.quotes(), connections: options.connections },
    (data) => broker.publish(PULSE_CHANNELS.markets, data),
  );
  let marketsTimer: NodeJS.Timeout | null = null;
  let lastTickAt = -Infinity;
  const tickMarkets = (): void => {
    lastTickAt = now();
    markets.tick(lastTickAt);
  };

  const thresholdsFor = (symbol: string): Thresholds | undefined => {
    const market = pipeline.instrument(symbol)?.market;
    return market === undefined ? undefined : options.thresholds[market];
  };
  // NOTE: `generation` invalidates a warm-up still loading when interest was lost meanwhile.
  let generation = 0;
  let untap: (() => void) | null = null;

  const warmUp = async (detectors: Detectors, at: number): Promise<void> => {
    for (const instrument of pipeline.instruments()) {
      const t = thresholdsFor(instrument.symbol);
      if (t === undefined) continue;
      const interval: Interval = t.volumeWindowSec % 60 === 0 ? '1m' : '1s';
      const step = INTERVAL_SECONDS[interval];
      const current = Math.floor(at / 1000 / step) * step;
      const limit = Math.min(1000, Math.ceil(((t.volumeAvgWindows + 1) * t.volumeWindowSec) / step));
      // NOTE: closed buckets only: live trades bring the current one (what arrived before the tap
      // in this bucket is not counted, a fraction of one window).
      const candles = await pipeline.candles(instrument.symbol, interval, current, limit);
      for (const c of candles) detectors.warmVolume(instrument.symbol, c.time * 1000, c.volume);
    }
  };

  const startAlerts = async (): Promise<void> => {
    const mine = ++generation;
    const detectors = createDetectors(thresholdsFor);
    const startedAt = now();
    try {
      await warmUp(detectors, startedAt);
    } catch (err) {
      logger.warn({ err }, 'alerts: warm-up from history failed; averages start empty');
    }
    if (mine !== generation) return;
    untap = pipeline.tap({
      trades(batch) {
        for (const trade of batch) {
          for (const alert of detectors.add(trade)) broker.publish(PULSE_CHANNELS.alerts, alert);
        }
      },
    });
    logger.debug({ ms: now() - startedAt }, 'alerts: detectors attached');
  };

  const stopAlerts = (): void => {
    generation++;
    untap?.();
    untap = null;
  };

  const holds = new Map<string, (() => void)[]>();
  const hold = (channel: Channel, interested: boolean): void => {
    const retain = options.retain;
    if (retain === undefined) return;
    for (const release of holds.get(channel) ?? []) release();
    holds.delete(channel);
    if (interested)
      holds.set(
        channel,
        pipeline.instruments().map((i) => retain(i.symbol, `pulse:${channel}`)),
      );
  };

  const onInterest = (channel: Channel, interested: boolean): void => {
    if (channel === PULSE_CHANNELS.markets || channel === PULSE_CHANNELS.alerts) hold(channel, interested);
    if (channel === PULSE_CHANNELS.markets) {
      if (interested && marketsTimer === null) {
        marketsTimer = setInterval(tickMarkets, MARKETS_PERIOD_MS);
        marketsTimer.unref();
      } else if (!interested && marketsTimer !== null) {
        clearInterval(marketsTimer);
        marketsTimer = null;
      }
    } else if (channel === PULSE_CHANNELS.alerts) {
      // NOTE: a broker swap (replay rewind) may say `true` twice: the second start replaces the first.
      stopAlerts();
      if (interested) void startAlerts();
    }
  };
  const detachInterest = broker.onInterest(onInterest);

  return {
    beforeSnapshot(channel) {
      // NOTE: with a producer running the value is at most a second old; without one it may be
      // from the last subscriber, long ago. At most one refresh a second either way.
      if (channel !== PULSE_CHANNELS.markets || marketsTimer !== null || now() - lastTickAt < MARKETS_PERIOD_MS) return;
      tickMarkets();
    },
    stop() {
      detachInterest();
      if (marketsTimer !== null) clearInterval(marketsTimer);
      marketsTimer = null;
      stopAlerts();
      hold(PULSE_CHANNELS.markets, false);
      hold(PULSE_CHANNELS.alerts, false);
    },
  };
}

/** `broker` with `beforeSnapshot(channel)` called first in every `prepare` (the gateway's view of it). */
export function withSnapshotHook(broker: Broker, beforeSnapshot: (channel: Channel) => void): Broker {
  return forwardBroker(() => broker, {
    prepare(channel) {
      beforeSnapshot(channel);
      return broker.prepare(channel);
    },
  });
}
