/**
 * The simulated market source.
 *
 * Model: each (symbol, UTC minute) is generated on its own from integer hashes of (seed,
 * symbol, minute). The fair price is a pure function of time: value noise in log-price over
 * 12 octaves (10 s … ~20 days, random-walk amplitudes from the profile's daily volatility)
 * plus sparse jumps. A minute's trade count is Poisson with a rate from the profile, the
 * session shape, bursts and jumps; its summary (OHLC, volume, count) costs a fixed number
 * of draws; its trades are then generated conditioned on the summary (Brownian bridge from
 * open to close, stretched onto high/low, sizes summing to the volume). History of 1m and up
 * aggregates summaries; 1s and the partial last minute aggregate trades.
 */
import { calendarFor, INSTRUMENTS, statusAt, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import type { MarketSource, SourceTrade } from '../types';
import { createHistoryBuilder } from './history';
import type { SimSessions } from './intensity';
import { createLiveFeed } from './live-feed';
import { createMinuteModel, type MinuteModel, type MinuteSummary } from './minute-model';
import { hashSeed } from './rng';

/** Options of `createSimSource`. */
export interface SimSourceOptions {
  /** Seed of the simulated market: same seed, same trades. */
  seed: number | string;
  /** Average trades per second per symbol, overriding the profiles (load tests). */
  tradesPerSec?: number;
  /** `always`: every market trades around the clock; `real`: only when its calendar is open. */
  sessions: SimSessions;
  /** Empty-bucket policy of `history` (the live pipeline's aggregators should use the same). */
  emptyBuckets: EmptyBucketPolicy;
  /** Delivery timer period, ms (default 10; the BFF config sets SIM_TICK_MS, default 5). */
  tickMs?: number;
  /** Deliver each trade at its own time, not on the next tick (the BFF does; default false). */
  onTime?: boolean;
  /** Instruments to simulate (default: INSTRUMENTS). */
  instruments?: readonly Instrument[];
  /** Clock, epoch ms (default Date.now). */
  now?: () => number;
}

/** The simulated market source, with direct access to its deterministic generator. */
export interface SimSource extends MarketSource {
  /** Summary (1-minute candle, trade count, first/last offsets) of UTC minute `minute` = epoch ms / 60000; null when empty. */
  minuteSummary(symbol: string, minute: number): MinuteSummary | null;
  /** The trades of UTC minute `minute`, time-ordered, realising its summary exactly (fresh objects). */
  minuteTrades(symbol: string, minute: number): SourceTrade[];
}

/**
 * Creates the deterministic simulated market: trades are a pure function of (seed, symbol,
 * time), so history is computed on demand and a restart changes nothing in the past.
 */
export function createSimSource(options: SimSourceOptions): SimSource {
  const instruments = options.instruments ?? INSTRUMENTS;
  const seedHash = hashSeed(options.seed);
  const models = new Map<string, MinuteModel>();
  for (const instrument of instruments) {
    models.set(
      instrument.symbol,
      createMinuteModel({ seedHash, instrument, sessions: options.sessions, tradesPerSec: options.tradesPerSec }),
    );
  }
  const modelOf = (symbol: string): MinuteModel => {
    const model = models.get(symbol);
    if (model === undefined) throw new Error(`sim source: unknown symbol ${symbol}`);
    return model;
  };
  const feed = createLiveFeed({ models: [...models.values()], tickMs: options.tickMs ?? 10, onTime: options.onTime ?? false, now: options.now ?? Date.now });
  const builder = createHistoryBuilder({
    sessions: options.sessions,
    emptyBuckets: options.emptyBuckets,
  });

  return {
    id: 'sim',
    instruments: () => instruments,
    start: (sink, fromMs) => feed.start(sink, fromMs),
    stop: () => feed.stop(),
    health: () => ({ state: feed.running() ? 'live' : 'down', lastMessageAt: feed.lastMessageAt() }),
    isTrading(symbol, ms) {
      const model = models.get(symbol);
      if (model === undefined) return false;
      if (options.sessions === 'always') return true;
      return statusAt(calendarFor(model.instrument.market), ms) !== 'closed';
    },
    alwaysTrading(symbol) {
      const model = models.get(symbol);
      if (model === undefined) return false;
      return options.sessions === 'always' || calendarFor(model.instrument.market).alwaysOpen;
    },
    simulated: (symbol) => models.has(symbol),
    async history(symbol, interval, fromSec, untilMs) {
      return await builder.history(modelOf(symbol), interval, fromSec, untilMs);
    },
    minuteSummary: (symbol, minute) => modelOf(symbol).summary(minute),
    minuteTrades: (symbol, minute) => modelOf(symbol).trades(minute),
  };
}
